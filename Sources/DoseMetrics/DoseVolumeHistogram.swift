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
        let n = samples.count
        var run = 0.0, moment = 0.0
        var cumulative: [Double] = []
        // Hottest first, ties in input order (`DescendingDoseSort`); then one sequential pass that
        // decodes each dose and accumulates the volume (mm³) and dose·volume in that order, in Double.
        sortedDoses = samples.doses.withUnsafeBufferPointer { d in
            samples.volumes.withUnsafeBufferPointer { v in
                DescendingDoseSort.withSorted(doses: d, volumes: v) { words in
                    [Float](unsafeUninitializedCapacity: n) { sorted, sortedCount in
                        cumulative = [Double](unsafeUninitializedCapacity: n) { cum, cumCount in
                            for (k, word) in words.enumerated() {
                                let dose = Double(DescendingDoseSort.dose(word)), volume = Double(DescendingDoseSort.volume(word))
                                sorted[k] = DescendingDoseSort.dose(word)
                                run += volume; cum[k] = run
                                moment += dose * volume
                            }
                            cumCount = n
                        }
                        sortedCount = n
                    }
                }
            }
        }
        cumulativeMM3 = cumulative
        meanDose = run > 0 ? moment / run : 0
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
