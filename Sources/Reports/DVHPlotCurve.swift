/// A cumulative DVH as plain arrays: `volume[i]` is the volume receiving at least `dose[i]`.
/// Dose in Gy (EQD2 for the courses of a check), volume in % of the structure or in cc.
public struct DVHPlotCurve: Sendable, Hashable {
    public enum VolumeUnit: String, Sendable, Hashable { case percent = "%", cubicCentimetres = "cc" }
    public var dose: [Double]
    public var volume: [Double]
    public var volumeUnit: VolumeUnit

    /// Pairs beyond the shorter array are dropped.
    public init(dose: [Double], volume: [Double], volumeUnit: VolumeUnit = .percent) {
        let n = min(dose.count, volume.count)
        self.dose = Array(dose.prefix(n)); self.volume = Array(volume.prefix(n)); self.volumeUnit = volumeUnit
    }
    public var isEmpty: Bool { dose.isEmpty }
}

/// The three curves of one ROI in a check report.
public struct DVHPlotCurves: Sendable, Hashable {
    public var course1: DVHPlotCurve?
    public var course2: DVHPlotCurve?
    public var composite: DVHPlotCurve?
    public init(course1: DVHPlotCurve? = nil, course2: DVHPlotCurve? = nil, composite: DVHPlotCurve? = nil) {
        self.course1 = course1; self.course2 = course2; self.composite = composite
    }
    /// Labelled non-empty curves in plotting order.
    public var labelled: [(label: String, curve: DVHPlotCurve)] {
        [("Course 1", course1), ("Course 2", course2), ("Composite EQD2", composite)]
            .compactMap { label, c in c.flatMap { $0.isEmpty ? nil : (label, $0) } }
    }
}
