import DoseMetrics
import TestSupport
import Testing

/// The DVH answers its queries from a few gathered buckets, not a full sort. These tests hold every
/// answer to the definitions applied to the fully sorted samples (a comparison sort written here,
/// straight from the definitions in `DoseVolumeHistogram`'s comment), on random samples with wide,
/// narrow, tied, constant and signed-zero doses and zero volumes.
@Suite struct DVHQueryTests {
    /// D(V) and V(D) by the definitions, on samples sorted by (dose descending, index ascending).
    struct Definition {
        let d: [Double], c: [Double]
        init(_ doses: [Float], _ volumes: [Float]) {
            let order = doses.indices.sorted {
                DVHQueryTests.key(doses[$0]) != DVHQueryTests.key(doses[$1]) ? DVHQueryTests.key(doses[$0]) > DVHQueryTests.key(doses[$1]) : $0 < $1
            }
            var run = 0.0
            d = order.map { Double(doses[$0]) }
            c = order.map { run += Double(volumes[$0]); return run }
        }
        func dose(atVolume v: Double) -> Double {
            guard let k = c.firstIndex(where: { $0 >= v }) else { return d[d.count - 1] }
            if k == 0 { return d[0] }
            return d[k - 1] + (v - c[k - 1]) / (c[k] - c[k - 1]) * (d[k] - d[k - 1])
        }
        func volume(atDose x: Double) -> Double {
            if x > d[0] { return 0 }
            if x <= d[d.count - 1] { return c[c.count - 1] }
            let k = d.lastIndex(where: { $0 >= x })!
            if d[k] == x { return c[k] }
            return c[k] + (d[k] - x) / (d[k] - d[k + 1]) * (c[k + 1] - c[k])
        }
    }

    /// Numeric order with +0 above −0, as the DVH orders doses.
    static func key(_ f: Float) -> Int64 { f.sign == .minus ? -Int64(f.magnitude.bitPattern) - 1 : Int64(f.bitPattern) }

    static func check(_ doses: [Float], _ volumes: [Float], _ label: String, queries: Int = 60) throws {
        var g = SplitMix(state: UInt64(doses.count) &* 31 &+ UInt64(label.utf8.count))
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: doses, volumes: volumes))
        let ref = Definition(doses, volumes)
        let total = ref.c.last!, scale = max(abs(ref.d.first!), abs(ref.d.last!), 1)
        // volumes: random, at every 7th cumulative volume exactly, at 0 and beyond the total
        var vs = (0..<queries).map { _ in Double.random(in: 0...(total * 1.05), using: &g) }
        vs += stride(from: 0, to: ref.c.count, by: max(1, ref.c.count / 20)).map { ref.c[$0] } + [0, total, total * 2]
        let gotD = h.doses(atVolumesMM3: vs)
        for (v, got) in zip(vs, gotD) {
            let want = ref.dose(atVolume: v)
            #expect(abs(got! - want) <= 1e-9 * scale, "\(label): D(\(v) mm³) = \(got!), definition \(want)")
        }
        // doses: random within and beyond the range, and every sample dose exactly (ties)
        var ds = (0..<queries).map { _ in Double.random(in: (ref.d.last! - 1)...(ref.d.first! + 1), using: &g) }
        ds += stride(from: 0, to: ref.d.count, by: max(1, ref.d.count / 20)).map { ref.d[$0] } + [ref.d.first!, ref.d.last!]
        let gotV = h.volumesMM3(atDoses: ds)
        for (x, got) in zip(ds, gotV) {
            let want = ref.volume(atDose: x)
            #expect(abs(got - want) <= 1e-9 * max(total, 1), "\(label): V(\(x) Gy) = \(got), definition \(want)")
        }
        // single queries equal batch queries
        #expect(h.dose(atVolumeMM3: vs[0]) == gotD[0])
        #expect(h.volumeMM3(atDose: ds[0]) == gotV[0])
        #expect(h.maximumDose == ref.d.first && h.minimumDose == ref.d.last, "\(label): extremes")
        #expect(abs(h.totalVolumeMM3 - total) <= 1e-9 * max(total, 1), "\(label): total volume")
    }

    @Test("D(V) and V(D) equal the definitions on the sorted samples", arguments: [1, 2, 7, 64, 1000, 40_000])
    func matchesDefinitions(count: Int) throws {
        var g = SplitMix(state: UInt64(count) &+ 5)
        let volumes = (0..<count).map { _ in Float.random(in: 0.01...8, using: &g) }
        try Self.check((0..<count).map { _ in Float.random(in: -50...80, using: &g) }, volumes, "wide")
        try Self.check((0..<count).map { _ in Float.random(in: 40...40.001, using: &g) }, volumes, "narrow")
        try Self.check((0..<count).map { _ in Float(Int.random(in: 0...6, using: &g)) * 2.5 }, volumes, "ties")
        try Self.check(Array(repeating: 3, count: count), volumes, "constant")
        // a long cold tail and a small hot spot: most buckets empty, the hot ones sparse
        try Self.check((0..<count).map { n in n % 97 == 0 ? Float.random(in: 60...70, using: &g) : Float.random(in: 0...2, using: &g) },
                       volumes, "hot spot")
        // zero volumes among the samples
        try Self.check((0..<count).map { _ in Float.random(in: 0...10, using: &g) }, volumes.enumerated().map { $0.offset % 3 == 0 ? 0 : $0.element },
                       "zero volumes")
    }

    @Test("signed zeros: +0 counts above −0, and V(0) holds both")
    func signedZeros() throws {
        try Self.check([-0.0, 0, -1, -0.0, 0, 2], [1, 2, 3, 4, 5, 6], "zeros")
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: [-0.0, 0, -1, -0.0, 0], volumes: [1, 2, 3, 4, 5]))
        #expect(h.volumeMM3(atDose: 0) == 12)
        #expect(h.volumeMM3(atDose: -0.5) == 13.5)
    }

    @Test("an empty DVH answers nil and 0")
    func empty() throws {
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: [], volumes: []))
        #expect(h.doses(atVolumesMM3: [0, 1]) == [nil, nil])
        #expect(h.volumesMM3(atDoses: [0, 1]) == [0, 0])
        #expect(h.maximumDose == nil && h.isEmpty)
    }
}
