import Grids
import Masks
import RTCore

/// Dose metrics of one structure: its identity, volume, metric values, exact DVH and diagnostics
/// (the sampling's diagnostics: ignored contours, parts outside the grid, empty structure).
public struct StructureMetrics: Sendable {
    public var roiNumber: ROINumber
    public var name: String
    /// Structure volume from the sampling (cc).
    public var volume: CubicCentimetres
    public var values: [DoseMetric: MetricValue]
    public var dvh: DoseVolumeHistogram
    public var diagnostics: [Diagnostic]

    /// Metrics from samples whose doses are given (Gy, one per `sampling.points` entry).
    public init(sampling: StructureSampling, doses: [Float], metrics: [DoseMetric] = DoseMetric.defaults) throws {
        self.init(sampling: sampling, samples: try DoseVolumeSamples(sampling: sampling, doses: doses), metrics: metrics)
    }

    /// Metrics from a dose field read at the sampling's points.
    public init(sampling: StructureSampling, field: some ScalarField, metrics: [DoseMetric] = DoseMetric.defaults,
                parallel: Bool = true) {
        self.init(sampling: sampling, samples: DoseVolumeSamples(sampling: sampling, field: field, parallel: parallel), metrics: metrics)
    }

    /// Metrics from prepared samples of `sampling`'s structure.
    public init(sampling: StructureSampling, samples: DoseVolumeSamples, metrics: [DoseMetric]) {
        roiNumber = sampling.roiNumber
        name = sampling.roiName
        volume = sampling.volume
        dvh = DoseVolumeHistogram(samples)
        values = dvh.evaluate(metrics)
        diagnostics = sampling.diagnostics
    }

    /// The value of one metric, evaluating it on the DVH when it was not in the original list.
    public func value(of metric: DoseMetric) -> MetricValue { values[metric] ?? dvh.evaluate(metric) }
}
