import CompositeDose
import Constraints
import DoseMetrics
import Masks
import Radiobiology
import RTCore

/// The contour-convention band: every ROI sampled again with the other end-cap rule (`half` ↔
/// `none`: the solid extended half the contour spacing beyond its first and last planes, or not), the
/// composite evaluated on the nominal registration, and the rows judged again on it. A verdict's band
/// is then its value under both conventions; the worst one is named "end caps none" or "end caps half".
enum ContourBand {
    /// The other end-cap rule than `rule`, and its name in reports.
    static func other(_ rule: EndCapRule) -> (rule: EndCapRule, name: String) {
        rule == .none ? (.halfSpacing, "end caps half") : (.none, "end caps none")
    }

    /// The verdicts under the other convention (parallel to the nominal ones), from `survey` (the
    /// ROIs surveyed with it) and its coarse choice (`coarse`; variant ROIs are sampled fine). Each
    /// organ's primary ROI (and its α/β variants) gets the values of the verdict composite and of
    /// course 2 on the other sampling, its other fields those of `nominal`; one ROI at a time (its
    /// samples and point doses in parallel chunks), so only one ROI's samples and point doses are held at once, and only the
    /// two dose sets rows judge are measured (`Dmax`/`Dmin` also at the surface corners, as nominal).
    static func verdicts(survey: StructureSurvey, coarse: [[Bool]], courses: [Course], assignments: [ROIAssignment],
                         variants: [CheckPipeline.AlphaBetaVariant], metrics: [DoseMetric], mapping: StructureMapping,
                         nominal: [Organ: OrganDoses], judge: ([Organ: OrganDoses]) -> [Verdict]) throws -> [Verdict] {
        var coarse = coarse
        for n in Set(variants.map(\.roi)) { coarse[n] = [Bool](repeating: false, count: coarse[n].count) }
        var doses = nominal
        for (n, a) in assignments.enumerated() {
            guard let organ = mapping.organ(forROI: a.roi.name), var d = doses[organ] else { continue }
            // one ROI's samples at a time
            let sampling = survey.samplings(coarse: coarse, only: [n])[n]
            let own = try values(sampling, courses: courses, assignment: a, metrics: metrics)
            d.cumulative = own.cumulative
            d.secondCourse = own.secondCourse
            for v in variants where v.roi == n {
                let key = v.assignment.alphaBeta == .physicalDose ? OrganDoses.physicalKey : v.assignment.alphaBeta.gray
                guard var alt = d.alternatives[key] else { continue }
                let other = try values(sampling, courses: courses, assignment: v.assignment, metrics: metrics)
                alt.cumulative = other.cumulative
                alt.secondCourse = other.secondCourse
                d.alternatives[key] = alt
            }
            doses[organ] = d
        }
        return judge(doses)
    }

    /// The metrics of the verdict composite (discounted with recovery) and of course 2 alone on one
    /// sampling, as `CompositeEvaluator.evaluate` gives them.
    static func values(_ s: StructureSampling, courses: [Course], assignment a: ROIAssignment,
                       metrics: [DoseMetric]) throws -> (cumulative: [DoseMetric: MetricValue], secondCourse: [DoseMetric: MetricValue]) {
        guard !s.points.isEmpty else {
            // an empty sampling: the metrics say why, as the nominal evaluation's do
            let empty = try StructureMetrics(sampling: s, doses: [], metrics: metrics)
            return (empty.values, empty.values)
        }
        let p = try PointDoses(courses: courses, points: s.points, alphaBeta: a.alphaBeta, recovery: a.recovery, keepPhysical: false)
        let corners = try PointDoses(courses: courses, points: s.surfacePoints, alphaBeta: a.alphaBeta, recovery: a.recovery,
                                     parallel: false, keepPhysical: false)
        let verdict = a.recovery.discounts ? (p.compositeDiscounted, corners.compositeDiscounted) : (p.composite, corners.composite)
        let last = courses.count - 1
        // the two DVHs at once (one per core)
        let (cumulative, second) = Concurrently.run({ try StructureMetrics(sampling: s, doses: verdict.0, metrics: metrics).includingSurfaceExtremes(verdict.1) },
                                                    { try StructureMetrics(sampling: s, doses: p.eqd2[last], metrics: metrics).includingSurfaceExtremes(corners.eqd2[last]) })
        return (try cumulative.get().values, try second.get().values)
    }

    /// The band of one verdict: its nominal value and the one under the other convention (nil when
    /// either has none, or for rows of no limit).
    static func band(nominal: Verdict, other: Verdict, name: String) -> VerdictUncertainty.Band? {
        guard !nominal.constraint.informational else { return nil }
        return RegistrationBands.band(nominal: nominal, scenarios: [(name, other.value)])
    }
}
