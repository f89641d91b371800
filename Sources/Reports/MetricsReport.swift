import DoseMetrics
import RTCore

/// What `dosesum metrics` reports for one dose: per-ROI metrics in Gy (physical or EQD2, as stated
/// by `doseDescription`), volumes in cc.
public struct MetricsReport: Sendable {
    public struct ROI: Sendable, Hashable {
        public var name: String
        public var number: ROINumber
        public var volume: CubicCentimetres?
        public var metrics: [DoseMetric: MetricValue]
        public init(name: String, number: ROINumber, volume: CubicCentimetres?, metrics: [DoseMetric: MetricValue]) {
            self.name = name; self.number = number; self.volume = volume; self.metrics = metrics
        }
    }
    public var engineVersion: String
    public var dosePath: String
    public var doseUID: String
    public var structureSetPath: String
    /// E.g. "physical dose, Gy" or "EQD2, alpha/beta 2 Gy".
    public var doseDescription: String
    /// Columns, in order.
    public var metricColumns: [DoseMetric]
    public var rois: [ROI]
    /// The structures' surface model (`slab` or `smooth`).
    public var surface = "slab"
    public var diagnostics: [Diagnostic]
    /// Input files with their SHA-256, command line, software and date (set by the caller; nil leaves it out).
    public var provenance: Provenance?

    public init(engineVersion: String, dosePath: String, doseUID: String = "", structureSetPath: String,
                doseDescription: String = "physical dose, Gy", metricColumns: [DoseMetric] = DoseMetric.defaults,
                rois: [ROI], diagnostics: [Diagnostic] = []) {
        self.engineVersion = engineVersion; self.dosePath = dosePath; self.doseUID = doseUID
        self.structureSetPath = structureSetPath; self.doseDescription = doseDescription
        self.metricColumns = metricColumns; self.rois = rois; self.diagnostics = diagnostics
    }
}
