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

    /// The histogram `level` answers from, built once for several volumes of the same samples, or
    /// read from the buckets of a DVH already built on them (no pass over the samples).
    public struct Histogram: Sendable {
        private enum Source: Sendable {
            /// Volume (mm³) per bin of `scale` bins per Gy from 0.
            case bins(held: [Double], scale: Double)
            case dvh(DoseVolumeHistogram)
        }
        private let source: Source

        /// nil when no value is positive and finite at the top (no positive level exists).
        public init?(_ values: [Float], weights: [Float]) {
            let top = Double(values.max() ?? 0)
            guard top > 0, top.isFinite else { return nil }
            let bins = 4096
            let scale = Double(bins) / top
            var held = [Double](repeating: 0, count: bins)
            for (d, w) in zip(values, weights) where d > 0 { held[min(bins - 1, Int(Double(d) * scale))] += Double(w) }
            source = .bins(held: held, scale: scale)
        }

        /// The levels of `dvh`'s samples, from its dose buckets (`DoseVolumeHistogram.holdingLevel`):
        /// O(log buckets) per level. nil when no sample is positive.
        public init?(_ dvh: DoseVolumeHistogram) {
            guard let top = dvh.maximumDose, top > 0, top.isFinite else { return nil }
            source = .dvh(dvh)
        }

        /// See `HoldingLevel.level`.
        public func level(holding volume: Double) -> Double? {
            switch source {
            case .dvh(let dvh): return dvh.holdingLevel(volume)
            case .bins(let held, let scale):
                var sum = 0.0
                for b in stride(from: held.count - 1, through: 1, by: -1) {
                    sum += held[b]
                    if sum >= volume { return Double(b) / scale * (1 - 1e-9) }
                }
                return nil
            }
        }
    }
}
