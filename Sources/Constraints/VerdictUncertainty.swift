import RTCore

/// How far the value a verdict judges moves under the uncertainties a check weighs (Gy, the same
/// dose the row judges: composite EQD2 at the row's α/β, or course 2's dose), and whether the
/// verdict survives them.
public struct VerdictUncertainty: Hashable, Sendable {
    /// A band of values of one kind of uncertainty: min … max over its scenarios and the nominal
    /// value (Gy), and the scenario that gives the worst value (nil when the nominal one does).
    public struct Band: Hashable, Sendable {
        public var lo: Double
        public var hi: Double
        public var worstScenario: String?
        public var worstValue: Double
        public init(lo: Double, hi: Double, worstScenario: String?, worstValue: Double) {
            self.lo = lo; self.hi = hi; self.worstScenario = worstScenario; self.worstValue = worstValue
        }
        public var width: Double { hi - lo }
    }

    /// Registration scenarios (course 1 moved rigidly); zero width for rows that judge course 2 alone.
    public var registration: Band?
    /// Contour convention: end caps `half` and `none`.
    public var contour: Band?
    /// Dose grid: the trilinear interpolant against its bounds over each voxel box.
    public var doseGrid: Band?

    public init(registration: Band? = nil, contour: Band? = nil, doseGrid: Band? = nil) {
        self.registration = registration; self.contour = contour; self.doseGrid = doseGrid
    }

    /// All bands together: min … max of their ends (Gy).
    public var combined: (lo: Double, hi: Double)? {
        let bands = [registration, contour, doseGrid].compactMap { $0 }
        guard !bands.isEmpty else { return nil }
        return (bands.map(\.lo).min()!, bands.map(\.hi).max()!)
    }

    /// The worst named scenario over the bands (highest value for `≤`/`<` rows, lowest for `≥`/`>`),
    /// nil when the nominal value is the worst everywhere.
    public func worst(comparator: Constraint.Comparator) -> (scenario: String, value: Double)? {
        let upper = comparator == .lessOrEqual || comparator == .less
        let named = [registration, contour, doseGrid].compactMap { b in b?.worstScenario.map { ($0, b!.worstValue) } }
        return upper ? named.max { $0.1 < $1.1 } : named.min { $0.1 < $1.1 }
    }

    /// `robust` when every value of every band is on the same side of the row's limit, else
    /// `fragile`; nil for rows with no limit or no value.
    public func robustness(comparator: Constraint.Comparator, limit: Double?) -> Robustness? {
        guard let limit, let all = combined else { return nil }
        return comparator.holds(all.lo, limit) == comparator.holds(all.hi, limit) ? .robust : .fragile
    }

    public enum Robustness: String, Hashable, Sendable {
        case robust, fragile
    }
}
