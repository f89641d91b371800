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
    /// The cumulative curve asked for at init (read in the same pass as the metrics), if any.
    public var curve: DVHCurve?
    public var diagnostics: [Diagnostic]

    /// Metrics (and optionally a cumulative curve) from samples whose doses are given (Gy, one per
    /// `sampling.points` entry).
    public init(sampling: StructureSampling, doses: [Float], metrics: [DoseMetric] = DoseMetric.defaults,
                curve: DVHCurveRequest? = nil) throws {
        self.init(sampling: sampling, samples: try DoseVolumeSamples(sampling: sampling, doses: doses), metrics: metrics, curve: curve)
    }

    /// Metrics from a dose field read at the sampling's points; `Dmax` and `Dmin` also take the field
    /// at its surface corners (`includingSurfaceExtremes`).
    public init(sampling: StructureSampling, field: some ScalarField, metrics: [DoseMetric] = DoseMetric.defaults,
                parallel: Bool = true) {
        self.init(sampling: sampling, samples: DoseVolumeSamples(sampling: sampling, field: field, parallel: parallel), metrics: metrics)
        self = includingSurfaceExtremes(sampling.surfacePoints.map { Float(field.value(at: SIMD3<Double>($0))) })
    }

    /// Metrics (and optionally a cumulative curve) from prepared samples of `sampling`'s structure.
    public init(sampling: StructureSampling, samples: DoseVolumeSamples, metrics: [DoseMetric], curve: DVHCurveRequest? = nil) {
        roiNumber = sampling.roiNumber
        name = sampling.roiName
        volume = sampling.volume
        dvh = DoseVolumeHistogram(samples)
        (values, self.curve) = dvh.evaluate(metrics, curve: curve)
        diagnostics = sampling.diagnostics
        if let reason = sampling.notEvaluableReason {
            for metric in metrics { values[metric] = .notEvaluable(reason: reason) }
        }
    }

    /// These metrics with `Dmax` and `Dmin` (where evaluated to a value) also taking the doses (Gy) at
    /// the structure's surface corners (`StructureSampling.surfacePoints`, same order): the samples'
    /// cells stop half a cell short of the surface, the corners reach it. Other metrics, the DVH and
    /// the volume are unchanged (the corners carry no volume).
    public func includingSurfaceExtremes(_ doses: [Float]) -> StructureMetrics {
        guard let top = doses.max(), let bottom = doses.min() else { return self }
        var out = self
        if case .value(let d)? = values[.dmax], Double(top) > d { out.values[.dmax] = .value(Double(top)) }
        if case .value(let d)? = values[.dmin], Double(bottom) < d { out.values[.dmin] = .value(Double(bottom)) }
        return out
    }

    /// The value of one metric, evaluating it on the DVH when it was not in the original list.
    public func value(of metric: DoseMetric) -> MetricValue { values[metric] ?? dvh.evaluate(metric) }
}
