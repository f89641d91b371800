/// A dose level that a set of weighted samples is known to hold a volume at or above: the cheap,
/// conservative step before an exact metric, used to decide which samples can matter (uncertainty
/// bands prune on it).
public enum HoldingLevel {
    /// A dose L > 0 (Gy) such that the samples with value ≥ L hold at least `volume` (mm³), found on a
    /// histogram of 4096 bins from 0 to the largest value (L is a bin's lower edge, lowered by a
    /// relative hair for the rounding of the binning); nil when no positive L does (the values then
    /// hold less than `volume` above 0). Any subset of a structure's samples gives a valid lower bound
    /// of the structure's dose at that volume. O(values + 4096).
    public static func level(_ values: [Float], weights: [Float], holding volume: Double) -> Double? {
        Histogram(values, weights: weights)?.level(holding: volume)
    }

    /// The histogram `level` answers from, built once for several volumes of the same samples.
    public struct Histogram: Sendable {
        private let held: [Double]
        private let scale: Double

        /// nil when no value is positive and finite at the top (no positive level exists).
        public init?(_ values: [Float], weights: [Float]) {
            let top = Double(values.max() ?? 0)
            guard top > 0, top.isFinite else { return nil }
            let bins = 4096
            scale = Double(bins) / top
            var held = [Double](repeating: 0, count: bins)
            for (d, w) in zip(values, weights) where d > 0 { held[min(bins - 1, Int(Double(d) * scale))] += Double(w) }
            self.held = held
        }

        /// See `HoldingLevel.level`.
        public func level(holding volume: Double) -> Double? {
            var sum = 0.0
            for b in stride(from: held.count - 1, through: 1, by: -1) {
                sum += held[b]
                if sum >= volume { return Double(b) / scale * (1 - 1e-9) }
            }
            return nil
        }
    }
}
