/// An exact cumulative dose-volume histogram: the samples sorted by dose, hottest first, with their
/// running volume. No bins and no upper dose limit; curves for plots are exported on demand.
///
/// Definitions (doses Gy, volumes mm³ unless named cc or %): with doses d₀ ≥ d₁ ≥ … ≥ dₙ₋₁ and
/// cumulative volumes cₖ = v₀ + … + vₖ, the cumulative DVH is the piecewise-linear curve through
/// (cₖ, dₖ), flat at d₀ from volume 0 to c₀:
/// - D(V), the dose at volume V (`dose(atVolumeMM3:)`) = the lowest dose within the hottest V:
///   d₀ if V ≤ c₀, else dₖ₋₁ + (V − cₖ₋₁)/(cₖ − cₖ₋₁)·(dₖ − dₖ₋₁) for the first k with cₖ ≥ V
///   (interpolated inside the crossing sample, as `d_at_volume` of the peer reference.py).
/// - V(D), the volume receiving at least D (`volumeMM3(atDose:)`) = the inverse of the same curve:
///   0 above d₀, the whole volume at or below dₙ₋₁, cₖ when D = dₖ (ties: the last tied sample),
///   linear between (dₖ, cₖ) and (dₖ₊₁, cₖ₊₁) in between.
public struct DoseVolumeHistogram: Sendable {
    /// Sample doses sorted descending (Gy); ties in input order.
    public let sortedDoses: [Float]
    /// Running volume (mm³) including sample k, same order as `sortedDoses`.
    public let cumulativeMM3: [Double]
    /// Volume-weighted mean dose (Gy); 0 when empty.
    public let meanDose: Double

    public init(_ samples: DoseVolumeSamples) {
        let d = samples.doses, v = samples.volumes
        // Order samples by dose, hottest first, ties in input order: a stable LSD radix sort
        // (3 passes of 11 bits) on the inverted order-preserving bit pattern of each dose. Linear in
        // the number of samples; gives exactly the order of a stable comparison sort.
        let order = Self.descendingOrder(d)
        var sorted = [Float](), cumulative = [Double]()
        sorted.reserveCapacity(order.count); cumulative.reserveCapacity(order.count)
        var run = 0.0, moment = 0.0
        for n32 in order {
            let n = Int(n32)
            sorted.append(d[n]); run += Double(v[n]); cumulative.append(run)
            moment += Double(d[n]) * Double(v[n])
        }
        sortedDoses = sorted; cumulativeMM3 = cumulative
        meanDose = run > 0 ? moment / run : 0
    }

    /// Indices of `d` ordered by dose descending, ties in ascending index order (stable radix sort).
    static func descendingOrder(_ d: [Float]) -> [UInt32] {
        precondition(d.count < Int(UInt32.max), "too many samples for one structure")
        let n = d.count
        var keys = d.map { ~orderedBits($0) }
        var index = [UInt32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = UInt32(i) }; c = n }
        guard n > 1 else { return index }
        var keys2 = [UInt32](repeating: 0, count: n), index2 = [UInt32](repeating: 0, count: n)
        var count = [Int](repeating: 0, count: 2048)
        for shift in stride(from: 0, to: 33, by: 11) {
            for i in 0..<2048 { count[i] = 0 }
            for k in keys { count[Int((k >> UInt32(shift)) & 0x7FF)] += 1 }
            var total = 0
            for i in 0..<2048 { let c = count[i]; count[i] = total; total += c }
            for i in 0..<n {
                let b = Int((keys[i] >> UInt32(shift)) & 0x7FF)
                let dst = count[b]; count[b] = dst + 1
                keys2[dst] = keys[i]; index2[dst] = index[i]
            }
            swap(&keys, &keys2); swap(&index, &index2)
        }
        return index
    }

    /// A UInt32 whose unsigned order is the numeric order of `f` (negative values below positive ones).
    @inline(__always) static func orderedBits(_ f: Float) -> UInt32 {
        let b = f.bitPattern
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }

    public var isEmpty: Bool { sortedDoses.isEmpty || totalVolumeMM3 <= 0 }
    /// Σ sample volumes, mm³.
    public var totalVolumeMM3: Double { cumulativeMM3.last ?? 0 }
    /// Highest sample dose (Gy); nil when empty.
    public var maximumDose: Double? { sortedDoses.first.map(Double.init) }
    /// Lowest sample dose (Gy); nil when empty.
    public var minimumDose: Double? { sortedDoses.last.map(Double.init) }

    /// The lowest dose (Gy) within the hottest `volume` mm³ (definition in the type's comment); nil when
    /// empty. For `volume` ≥ the total volume this is the minimum dose.
    public func dose(atVolumeMM3 volume: Double) -> Double? {
        guard !sortedDoses.isEmpty else { return nil }
        let c = cumulativeMM3
        // first k with c[k] >= volume
        var lo = 0, hi = c.count
        while lo < hi { let mid = (lo + hi) / 2; if c[mid] < volume { lo = mid + 1 } else { hi = mid } }
        if lo >= c.count { return Double(sortedDoses[c.count - 1]) }
        if lo == 0 { return Double(sortedDoses[0]) }
        let f = (volume - c[lo - 1]) / (c[lo] - c[lo - 1])
        return Double(sortedDoses[lo - 1]) + f * (Double(sortedDoses[lo]) - Double(sortedDoses[lo - 1]))
    }

    /// Volume (mm³) receiving at least `dose` Gy (definition in the type's comment); 0 when empty.
    public func volumeMM3(atDose dose: Double) -> Double {
        let d = sortedDoses, c = cumulativeMM3
        guard let top = d.first, dose <= Double(top) else { return 0 }
        if dose <= Double(d[d.count - 1]) { return totalVolumeMM3 }
        // last k with d[k] >= dose (d descending)
        var lo = 0, hi = d.count
        while lo < hi { let mid = (lo + hi) / 2; if Double(d[mid]) >= dose { lo = mid + 1 } else { hi = mid } }
        let k = lo - 1
        let dk = Double(d[k]), dn = Double(d[k + 1])
        if dk == dose { return c[k] }
        return c[k] + (dk - dose) / (dk - dn) * (c[k + 1] - c[k])
    }
}
