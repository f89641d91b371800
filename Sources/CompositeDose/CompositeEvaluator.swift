import Dispatch
import DoseMetrics
import Grids
import Masks
import Radiobiology
import RTCore
import RTModel

/// One ROI to evaluate in a composite, with the α/β and recovery it is judged with.
public struct ROIAssignment: Sendable {
    public var roi: ROI
    public var alphaBeta: AlphaBeta
    /// Where the α/β came from: "--alpha-beta", "--default-alpha-beta", or the organ convention.
    public var alphaBetaSource: AlphaBetaSource
    /// Per earlier course, the fraction of its EQD2 discounted for recovery (`.none`: none).
    public var recovery: RecoveryFactors
    public init(roi: ROI, alphaBeta: AlphaBeta, alphaBetaSource: AlphaBetaSource, recovery: RecoveryFactors) {
        self.roi = roi; self.alphaBeta = alphaBeta; self.alphaBetaSource = alphaBetaSource; self.recovery = recovery
    }
}

/// The doses of one ROI: EQD2 metrics of each course alone and of the voxelwise composite.
public struct ROIDoseResult: Sendable {
    public var assignment: ROIAssignment
    public var volume: CubicCentimetres
    /// EQD2 metrics of each course alone (its own fractionation, the ROI's α/β), course order.
    public var courses: [StructureMetrics]
    /// Σ EQD2 over courses at each sample point (undiscounted).
    public var composite: StructureMetrics
    /// The recovery-discounted composite, when the ROI has a recovery factor > 0.
    public var compositeDiscounted: StructureMetrics?
    /// Per course, the fraction (0…1) of the ROI's volume (sample weights) outside that course's dose grid.
    public var outsideFraction: [Double]
    /// The part of the ROI some course's grid misses and the most the dose there could be; nil when
    /// every course's grid covers the whole ROI.
    public var uncovered: UncoveredDoseBound?
    public var diagnostics: [Diagnostic]
    /// Where the verdict composite's D0.03cc lies (`CompositeEvaluator.hotSpotMetric`): the centroid
    /// of its hottest 0.03 cc and each course's share there, on the discounted composite when the ROI
    /// has recovery (the one the verdict uses). nil when the ROI is smaller than 0.03 cc.
    public var hotSpot: HotSpot?

    public var name: String { assignment.roi.name }
}

/// Evaluates ROIs on the accurate path: each ROI is sampled (fractional occupancy, sub-sampled boundary)
/// on the common grid, and at every sample point each course's physical dose is its trilinear
/// interpolant (0 outside its grid), converted to EQD2 with the ROI's α/β and the course's fraction
/// count, then summed. Metrics come from the occupancy-weighted samples (DoseMetrics).
public enum CompositeEvaluator {
    /// The near-maximum metric whose hot spot every ROI result carries (`ROIDoseResult.hotSpot`).
    public static let hotSpotMetric = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)

    public static func evaluate(courses: [Course], assignments: [ROIAssignment], on geometry: GridGeometry,
                                metrics: [DoseMetric], sampling options: SamplingOptions = SamplingOptions()) throws -> [ROIDoseResult] {
        let samplings = try sample(assignments, on: geometry, options: options)
        return try evaluate(courses: courses, assignments: assignments, samplings: samplings, metrics: metrics)
    }

    /// Evaluates ROIs sampled on the patient-anchored lattice (`StructureSampler.lattice(covering:)`):
    /// the metrics do not depend on any grid choice.
    public static func evaluate(courses: [Course], assignments: [ROIAssignment], metrics: [DoseMetric],
                                sampling options: SamplingOptions = SamplingOptions()) throws -> [ROIDoseResult] {
        try evaluate(courses: courses, assignments: assignments, samplings: survey(assignments, options: options).samplings(),
                     metrics: metrics)
    }

    /// The ROIs' voxels and volumes on the patient-anchored lattice (`StructureSampler.lattice(covering:)`),
    /// before any sample point is written: what `check`, `metrics` and `budget` sample, so that an
    /// ROI's metrics on a given dose are the same whatever the common grid or the command.
    /// - Throws: when the sampling would exceed `budget` (naming `structuresPath`) or a contour point is
    ///   not finite or implausibly far.
    public static func survey(_ assignments: [ROIAssignment], options: SamplingOptions = SamplingOptions(),
                              budget: MemoryBudget = .default, structuresPath: String? = nil) throws -> StructureSurvey {
        try StructureSampler(options: options).survey(assignments.map(\.roi), budget: budget, file: structuresPath)
    }

    /// The ROIs' samplings on the common grid's lattice grown to cover them: a structure is sampled
    /// whole even where no course's dose reaches (dose 0 there, with a coverage diagnostic). Needs no
    /// dose, so callers can read only the dose around the returned points.
    public static func sample(_ assignments: [ROIAssignment], on geometry: GridGeometry,
                              options: SamplingOptions = SamplingOptions()) throws -> [StructureSampling] {
        try survey(assignments, on: geometry, options: options).samplings()
    }

    /// The first step of `sample`: the ROIs' voxels and volumes on the same grid, before any sample
    /// point is written (see `StructureSurvey`, `SamplingRefinement`).
    /// - Throws: when the sampling would exceed `budget` (naming `structuresPath`) or the grid grown to
    ///   cover the ROIs would be unbounded.
    public static func survey(_ assignments: [ROIAssignment], on geometry: GridGeometry,
                              options: SamplingOptions = SamplingOptions(), budget: MemoryBudget = .default,
                              structuresPath: String? = nil) throws -> StructureSurvey {
        let rois = assignments.map(\.roi)
        let samplingGeometry = try geometry.extended(toCover: rois.flatMap { $0.contours.flatMap(\.points) }, margin: 10,
                                                     what: structuresPath.map { "the structures of \($0)" } ?? "the structures")
        try StructureSampler.requireMemory(rois, on: samplingGeometry, budget: budget, file: structuresPath)
        let survey = StructureSampler(options: options).survey(rois, on: samplingGeometry, parallel: true)
        try StructureSampler.requireSampleMemory(survey, budget: budget, file: structuresPath)
        return survey
    }

    /// Metrics of ROIs already sampled (`sample`, one sampling per assignment, same order), and for
    /// each dose set the cumulative curve `curve` when given (read in the same pass as the metrics).
    ///
    /// First every ROI's point doses (each concurrent over chunks of points), then one concurrent
    /// loop over all (ROI, dose set) DVHs, largest first, so both cores stay busy across ROIs
    /// instead of meeting at a barrier per ROI. Results, and the error thrown when one fails, are
    /// those of evaluating the ROIs one after another.
    /// `laterCourses`: courses after `courses` that are not evaluated (1 for a budget: the course being
    /// planned), so that the recovery weights (`PointDoses.batch`) may discount every evaluated course.
    public static func evaluate(courses: [Course], assignments: [ROIAssignment], samplings: [StructureSampling],
                                metrics: [DoseMetric], curve: DVHCurveRequest? = nil, laterCourses: Int = 0) throws -> [ROIDoseResult] {
        precondition(samplings.count == assignments.count, "one sampling per ROI assignment")
        // All ROIs' point doses in one concurrent loop; an ROI with an invalid recovery fails alone.
        let valid = assignments.indices.filter { assignments[$0].recovery.invalidFactor == nil }
        let batch = try PointDoses.batch(courses: courses, pointSets: valid.map { samplings[$0].points },
                                         weightSets: valid.map { samplings[$0].weights }, alphaBetas: valid.map { assignments[$0].alphaBeta }, recoveries: valid.map { assignments[$0].recovery },
                                         laterCourses: laterCourses, keepPhysical: false)  // physical doses are not reported
        var points = assignments.map { assignment in
            Result<PointDoses, Error> { throw DoseSumError(.invalidValue, "recovery factor must be between 0 and 1, got \(assignment.recovery.invalidFactor ?? 0)") }
        }
        for (n, doses) in zip(valid, batch) { points[n] = .success(doses) }
        // Per ROI, the dose sets (Gy EQD2) whose metrics are reported: each course alone, the
        // composite and, with recovery, the discounted composite. Empty when the point doses failed.
        let doseSets = zip(assignments, points).map { assignment, point -> [[Float]] in
            guard case .success(let p) = point else { return [] }
            return p.eqd2 + [p.composite] + (assignment.recovery.discounts ? [p.compositeDiscounted] : [])
        }
        var metricsPerROI = concurrentMetrics(samplings: samplings, doseSets: doseSets, metrics: metrics, curve: curve)
        // Dmax and Dmin also at the structures' surface corners (no volume), in the same dose sets.
        let corners = try PointDoses.batch(courses: courses, pointSets: valid.map { samplings[$0].surfacePoints },
                                           alphaBetas: valid.map { assignments[$0].alphaBeta }, recoveries: valid.map { assignments[$0].recovery },
                                           laterCourses: laterCourses, keepPhysical: false)
        for (n, c) in zip(valid, corners) {
            let sets = c.eqd2 + [c.composite] + (assignments[n].recovery.discounts ? [c.compositeDiscounted] : [])
            for (m, doses) in sets.enumerated() where m < metricsPerROI[n].count {
                metricsPerROI[n][m] = metricsPerROI[n][m].map { $0.includingSurfaceExtremes(doses) }
            }
        }
        var results: [ROIDoseResult] = []
        results.reserveCapacity(assignments.count)
        for (n, assignment) in assignments.enumerated() {
            let point = try points[n].get()
            let all = try metricsPerROI[n].map { try $0.get() }
            var r = result(assignment, samplings[n], point, all, courses: courses.count, laterCourses: laterCourses)
            if point.outsideCount.contains(where: { $0 > 0 }) {
                r.uncovered = UncoveredDoseBound.measure(courses: courses, points: samplings[n].points, weights: samplings[n].weights,
                                                         eqd2: point.eqd2, alphaBeta: assignment.alphaBeta)
            }
            results.append(r)
        }
        return results
    }

    /// One ROI's result from its point doses and its dose sets' metrics (courses, composite, then the
    /// discounted composite when the ROI has recovery).
    static func result(_ assignment: ROIAssignment, _ sampling: StructureSampling, _ point: PointDoses,
                       _ all: [StructureMetrics], courses: Int, laterCourses: Int = 0) -> ROIDoseResult {
        let total = point.totalVolumeMM3 ?? 0
        let outside = (point.outsideVolumeMM3 ?? point.outsideCount.map { _ in 0 }).map { total > 0 ? $0 / total : 0 }
        let discounted = assignment.recovery.discounts
        // the composite the verdict uses: earlier course k enters it with 1 − rₖ
        let weights = Array(RecoveryWeighting.weights(courses: courses + laterCourses, recovery: discounted ? assignment.recovery : .none).prefix(courses))
        let hotSpot = HotSpot(metric: hotSpotMetric, dvh: all[discounted ? courses + 1 : courses].dvh, points: sampling.points,
                              courseEQD2: point.eqd2, courseWeights: weights)
        return ROIDoseResult(assignment: assignment, volume: sampling.volume, courses: Array(all.prefix(courses)),
                             composite: all[courses], compositeDiscounted: discounted ? all[courses + 1] : nil,
                             outsideFraction: outside, uncovered: nil,
                             diagnostics: sampling.diagnostics + point.coverageDiagnostics(roi: assignment.roi.name),
                             hotSpot: hotSpot)
    }

    /// `StructureMetrics` of every dose set of every ROI (`doseSets[roi][set]`, doses at
    /// `samplings[roi].points`), computed in one concurrent loop, the most samples first (the DVH
    /// passes are linear in them). Returned per ROI and set in input order; each value is the
    /// one computed alone.
    static func concurrentMetrics(samplings: [StructureSampling], doseSets: [[[Float]]],
                                  metrics: [DoseMetric], curve: DVHCurveRequest?) -> [[Result<StructureMetrics, Error>]] {
        let jobs = doseSets.indices.flatMap { roi in doseSets[roi].indices.map { (roi: roi, set: $0) } }
            .sorted { a, b in
                let na = samplings[a.roi].points.count, nb = samplings[b.roi].points.count
                return na != nb ? na > nb : (a.roi, a.set) < (b.roi, b.set)
            }
        let out = ParallelMap.map(count: jobs.count) { n -> Result<StructureMetrics, Error> in
            let (roi, set) = jobs[n]
            return Result { try StructureMetrics(sampling: samplings[roi], doses: doseSets[roi][set], metrics: metrics, curve: curve) }
        }
        var perROI = doseSets.map { _ in [Result<StructureMetrics, Error>]() }
        for n in jobs.indices.sorted(by: { (jobs[$0].roi, jobs[$0].set) < (jobs[$1].roi, jobs[$1].set) }) {
            perROI[jobs[n].roi].append(out[n])
        }
        return perROI
    }
}
