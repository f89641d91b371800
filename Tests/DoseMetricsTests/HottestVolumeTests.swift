import DoseMetrics
import TestSupport
import Testing

/// The hottest V of a DVH (`HottestVolume`) by its rule: every sample before the crossing one in DVH
/// order (dose descending, ties in sample order) whole, the crossing sample with its partial volume.
@Suite struct HottestVolumeTests {
    @Test("tied samples at the crossing dose share the rest in proportion to their volumes, whatever their order")
    func ties() throws {
        // 9 Gy (#0, 2 mm³) hotter; 5 Gy tied: #1 (1), #2 (3), #3 (4) → 8 mm³; V = 6: the tie group shares 4 of 8 (½ each).
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: [9, 5, 5, 5, 1], volumes: [2, 1, 3, 4, 5]))
        let r = try #require(h.hottest(volumeMM3: 6))
        #expect(Dictionary(uniqueKeysWithValues: zip(r.indices, r.volumesMM3)) == [0: 2, 1: 0.5, 2: 1.5, 3: 2])
        #expect(h.dose(atVolumeMM3: 6) == 5)
    }

    @Test("hand-made samples: the two 9 Gy samples whole, the 7 Gy one with the volume left to reach V")
    func handMade() throws {
        // DVH order: 9 (#1, 2 mm³), 9 (#3, 4 mm³), 7 (#2, 3 mm³), 5 (#0), 1 (#4); running 2, 6, 9, 10, 15.
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: [5, 9, 7, 9, 1], volumes: [1, 2, 3, 4, 5]))
        let r = try #require(h.hottest(volumeMM3: 7.5))
        #expect(Dictionary(uniqueKeysWithValues: zip(r.indices, r.volumesMM3)) == [1: 2, 3: 4, 2: 1.5])
        // V ending inside the tied 9 Gy pair: both share it, ⅓ of each (2 of 6 mm³)
        let tied = try #require(h.hottest(volumeMM3: 2))
        let shares: [Int: Double] = Dictionary(uniqueKeysWithValues: zip(tied.indices, tied.volumesMM3))
        #expect(shares.count == 2 && abs(shares[1]! - 2.0 / 3) < 1e-12 && abs(shares[3]! - 4.0 / 3) < 1e-12)
        #expect(r.totalMM3 == 7.5)
        // V within the first sample: only part of it; V beyond the whole volume: every sample whole.
        let all = try #require(h.hottest(volumeMM3: 100))
        #expect(Set(all.indices) == [0, 1, 2, 3, 4] && all.totalMM3 == 15)
        #expect(h.hottest(volumeMM3: 0) == nil)
        // a weighted mean over the region: doses → (2·9 + 4·9 + 1.5·7) / 7.5
        #expect(abs(r.weightedMean { Double([5, 9, 7, 9, 1][$0]) }! - (18 + 36 + 10.5) / 7.5) < 1e-12)
    }

    @Test("random samples: the region holds V, every sample in it is at least D(V) hot and every sample left out at most")
    func random() throws {
        var g = SplitMix(state: 17)
        for n in [1, 7, 100, 5_000, 40_000] {
            // coarse doses so that ties are frequent
            let doses = (0..<n).map { _ in Float(Int.random(in: 0..<(n / 3 + 2), using: &g)) * 0.25 }
            let volumes = (0..<n).map { _ in Float(Double.random(in: 0.01...1, using: &g)) }
            let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: doses, volumes: volumes))
            for fraction in [0.001, 0.03, 0.3, 0.999] {
                let v = fraction * h.totalVolumeMM3
                let r = try #require(h.hottest(volumeMM3: v))
                let dv = try #require(h.dose(atVolumeMM3: v))
                #expect(abs(r.totalMM3 - v) <= 1e-9 * max(1, v), "n \(n) V \(v): holds \(r.totalMM3)")
                let inside = Set(r.indices)
                #expect(inside.count == r.indices.count)
                #expect(r.volumesMM3.allSatisfy { $0 >= 0 })
                // the crossing sample is the coldest in the region; D(V) interpolates towards it
                let coldestIn = r.indices.map { Double(doses[$0]) }.min()!
                let hottestOut = doses.indices.filter { !inside.contains($0) }.map { Double(doses[$0]) }.max() ?? -.infinity
                #expect(coldestIn >= hottestOut, "n \(n): a sample left out is hotter than one inside")
                #expect(coldestIn <= dv + 1e-6, "n \(n): D(V) \(dv) below the region's coldest sample \(coldestIn)")
                // samples hotter than the crossing dose are whole; those at it share the rest evenly
                let fractions = zip(r.indices, r.volumesMM3).filter { Double(doses[$0.0]) == coldestIn }.map { $0.1 / Double(volumes[$0.0]) }
                for (i, w) in zip(r.indices, r.volumesMM3) where Double(doses[i]) > coldestIn { #expect(w == Double(volumes[i])) }
                #expect(fractions.allSatisfy { abs($0 - fractions[0]) < 1e-9 }, "n \(n): tied samples share unevenly")
                // every sample at the crossing dose is in the region
                #expect(doses.indices.allSatisfy { Double(doses[$0]) != coldestIn || inside.contains($0) })
            }
        }
    }
}
