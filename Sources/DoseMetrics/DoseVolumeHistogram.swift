/// An exact cumulative dose-volume histogram of weighted dose samples. No bins and no upper dose
/// limit; curves for plots are read from it on demand.
///
/// Definitions (doses Gy, volumes mm³ unless named cc or %): with the samples ordered by dose,
/// d₀ ≥ d₁ ≥ … ≥ dₙ₋₁ (ties in sample order), and cumulative volumes cₖ = v₀ + … + vₖ, the
/// cumulative DVH is the piecewise-linear curve through (cₖ, dₖ), flat at d₀ from volume 0 to c₀:
/// - D(V), the dose at volume V (`dose(atVolumeMM3:)`) = the lowest dose within the hottest V:
///   d₀ if V ≤ c₀, else dₖ₋₁ + (V − cₖ₋₁)/(cₖ − cₖ₋₁)·(dₖ − dₖ₋₁) for the first k with cₖ ≥ V
///   (interpolated inside the crossing sample, as `d_at_volume` of the peer reference.py).
/// - V(D), the volume receiving at least D (`volumeMM3(atDose:)`) = the inverse of the same curve:
///   0 above d₀, the whole volume at or below dₙ₋₁, cₖ when D = dₖ (ties: the last tied sample),
///   linear between (dₖ, cₖ) and (dₖ₊₁, cₖ₊₁) in between.
///
/// How: the samples are not all sorted. One pass groups them into equal-width dose buckets with their
/// volumes (`DoseBucketIndex`); a query finds the one bucket its answer lies in and looks only at
/// that bucket's samples and its non-empty neighbours' (`DoseBucketGather`): D(V) sorts them, V(D)
/// scans them. The running volume at a bucket is the sum of the hotter buckets' volumes, so cₖ may
/// differ from a sum in sorted order by Double rounding (~1e-16 relative); doses are the samples'
/// own. Batch queries (`doses(atVolumesMM3:)`, `volumesMM3(atDoses:)`, `evaluate(_: [DoseMetric])`,
/// curves) gather all their buckets in one pass: O(n) per batch. The full order is still available as
/// `sortedDoses`/`cumulativeMM3` (a full sort, for inspection and tests).
public struct DoseVolumeHistogram: Sendable {
    /// The samples, as given.
    public let samples: DoseVolumeSamples
    /// Volume-weighted mean dose (Gy), Σ d·v / Σ v accumulated in Double in sample order; 0 when empty.
    public let meanDose: Double
    /// Highest sample dose (Gy); nil when empty.
    public let maximumDose: Double?
    /// Lowest sample dose (Gy); nil when empty.
    public let minimumDose: Double?
    let index: DoseBucketIndex?

    public init(_ samples: DoseVolumeSamples) {
        self.samples = samples
        var top = -Float.infinity, bottom = Float.infinity, run = 0.0, moment = 0.0
        index = samples.doses.withUnsafeBufferPointer { d in
            samples.volumes.withUnsafeBufferPointer { v in
                for n in 0..<d.count {
                    let dose = d[n], volume = Double(v[n])
                    top = max(top, dose); bottom = min(bottom, dose)
                    run += volume; moment += Double(dose) * volume
                }
                return d.isEmpty ? nil : DoseBucketIndex(doses: d, volumes: v, top: top, bottom: bottom)
            }
        }
        meanDose = run > 0 ? moment / run : 0
        maximumDose = index == nil ? nil : Double(top)
        minimumDose = index == nil ? nil : Double(bottom)
    }

    public var isEmpty: Bool { index == nil || totalVolumeMM3 <= 0 }
    /// Σ sample volumes, mm³ (the running volume through the last sample).
    public var totalVolumeMM3: Double { index?.volumeAbove.last ?? 0 }

    /// The lowest dose (Gy) within the hottest `volume` mm³ (definition in the type's comment); nil when
    /// empty. For `volume` ≥ the total volume this is the minimum dose.
    public func dose(atVolumeMM3 volume: Double) -> Double? { doses(atVolumesMM3: [volume])[0] }

    /// Volume (mm³) receiving at least `dose` Gy (definition in the type's comment); 0 when empty.
    public func volumeMM3(atDose dose: Double) -> Double { volumesMM3(atDoses: [dose])[0] }

    /// A dose L > 0 (Gy) such that the samples with dose ≥ L hold at least `volume` (mm³): the lower
    /// edge of the dose bucket where the running volume reaches `volume` (every sample of that bucket
    /// and the hotter ones lies at or above it), lowered by a relative 1e-9 for the rounding of the
    /// bucket map; nil when the samples hold less than `volume`, or no positive L does. A cheap,
    /// conservative level (`HoldingLevel`), at most the exact D(volume); O(log buckets), no pass over
    /// the samples.
    public func holdingLevel(_ volume: Double) -> Double? {
        guard let index, let top = maximumDose, let bottom = minimumDose, volume <= totalVolumeMM3 else { return nil }
        let edge: Double
        if index.scale > 0 {
            let b = index.bucket(reachingVolume: volume)
            guard index.volumeAbove[b + 1] >= volume else { return nil }
            // the last bucket also holds the samples clamped into it: its edge is the minimum
            edge = b == index.count - 1 ? bottom : top - Double(b + 1) / index.scale
        } else {
            edge = top  // every sample at the one dose
        }
        let l = edge - 1e-9 * (1 + abs(top))
        return l > 0 ? l : nil
    }

    /// `dose(atVolumeMM3:)` of each volume, gathering the buckets of all of them in one pass.
    public func doses(atVolumesMM3 volumes: [Double]) -> [Double?] { answer(volumes: volumes, doses: []).doses }

    /// `volumeMM3(atDose:)` of each dose, gathering the buckets of all of them in one pass.
    public func volumesMM3(atDoses doses: [Double]) -> [Double] { answer(volumes: [], doses: doses).volumes }

    /// D(V) of each of `volumes` (mm³) and V(D) of each of `doses` (Gy), from one gather of their buckets.
    /// D(V) sorts only the bucket where the running volume crosses V; V(D) scans only the bucket of D
    /// (no sorting): the volume of the hotter buckets, that bucket's samples at or above D, and the
    /// nearest sample doses either side (from the bucket or the index's neighbouring buckets).
    func answer(volumes: [Double], doses: [Double]) -> (doses: [Double?], volumes: [Double]) {
        guard let index, let top = maximumDose, let bottom = minimumDose else {
            return (volumes.map { _ in nil }, doses.map { _ in 0 })
        }
        let total = totalVolumeMM3
        // Each query's bucket with its non-empty neighbours, whose samples give the doses either side:
        // D(V) needs the one before, V(D) both. Chosen here once; these are the buckets gathered.
        let volumeBuckets = volumes.map { $0 > total ? nil : Neighbours(index.bucket(reachingVolume: $0), in: index, next: false) }
        let doseBuckets = doses.map { $0 > top || $0 <= bottom ? nil : Neighbours(index.bucket(Float($0)), in: index, next: true) }
        let buckets = (volumeBuckets + doseBuckets).flatMap { n in [n?.bucket, n?.previous, n?.next].compactMap { $0 } }
        return withGather(buckets, index) { gather, weights in
            let d = zip(volumes, volumeBuckets).map { volume, bucket -> Double? in
                guard let b = bucket else { return bottom }  // beyond the total: the minimum
                return Self.dose(atVolume: volume, bucket: b, gather, weights)
            }
            let v = zip(doses, doseBuckets).map { dose, bucket -> Double in
                guard let b = bucket else { return dose > top ? 0 : total }
                return Self.volume(atDose: dose, bucket: b, gather, weights)
            }
            return (d, v)
        }
    }

    /// A query's bucket and the nearest non-empty buckets before it and (when asked) after it.
    private struct Neighbours {
        let bucket: Int, previous: Int?, next: Int?
        init(_ bucket: Int, in index: DoseBucketIndex, next: Bool) {
            self.bucket = bucket
            previous = index.previousNonEmpty(before: bucket)
            self.next = next ? index.nextNonEmpty(after: bucket) : nil
        }
    }

    /// D(V) when the running volume first reaches `volume` in bucket `n.bucket`.
    private static func dose(atVolume volume: Double, bucket n: Neighbours, _ gather: DoseBucketGather, _ weights: UnsafeBufferPointer<Float>) -> Double {
        let index = gather.index, b = n.bucket
        // the sample before this bucket's first: the coldest of the previous non-empty bucket
        var before = (dose: n.previous.map { Double(gather.coldest(ofBucket: $0)) }, cumulative: index.volumeAbove[b])
        var lastDose = before.dose ?? index.top
        for sample in gather.samples(ofBucket: b, sorted: true) {
            let dose = Double(sample.dose), cumulative = before.cumulative + Double(weights[sample.index])
            if cumulative >= volume {
                // first k with c[k] >= volume: d₀ when k = 0, else interpolated inside sample k
                guard let d = before.dose else { return dose }
                return d + (volume - before.cumulative) / (cumulative - before.cumulative) * (dose - d)
            }
            before = (dose, cumulative); lastDose = dose
        }
        return lastDose  // the volume is within rounding of the bucket's end
    }

    /// V(D) for a dose strictly between the extremes, whose bucket is `n.bucket`.
    private static func volume(atDose dose: Double, bucket n: Neighbours, _ gather: DoseBucketGather, _ weights: UnsafeBufferPointer<Float>) -> Double {
        let index = gather.index, b = n.bucket
        // k: the last sample (DVH order) at or above the dose; k + 1 the first below it.
        var ck = index.volumeAbove[b]
        var dk: Float?, dn: Float?, vn: Float = 0
        for sample in gather.samples(ofBucket: b, sorted: false) {
            let s = sample.dose
            if Double(s) >= dose {
                ck += Double(weights[sample.index])
                if dk == nil || DoseOrder.orderedBits(s) < DoseOrder.orderedBits(dk!) { dk = s }
            } else if dn == nil || DoseOrder.orderedBits(s) > DoseOrder.orderedBits(dn!) {
                dn = s; vn = weights[sample.index]
            }
        }
        if dk == nil, let p = n.previous { dk = gather.coldest(ofBucket: p) }
        if dn == nil, let q = n.next { let h = gather.hottest(ofBucket: q); dn = h.dose; vn = weights[h.index] }
        guard let k = dk, let n = dn else { preconditionFailure("DVH: no samples either side of \(dose) Gy") }
        let dkD = Double(k), dnD = Double(n)
        if dkD == dose { return ck }
        return ck + (dkD - dose) / (dkD - dnD) * Double(vn)
    }

    private func withGather<R>(_ buckets: [Int], _ index: DoseBucketIndex,
                               _ body: (DoseBucketGather, UnsafeBufferPointer<Float>) -> R) -> R {
        samples.doses.withUnsafeBufferPointer { d in
            samples.volumes.withUnsafeBufferPointer { v in body(DoseBucketGather(buckets, index: index, doses: d), v) }
        }
    }

    /// Every sample dose (Gy) in DVH order: descending, ties in sample order. Sorts all samples
    /// (O(n log n)); the queries above do not need it.
    public var sortedDoses: [Float] { sorted().doses }
    /// Running volume (mm³) through each sample of `sortedDoses`, accumulated in Double in that order.
    public var cumulativeMM3: [Double] { sorted().cumulative }

    private func sorted() -> (doses: [Float], cumulative: [Double]) {
        let d = samples.doses, v = samples.volumes
        precondition(d.count < Int(UInt32.max), "too many samples for one structure")
        let words = d.indices.map { DoseOrder.word(dose: d[$0], index: $0) }.sorted()
        var run = 0.0
        return (words.map(DoseOrder.dose), words.map { run += Double(v[DoseOrder.index($0)]); return run })
    }
}
