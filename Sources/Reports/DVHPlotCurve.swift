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

/// The curves of one ROI in a check report: each course, the composite the verdict uses and, with
/// recovery, the undiscounted composite beside it.
public struct DVHPlotCurves: Sendable, Hashable {
    public var course1: DVHPlotCurve?
    public var course2: DVHPlotCurve?
    /// The composite the verdict uses (recovery-discounted when the ROI has recovery).
    public var composite: DVHPlotCurve?
    /// With recovery, the plain sum of the courses' EQD2.
    public var compositeUndiscounted: DVHPlotCurve?
    /// The courses after the second, in order.
    public var additionalCourses: [DVHPlotCurve] = []
    public init(course1: DVHPlotCurve? = nil, course2: DVHPlotCurve? = nil, composite: DVHPlotCurve? = nil,
                compositeUndiscounted: DVHPlotCurve? = nil) {
        self.course1 = course1; self.course2 = course2; self.composite = composite
        self.compositeUndiscounted = compositeUndiscounted
    }
    /// Labelled non-empty curves in plotting order.
    public var labelled: [(label: String, curve: DVHPlotCurve)] {
        let discounted = compositeUndiscounted != nil
        let courses: [(String, DVHPlotCurve?)] = [("Course 1", course1), ("Course 2", course2)]
            + additionalCourses.enumerated().map { ("Course \($0.offset + 3)", $0.element) }
        let composites: [(String, DVHPlotCurve?)] = [(discounted ? "Composite, discounted" : "Composite EQD2", composite),
                                                     ("Composite, undiscounted", compositeUndiscounted)]
        return (courses + composites)
            .compactMap { label, c in c.flatMap { $0.isEmpty ? nil : (label, $0) } }
    }
}
