import DoseMetrics

/// The part of an ROI where some course's dose grid is missing (its dose taken as 0 there) and the
/// most the judged dose could be there (Gy EQD2), as the caller bounded it. Lets the evaluator decide
/// whether the assumed 0 could change a verdict (see `upperBound(of:value:)`).
public struct UncoveredDose: Hashable, Sendable {
    /// Which grid misses how much, for messages, e.g. "course 1 grid misses 44.5 % of SPINAL CORD2".
    public var description: String
    /// Fraction (0…1) of the ROI volume where the dose is partly assumed 0.
    public var fraction: Double
    /// That volume in cc.
    public var volumeCC: Double
    /// Upper bound (Gy EQD2) of the judged dose anywhere in that part.
    public var boundGy: Double

    public init(description: String, fraction: Double, volumeCC: Double, boundGy: Double) {
        self.description = description; self.fraction = fraction; self.volumeCC = volumeCC; self.boundGy = boundGy
    }

    /// The highest value `metric` could take when the dose in the uncovered part is anywhere between 0
    /// (as computed) and `boundGy`; `value` is the computed value. Every metric grows with the dose, so
    /// the computed value is a lower bound and this an upper bound:
    /// - Dmax, Dmin, D(x cc), D(x %): max(value, bound) — a dose above both would need the hottest
    ///   volume in the covered part, where the computed doses are the true ones;
    /// - Dmean: value + fraction · bound;
    /// - V(x Gy): value + the uncovered volume (cc or %) when the bound reaches x;
    /// - volume: unchanged.
    public func upperBound(of metric: DoseMetric, value: Double) -> Double {
        switch metric {
        case .dmax, .dmin, .doseAtAbsoluteVolume, .doseAtRelativeVolume: return max(value, boundGy)
        case .dmean: return value + fraction * boundGy
        case .volumeAtDose(let gy, let relative): return boundGy >= gy ? value + (relative ? 100 * fraction : volumeCC) : value
        case .volume: return value
        }
    }
}
