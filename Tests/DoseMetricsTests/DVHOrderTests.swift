import DoseMetrics
import TestSupport
import Testing

/// The DVH's sample order against its definition: dose descending, ties in input order, with the
/// running volume (mm³) accumulated in Double in that order; the mean dose (Gy) accumulated in
/// sample order.
@Suite struct DVHOrderTests {
    /// The histogram built by a comparison sort on (dose descending, input index ascending).
    static func reference(_ d: [Float], _ v: [Float]) -> (doses: [Float], cumulative: [Double], mean: Double) {
        let order = d.indices.sorted { d[$0] != d[$1] ? d[$0] > d[$1] : $0 < $1 }
        var run = 0.0, cumulative: [Double] = []
        for n in order { run += Double(v[n]); cumulative.append(run) }
        var total = 0.0, moment = 0.0
        for n in d.indices { total += Double(v[n]); moment += Double(d[n]) * Double(v[n]) }
        return (order.map { d[$0] }, cumulative, total > 0 ? moment / total : 0)
    }

    static func expectMatchesReference(_ d: [Float], _ v: [Float], _ label: String) throws {
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: d, volumes: v))
        let r = reference(d, v)
        #expect(h.sortedDoses.map(\.bitPattern) == r.doses.map(\.bitPattern), "\(label): order")
        #expect(h.cumulativeMM3 == r.cumulative, "\(label): cumulative volume")
        #expect(h.meanDose.bitPattern == r.mean.bitPattern, "\(label): mean dose")
    }

    /// Empty, tiny and large counts; the DVH's bucket queries (`DVHQueryTests`) use small and large
    /// buckets alike.
    @Test("random doses in wide, narrow and constant ranges, with many ties, match a comparison sort bit for bit",
          arguments: [0, 1, 2, 3, 5, 64, 65, 1000, 70_000])
    func matchesComparisonSort(count: Int) throws {
        var g = SplitMix(state: UInt64(count) &+ 17)
        let volumes = (0..<count).map { _ in Float.random(in: 0...8, using: &g) }
        // wide: negatives included
        try Self.expectMatchesReference((0..<count).map { _ in Float.random(in: -50...80, using: &g) }, volumes, "wide")
        // narrow (one binade): the sign and exponent bits are the same for every sample
        try Self.expectMatchesReference((0..<count).map { _ in Float.random(in: 32..<64, using: &g) }, volumes, "narrow")
        // few distinct values: long runs of ties must keep input order
        try Self.expectMatchesReference((0..<count).map { _ in Float(Int.random(in: 0...6, using: &g)) * 2.5 }, volumes, "ties")
        // one value everywhere (a course whose grid misses the structure)
        try Self.expectMatchesReference(Array(repeating: 0, count: count), volumes, "constant")
        // doses differing only in the lowest mantissa bits
        try Self.expectMatchesReference((0..<count).map { _ in Float(bitPattern: 0x4200_0000 | UInt32.random(in: 0..<2048, using: &g)) },
                                        volumes, "low bits")
    }

    @Test("positive zero sorts above negative zero; both keep their sign bit")
    func signedZeros() throws {
        let h = DoseVolumeHistogram(try DoseVolumeSamples(doses: [-0.0, 0, -1, -0.0, 0], volumes: [1, 2, 3, 4, 5]))
        #expect(h.sortedDoses.map(\.bitPattern) == [Float(0), 0, -0.0, -0.0, -1].map(\.bitPattern))
        #expect(h.cumulativeMM3 == [2, 7, 8, 12, 15])
    }
}
