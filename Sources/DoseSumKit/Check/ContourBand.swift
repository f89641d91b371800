import CompositeDose
import Constraints
import DoseMetrics
import Grids
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

    /// Where the other convention's samples come from. `half` reaches beyond `none` (half a spacing
    /// past the end planes), so when the nominal rule is `none` every ROI is surveyed with `half` up
    /// front (`survey`) and the dose is read around both; when it is `half`, `none`'s solid lies inside
    /// the nominal one, and so inside the box whose dose was read (`readBox`), and each ROI is surveyed
    /// inside the band, one at a time, then let go (`sampling(of:)`).
    struct Other: Sendable {
        var cap: (rule: EndCapRule, name: String)
        var options: SamplingOptions
        /// Every ROI surveyed with the other rule (nil: one ROI at a time).
        var survey: StructureSurvey?
        var budget: MemoryBudget
        var structuresPath: String?
        /// The box (LPS mm) around the nominal voxels, whose dose was read.
        var readBox: (lo: SIMD3<Double>, hi: SIMD3<Double>)?
    }

    /// The other convention's samplings of the ROIs, coarse where `metrics` allow it except for the
    /// ROIs in `fine` (rows with their own α/β), one ROI at a time.
    struct Samplings: Sendable {
        let other: Other
        let courses: [Course], assignments: [ROIAssignment], metrics: [DoseMetric], fine: Set<Int>
        /// The coarse choice over the survey made up front (nil: surveyed one ROI at a time).
        private let coarse: [[Bool]]?

        init(_ other: Other, courses: [Course], assignments: [ROIAssignment], metrics: [DoseMetric], fine: Set<Int>) {
            self.other = other; self.courses = courses; self.assignments = assignments; self.metrics = metrics; self.fine = fine
            coarse = other.survey.map { SamplingRefinement.coarseVoxels(survey: $0, courses: courses, assignments: assignments, metrics: metrics) }
        }

        /// ROI n's samples under the other rule.
        func sampling(of n: Int) throws -> StructureSampling {
            let (survey, at, choice) = try surveyed(n)
            var coarse = choice
            if fine.contains(n) { coarse[at] = [Bool](repeating: false, count: coarse[at].count) }
            return survey.samplings(coarse: coarse, only: [at])[at]
        }

        /// The survey holding ROI n under the other rule, its index there, and that survey's coarse choice.
        private func surveyed(_ n: Int) throws -> (survey: StructureSurvey, index: Int, coarse: [[Bool]]) {
            if let survey = other.survey, let coarse { return (survey, n, coarse) }
            let a = assignments[n]
            let survey = try CompositeEvaluator.survey([a], options: other.options, budget: other.budget, structuresPath: other.structuresPath)
            if let read = other.readBox, let box = OpenedCase.box(aroundVoxelsOf: survey.voxels) {
                let slack = 1e-6 * (1 + (read.hi - read.lo).max())
                guard all(box.lo .>= read.lo - slack), all(box.hi .<= read.hi + slack) else {
                    throw DoseSumError(.internalError, "ROI '\(a.roi.name)' with \(other.cap.name) reaches beyond its nominal solid, outside the dose read")
                }
            }
            return (survey, 0, SamplingRefinement.coarseVoxels(survey: survey, courses: courses, assignments: [a], metrics: metrics))
        }
    }

    /// The verdicts under the other convention (parallel to the nominal ones), from `samplings` (the
    /// ROIs sampled with it, with their courses, assignments and metrics): each ROI's doses under it
    /// (`otherDoses`), one ROI at a time, then the rows judged on them.
    static func verdicts(samplings: Samplings, variants: [CheckPipeline.AlphaBetaVariant], metricsOf: [Organ: [DoseMetric]] = [:],
                         mapping: StructureMapping, nominal: [Organ: OrganDoses], nominalResults: [ROIDoseResult]? = nil,
                         judge: ([Organ: OrganDoses]) -> [Verdict]) throws -> [Verdict] {
        var doses = nominal
        for n in samplings.assignments.indices {
            guard let (organ, d) = try otherDoses(of: n, samplings: samplings, variants: variants, metricsOf: metricsOf, mapping: mapping,
                                                  nominal: nominal, nominalResults: nominalResults) else { continue }
            doses[organ] = d
        }
        return judge(doses)
    }

    /// ROI n's organ doses under the other convention, when it is an organ's primary ROI: the values
    /// of the verdict composite and of course 2 (and of its α/β variants) on the other sampling, its
    /// other fields those of `nominal`. Only the two dose sets rows judge are measured (`Dmax`/`Dmin`
    /// also at the surface corners, as nominal), on the metrics of the ROI's organ (`metricsOf`, else
    /// the samplings' metrics); its samples and point doses are let go after. With `nominalResults`
    /// (the nominal evaluation of each ROI), an ROI whose end caps cannot reach the values its rows
    /// judge keeps its nominal values without being sampled again (`capsBelowLevels`).
    static func otherDoses(of n: Int, samplings: Samplings, variants: [CheckPipeline.AlphaBetaVariant], metricsOf: [Organ: [DoseMetric]],
                           mapping: StructureMapping, nominal: [Organ: OrganDoses],
                           nominalResults: [ROIDoseResult]?) throws -> (organ: Organ, doses: OrganDoses)? {
        let courses = samplings.courses, a = samplings.assignments[n], metrics = samplings.metrics
        guard let organ = mapping.organ(forROI: a.roi.name), var d = nominal[organ] else { return nil }
        let asked = metricsOf[organ] ?? metrics
        if let r = nominalResults, n < r.count, !variants.contains(where: { $0.roi == n }),
           capsBelowLevels(a, rule: samplings.other.options, nominal: r[n], courses: courses, metrics: asked, readBox: samplings.other.readBox) {
            return (organ, d)
        }
        let sampling = try samplings.sampling(of: n)
        let own = try values(sampling, courses: courses, assignment: a, metrics: asked)
        d.cumulative = own.cumulative
        d.secondCourse = own.secondCourse
        for v in variants where v.roi == n {
            let key = v.assignment.alphaBeta == .physicalDose ? OrganDoses.physicalKey : v.assignment.alphaBeta.gray
            guard var alt = d.alternatives[key] else { continue }
            let other = try values(sampling, courses: courses, assignment: v.assignment, metrics: asked)
            alt.cumulative = other.cumulative
            alt.secondCourse = other.secondCourse
            d.alternatives[key] = alt
        }
        return (organ, d)
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
        // only the voxels that can reach the hot-side metrics asked (all when another metric is asked)
        let kept = hotVoxelPoints(s, courses: courses, assignment: a, metrics: metrics)
        let points = kept.map { $0.points.map { s.points[$0] } } ?? s.points
        let p = try PointDoses(courses: courses, points: points, alphaBeta: a.alphaBeta, recovery: a.recovery, keepPhysical: false)
        // the samples left out carried as one at 0 Gy with their volume (their values are below both levels)
        @Sendable func samples(_ doses: [Float]) throws -> DoseVolumeSamples {
            guard let kept else { return try DoseVolumeSamples(sampling: s, doses: doses) }
            var volumes = kept.points.map { s.weights[$0] }, d = doses
            if kept.restMM3 > 0 { d.append(0); volumes.append(Float(kept.restMM3)) }
            return try DoseVolumeSamples(doses: d, volumes: volumes, subject: s.roiName)
        }
        let corners = try PointDoses(courses: courses, points: s.surfacePoints, alphaBeta: a.alphaBeta, recovery: a.recovery,
                                     parallel: false, keepPhysical: false)
        let verdict = a.recovery.discounts ? (p.compositeDiscounted, corners.compositeDiscounted) : (p.composite, corners.composite)
        let last = courses.count - 1
        // the two DVHs at once (one per core)
        let (cumulative, second) = Concurrently.run({ StructureMetrics(sampling: s, samples: try samples(verdict.0), metrics: metrics).includingSurfaceExtremes(verdict.1) },
                                                    { StructureMetrics(sampling: s, samples: try samples(p.eqd2[last]), metrics: metrics).includingSurfaceExtremes(corners.eqd2[last]) })
        return (try cumulative.get().values, try second.get().values)
    }

    /// The samples that can reach the hot-side metrics of both dose sets (the verdict composite and
    /// course 2 alone), and the volume (mm³) of the others; nil when some metric is not hot-side (see
    /// `ScenarioEvaluator.hotVolume`) or the samples do not follow the voxels. Per voxel, each course's
    /// dose nodes around the voxel's box bound every sample in it (trilinear values are convex
    /// combinations of their nodes); each set's level L is a dose its exact values at the samples of
    /// the voxels of highest upper bound (holding 4·(v + w)) hold v + w at or above (v the largest
    /// volume asked, w the largest sample's; no level when they hold less above 0 Gy, and every voxel is
    /// then kept); a voxel whose upper bound is below both levels holds
    /// no sample at or above either, so carrying its samples at 0 Gy leaves the metrics unchanged.
    static func hotVoxelPoints(_ s: StructureSampling, courses: [Course], assignment a: ROIAssignment,
                               metrics: [DoseMetric]) -> (points: [Int], restMM3: Double)? {
        guard let v = ScenarioEvaluator.hotVolume(metrics, totalMM3: s.volumeMM3), let first = DoseGridBand.firstPoints(s) else { return nil }
        let g = s.geometry, count = s.voxelIndices.count, m = courses.count
        let holding = v + Double(s.weights.max() ?? 0)
        let box = g.voxelHalfExtentLPS + 1e-4
        let fields = courses.map(\.field)
        let extents = fields.map { DoseGridBand.indexHalfExtent($0, box: box) }
        let lqs = courses.map { $0.conversion(a.alphaBeta) }
        let w = RecoveryWeighting.weights(courses: m, recovery: a.recovery)
        // per voxel, the upper bound of each set: composite (weighted) and course 2
        var upper = [SIMD2<Double>](repeating: .zero, count: count)
        for u in 0..<count {
            let centre = g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: s.voxelIndices[u])))
            guard let b = upperBounds(around: centre, halfExtents: extents, fields: fields, conversions: lqs, weights: w) else { return nil }
            upper[u] = b
        }
        // each set's level from the exact values of its most promising voxels
        var levels = SIMD2<Double>(repeating: -.infinity)
        for set in 0..<2 {
            let order = (0..<count).sorted { upper[$0][set] > upper[$1][set] }
            var probe: [Int] = [], held = 0.0
            for u in order where held < 4 * holding {
                for q in first[u]..<first[u + 1] { probe.append(q); held += Double(s.weights[q]) }
            }
            guard let exact = try? PointDoses(courses: courses, points: probe.map { s.points[$0] }, alphaBeta: a.alphaBeta,
                                              recovery: a.recovery, parallel: false, keepPhysical: false) else { return nil }
            let values = set == 0 ? (a.recovery.discounts ? exact.compositeDiscounted : exact.composite) : exact.eqd2[m - 1]
            // no level (the probes hold less than v + w above 0 Gy): that set needs every voxel
            if let l = HoldingLevel.level(values, weights: probe.map { s.weights[$0] }, holding: holding) { levels[set] = l - 1e-6 * (1 + abs(l)) }
        }
        var points: [Int] = [], rest = 0.0
        for u in 0..<count {
            let range = first[u]..<first[u + 1]
            if upper[u][0] >= levels[0] || upper[u][1] >= levels[1] { points.append(contentsOf: range) }
            else { for q in range { rest += Double(s.weights[q]) } }
        }
        return (points, rest)
    }

    /// True when ROI `a`'s values of `metrics` under the other end-cap rule are its nominal ones, so it
    /// need not be sampled again. Rule (slab surface model, boundary voxels split alike under both
    /// rules, see `EndCapDifference`): every metric is `Dmax` or a dose at an absolute volume (not
    /// relative: the volume changes); the two rules' solids differ only inside `EndCapDifference`'s
    /// boxes, widened by a sampling voxel's diagonal and the full-voxel margin (the voxels whose
    /// sampling can differ, and the end faces' surface corners, lie inside); for both dose sets (the
    /// verdict composite and course 2), the upper bound of its dose over every box (each course's
    /// nodes around the box, `DoseGridBand.nodeBounds`, to EQD2, weighted as the composite) is below
    /// the level L that the nominal samples hold v + w at or above (v the largest volume asked, w the
    /// largest sample's). Then every sample at or above L, under either rule, lies outside the boxes,
    /// where the two solids are sampled alike: those samples, which hold more than v and the sample
    /// after the crossing, are the same, and so are `Dmax` and each dose at v.
    static func capsBelowLevels(_ a: ROIAssignment, rule other: SamplingOptions, nominal r: ROIDoseResult, courses: [Course],
                                metrics: [DoseMetric], readBox: (lo: SIMD3<Double>, hi: SIMD3<Double>)? = nil) -> Bool {
        var v = 0.0
        for m in metrics {
            switch m {
            case .dmax: break
            case .doseAtAbsoluteVolume(let cc): v = max(v, cc * 1000)
            default: return false
            }
        }
        let m = courses.count
        guard !metrics.isEmpty, m >= 1, r.courses.count == m else { return false }
        let composite = (r.compositeDiscounted ?? r.composite).dvh, second = r.courses[m - 1].dvh
        guard !composite.samples.isEmpty, composite.samples.count == second.samples.count else { return false }
        let holding = v + Double(composite.samples.volumes.max() ?? 0)
        guard let lc = composite.holdingLevel(holding), let l2 = second.holdingLevel(holding) else { return false }
        let margin = other.latticeSpacingMM * 3.0.squareRoot() + other.fullVoxelMarginMM + 0.01
        let nominalRule: EndCapRule = other.endCap == .none ? .halfSpacing : .none
        guard let boxes = EndCapDifference.boxes(of: a.roi, nominalRule, other.endCap, options: other, marginMM: margin) else { return false }
        let lqs = courses.map { $0.conversion(a.alphaBeta) }, fields = courses.map(\.field)
        let w = RecoveryWeighting.weights(courses: m, recovery: a.recovery)
        for whole in boxes {
            // with `none` the other rule, its solid lies inside the nominal one, inside the box read
            var box = whole
            if other.endCap == .none, let read = readBox {
                box = (pointwiseMax(box.lo, read.lo), pointwiseMin(box.hi, read.hi))
                guard all(box.hi .>= box.lo) else { continue }
            }
            let half = (box.hi - box.lo) / 2
            guard let upper = upperBounds(around: (box.lo + box.hi) / 2, halfExtents: fields.map { DoseGridBand.indexHalfExtent($0, box: half) },
                                          fields: fields, conversions: lqs, weights: w),
                  upper[0] < lc * (1 - 1e-6), upper[1] < l2 * (1 - 1e-6) else { return false }
        }
        return true
    }

    /// Upper bounds (Gy EQD2) of the verdict composite (courses weighted by `weights`, the recovery
    /// weights: all 1 without a discount) and of the last course over the region within `halfExtents`
    /// (per course, its continuous indices) of `centre` (LPS, mm): each course's largest dose node there
    /// (`DoseGridBand.nodeBounds`; trilinear values are convex combinations of their nodes) as EQD2,
    /// widened by a relative and absolute 1e-6 Gy. nil where a course's dose there is not held or negative.
    static func upperBounds(around centre: SIMD3<Double>, halfExtents: [SIMD3<Double>], fields: [TrilinearField],
                            conversions lqs: [LQConversion], weights w: [Double]) -> SIMD2<Double>? {
        var total = 0.0, last = 0.0
        for c in fields.indices {
            guard let b = DoseGridBand.nodeBounds(fields[c], around: centre, halfExtent: halfExtents[c]), b.lo >= 0 else { return nil }
            let e = lqs[c].eqd2(Double(b.hi)) * (1 + 1e-6) + 1e-6
            total += w[c] * e
            if c == fields.count - 1 { last = e }
        }
        return SIMD2(total, last)
    }

    /// The band of one verdict: its nominal value and the one under the other convention (nil when
    /// either has none, or for rows of no limit).
    static func band(nominal: Verdict, other: Verdict, name: String) -> VerdictUncertainty.Band? {
        guard !nominal.constraint.informational else { return nil }
        return RegistrationBands.band(nominal: nominal, scenarios: [(name, other.value)])
    }
}
