import DoseMetrics
import Testing
import TestSupport

/// `HoldingLevel`: a dose L > 0 whose samples at or above it hold at least the volume asked, from its
/// own bins or from a DVH's buckets; checked against a direct sum over the samples, which also gives
/// the best such level (the dose of the sample where the running volume, hottest first, reaches it).
@Suite struct HoldingLevelTests {
    @Test("the samples at or above the level hold the volume, and the level never exceeds the best one", arguments: [5, 40, 900, 40_000])
    func levelsHoldTheirVolume(count: Int) throws {
        var rng = SplitMix(state: UInt64(count))
        for shape in 0..<4 {
            let doses: [Float] = (0..<count).map { _ in
                switch shape {
                case 0: return Float(Double.random(in: 0...70, using: &rng))
                case 1: return Float(Double.random(in: 50...50.01, using: &rng))  // narrow
                case 2: return Float(Int.random(in: 0...5, using: &rng) * 10)  // tied, some at 0
                default: return 42  // constant
                }
            }
            let volumes = (0..<count).map { _ in Float(Double.random(in: 0...0.3, using: &rng)) }
            let total = volumes.reduce(0.0) { $0 + Double($1) }
            let dvh = DoseVolumeHistogram(try DoseVolumeSamples(doses: doses, volumes: volumes))
            let histograms = [HoldingLevel.Histogram(doses, weights: volumes), HoldingLevel.Histogram(dvh)]
            for v in [0, 0.01 * total, 0.3 * total, total, total * 1.01] {
                // the best level: the lowest dose of the hottest samples holding v
                let order = doses.indices.sorted { doses[$0] > doses[$1] }
                var run = 0.0, best: Double? = nil
                for i in order { run += Double(volumes[i]); if run >= v { best = Double(doses[i]); break } }
                for (n, h) in histograms.enumerated() {
                    guard let l = h?.level(holding: v) else { continue }
                    let held = zip(doses, volumes).reduce(0.0) { $0 + (Double($1.0) >= l ? Double($1.1) : 0) }
                    #expect(l > 0 && held >= v * (1 - 1e-9), "shape \(shape), source \(n): level \(l) holds \(held) < \(v)")
                    #expect(best.map { l <= $0 } ?? false, "shape \(shape), source \(n): level \(l) above the best \(String(describing: best))")
                }
                #expect(dvh.holdingLevel(v) == histograms[1]?.level(holding: v))
            }
            #expect(dvh.holdingLevel(total * 1.01) == nil)
        }
    }
}
