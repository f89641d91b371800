/// The samples that make up the hottest V of a DVH, each with the volume it contributes: the region
/// whose lowest dose is D(V) (`DoseVolumeHistogram.dose(atVolumeMM3:)`).
///
/// Rule: with the samples in DVH order (dose descending) and running volumes cₖ, let k be the
/// crossing sample (the first with cₖ ≥ V) and dₖ its dose. Every sample hotter than dₖ counts with
/// its whole volume; the samples whose dose equals dₖ (the crossing sample and its ties) share the
/// rest, V minus the volume hotter than dₖ, in proportion to their volumes (each counts that
/// fraction of its volume). Without ties this is "every sample before k whole, k with its partial
/// volume V − cₖ₋₁"; with ties the region does not depend on the order the samples are stored in
/// (a flat layer of equal doses is cut evenly, not row by row). The contributions sum to V (mm³),
/// up to Double rounding; to the whole volume when V exceeds it.
public struct HottestVolume: Sendable, Hashable {
    /// Indices into the DVH's samples: those of the buckets hotter than the crossing one in sample
    /// order, then the crossing bucket's hotter samples and the tied ones in DVH order.
    public var indices: [Int]
    /// Volume (mm³) each of `indices` contributes: its whole volume, or (tied with the crossing
    /// sample) its share.
    public var volumesMM3: [Double]
    /// Σ `volumesMM3` (mm³), accumulated in Double in `indices` order.
    public var totalMM3: Double { volumesMM3.reduce(0, +) }

    public init(indices: [Int], volumesMM3: [Double]) {
        precondition(indices.count == volumesMM3.count, "one volume per sample index")
        self.indices = indices; self.volumesMM3 = volumesMM3
    }

    /// Σ v·x / Σ v of per-sample values `x` (indexed like the DVH's samples) over this region, in
    /// Double; nil when the region has no volume.
    public func weightedMean(_ x: (Int) -> Double) -> Double? {
        var moment = 0.0, volume = 0.0
        for (n, v) in zip(indices, volumesMM3) { moment += v * x(n); volume += v }
        return volume > 0 ? moment / volume : nil
    }
}

extension DoseVolumeHistogram {
    /// The samples of the hottest `volume` mm³ (rule in `HottestVolume`); nil when the DVH is empty
    /// or `volume` ≤ 0.
    ///
    /// Cheap: the bucket where the running volume reaches `volume` is found in the index; one pass
    /// over the doses takes every sample of a hotter bucket whole and gathers that bucket's samples,
    /// and only those are sorted, walked with the running volume `volumeAbove[b]` that D(V) uses.
    /// - Complexity: O(n) plus the sort of one bucket.
    public func hottest(volumeMM3 volume: Double) -> HottestVolume? {
        guard let index, volume > 0 else { return nil }
        let b = index.bucket(reachingVolume: volume)
        var indices: [Int] = [], volumes: [Double] = [], crossing: [UInt64] = []
        samples.doses.withUnsafeBufferPointer { d in
            samples.volumes.withUnsafeBufferPointer { v in
                for n in 0..<d.count {
                    let bucket = index.bucket(d[n])
                    if bucket < b {
                        indices.append(n); volumes.append(Double(v[n]))
                    } else if bucket == b {
                        crossing.append(DoseOrder.word(dose: d[n], index: n))
                    }
                }
                crossing.sort()
                // the crossing sample: the first whose running volume reaches V (as D(V) walks the bucket)
                let weight = { (word: UInt64) in Double(v[DoseOrder.index(word)]) }
                var running = index.volumeAbove[b], k = 0
                while k < crossing.count && running + weight(crossing[k]) < volume { running += weight(crossing[k]); k += 1 }
                guard k < crossing.count else {  // V is within rounding of the whole volume
                    for word in crossing { indices.append(DoseOrder.index(word)); volumes.append(weight(word)) }
                    return
                }
                // its tie group (DVH order keeps equal doses together), from `first` to `end`
                let dose = DoseOrder.dose(crossing[k])
                var first = k, end = k
                while first > 0 && DoseOrder.dose(crossing[first - 1]) == dose { first -= 1 }
                while end < crossing.count && DoseOrder.dose(crossing[end]) == dose { end += 1 }
                var hotter = index.volumeAbove[b]
                for word in crossing[..<first] {
                    indices.append(DoseOrder.index(word)); volumes.append(weight(word)); hotter += weight(word)
                }
                let tiedVolume = crossing[first..<end].reduce(0.0) { $0 + weight($1) }
                let share = tiedVolume > 0 ? min(1, max(0, volume - hotter) / tiedVolume) : 0
                for word in crossing[first..<end] { indices.append(DoseOrder.index(word)); volumes.append(weight(word) * share) }
            }
        }
        return HottestVolume(indices: indices, volumesMM3: volumes)
    }
}
