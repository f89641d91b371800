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
    public var alphaBetaSource: String
    /// Fraction of the earlier courses' EQD2 discounted for recovery (0 = none).
    public var recovery: Double
    public init(roi: ROI, alphaBeta: AlphaBeta, alphaBetaSource: String, recovery: Double) {
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
    /// Per course, the fraction (0…1) of the ROI's sample points outside that course's dose grid.
    public var outsideFraction: [Double]
    public var diagnostics: [Diagnostic]

    public var name: String { assignment.roi.name }
}

/// Evaluates ROIs on the accurate path: each ROI is sampled (fractional occupancy, sub-sampled boundary)
/// on the common grid, and at every sample point each course's physical dose is its trilinear
/// interpolant (0 outside its grid), converted to EQD2 with the ROI's α/β and the course's fraction
/// count, then summed. Metrics come from the occupancy-weighted samples (DoseMetrics).
public enum CompositeEvaluator {
    public static func evaluate(courses: [Course], assignments: [ROIAssignment], on geometry: GridGeometry,
                                metrics: [DoseMetric], sampling options: SamplingOptions = SamplingOptions(),
                                structureSet: StructureSet? = nil) throws -> [ROIDoseResult] {
        let samplings = sample(assignments, on: geometry, options: options)
        return try evaluate(courses: courses, assignments: assignments, samplings: samplings, metrics: metrics)
    }

    /// The ROIs' samplings on the common grid's lattice grown to cover them: a structure is sampled
    /// whole even where no course's dose reaches (dose 0 there, with a coverage diagnostic). Needs no
    /// dose, so callers can read only the dose around the returned points.
    public static func sample(_ assignments: [ROIAssignment], on geometry: GridGeometry,
                              options: SamplingOptions = SamplingOptions()) -> [StructureSampling] {
        let rois = assignments.map(\.roi)
        let samplingGeometry = geometry.extended(toCover: rois.flatMap { $0.contours.flatMap(\.points) }, margin: 10)
        return StructureSampler(options: options).sample(rois, on: samplingGeometry, parallel: true)
    }

    /// Metrics of ROIs already sampled (`sample`, one sampling per assignment, same order).
    public static func evaluate(courses: [Course], assignments: [ROIAssignment], samplings: [StructureSampling],
                                metrics: [DoseMetric]) throws -> [ROIDoseResult] {
        precondition(samplings.count == assignments.count, "one sampling per ROI assignment")
        var results: [ROIDoseResult] = []
        results.reserveCapacity(assignments.count)
        for (assignment, sampling) in zip(assignments, samplings) {
            var diagnostics = sampling.diagnostics
            let point = try PointDoses(courses: courses, points: sampling.points, alphaBeta: assignment.alphaBeta,
                                       recovery: assignment.recovery)
            // The DVHs of each course, the composite and (with recovery) the discounted composite are
            // independent: build them concurrently.
            var doseSets = point.eqd2 + [point.composite]
            if assignment.recovery > 0 { doseSets.append(point.compositeDiscounted) }
            let all = try concurrentMetrics(sampling: sampling, doseSets: doseSets, metrics: metrics)
            let perCourse = Array(all.prefix(courses.count))
            let composite = all[courses.count]
            let discounted = assignment.recovery > 0 ? all[courses.count + 1] : nil
            let outside = point.outsideCount.map { sampling.points.isEmpty ? 0 : Double($0) / Double(sampling.points.count) }
            diagnostics += point.coverageDiagnostics(roi: assignment.roi.name)
            results.append(ROIDoseResult(assignment: assignment, volume: sampling.volume, courses: perCourse,
                                         composite: composite, compositeDiscounted: discounted,
                                         outsideFraction: outside, diagnostics: diagnostics))
        }
        return results
    }

    /// `StructureMetrics` for several dose arrays on one sampling, computed concurrently; results in
    /// input order, identical to computing them one after another.
    static func concurrentMetrics(sampling: StructureSampling, doseSets: [[Float]], metrics: [DoseMetric]) throws -> [StructureMetrics] {
        let results = UnsafeMutableBufferPointer<Result<StructureMetrics, Error>?>.allocate(capacity: doseSets.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: doseSets.count) { n in
            out[n] = Result { try StructureMetrics(sampling: sampling, doses: doseSets[n], metrics: metrics) }
        }
        return try results.map { try $0!.get() }
    }
}
