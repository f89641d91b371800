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
    /// ROIs surveyed with it) and its coarse choice (`coarse`; variant ROIs are sampled fine).
    static func verdicts(survey: StructureSurvey, coarse: [[Bool]], courses: [Course], assignments: [ROIAssignment],
                         variants: [CheckPipeline.AlphaBetaVariant], metrics: [DoseMetric], mapping: StructureMapping,
                         judge: ([Organ: OrganDoses]) -> [Verdict]) throws -> [Verdict] {
        var coarse = coarse
        for n in Set(variants.map(\.roi)) { coarse[n] = [Bool](repeating: false, count: coarse[n].count) }
        let samplings = survey.samplings(coarse: coarse)
        let results = try CompositeEvaluator.evaluate(courses: courses, assignments: assignments, samplings: samplings, metrics: metrics)
        let variantResults = try CompositeEvaluator.evaluate(courses: courses, assignments: variants.map(\.assignment),
                                                             samplings: variants.map { samplings[$0.roi] }, metrics: metrics)
        var doses: [Organ: OrganDoses] = [:]
        for (n, r) in results.enumerated() {
            guard let organ = mapping.organ(forROI: r.name) else { continue }
            var d = CheckPipeline.organDosesOf(r)
            for (v, variant) in zip(variants, variantResults) where v.roi == n {
                d.alternatives[variant.assignment.alphaBeta == .physicalDose ? OrganDoses.physicalKey : variant.assignment.alphaBeta.gray] = CheckPipeline.organDosesOf(variant)
            }
            doses[organ] = d
        }
        return judge(doses)
    }

    /// The band of one verdict: its nominal value and the one under the other convention (nil when
    /// either has none, or for rows of no limit).
    static func band(nominal: Verdict, other: Verdict, name: String) -> VerdictUncertainty.Band? {
        guard !nominal.constraint.informational else { return nil }
        return RegistrationBands.band(nominal: nominal, scenarios: [(name, other.value)])
    }
}
