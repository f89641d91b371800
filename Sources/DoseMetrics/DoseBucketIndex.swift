/// The samples of a `DoseVolumeHistogram` grouped into equal-width dose buckets, hottest first, with
/// each bucket's volume and population: enough to find the one bucket a DVH query depends on, so
/// only that bucket's samples (and its non-empty neighbours', for the doses either side) are looked
/// at (`DoseBucketGather`), never all of them sorted.
///
/// Bucket b holds the samples whose dose d (Gy) gives ⌊(top − d) · scale⌋ = b (clamped to the last
/// bucket), computed in Double from the Float dose. That map is monotone: a hotter sample is never in
/// a colder bucket, so a sample in a bucket before b is strictly hotter than every sample of b, and
/// one in a later bucket strictly colder. Equal doses share a bucket.
///
/// The index keeps two numbers per bucket (volume, population), updated by each sample in one
/// 16-byte record: the pass over the samples is the costliest step of a DVH, and per-bucket extreme
/// doses, which only the queried buckets' neighbours need, are read from those neighbours' samples.
struct DoseBucketIndex: Sendable {
    /// Buckets of an index over n samples: about 8 samples per bucket, at most 4096.
    static func bucketCount(samples n: Int) -> Int { min(4096, max(1, n / 8)) }

    /// Highest sample dose (Gy); bucket 0 starts here.
    let top: Double
    /// Buckets per Gy (0 when every sample has the same dose).
    let scale: Double
    /// Number of buckets.
    let count: Int
    /// `volumeAbove[b]`: Σ volumes (mm³) of buckets 0..<b, each bucket summed in sample order;
    /// `count + 1` entries, the last being the total.
    let volumeAbove: [Double]
    /// Samples per bucket.
    let population: [Int32]

    /// Builds the index of `doses` (finite, Gy) and `volumes` (mm³), whose extremes are `top` and
    /// `bottom`. One pass over the samples.
    init(doses: UnsafeBufferPointer<Float>, volumes: UnsafeBufferPointer<Float>, top: Float, bottom: Float) {
        let count = Self.bucketCount(samples: doses.count), top = Double(top)
        let range = top - Double(bottom)
        let scale = range > 0 ? Double(count) / range : 0
        self.count = count; self.top = top; self.scale = scale
        struct Tally { var volume = 0.0; var population: Int32 = 0 }
        var tallies = [Tally](repeating: Tally(), count: count)
        tallies.withUnsafeMutableBufferPointer { t in
            for n in 0..<doses.count {
                let b = Self.bucket(doses[n], top: top, scale: scale, count: count)
                t[b].population &+= 1
                t[b].volume += Double(volumes[n])
            }
        }
        var above = [Double](repeating: 0, count: count + 1)
        for b in 0..<count { above[b + 1] = above[b] + tallies[b].volume }
        volumeAbove = above
        population = tallies.map(\.population)
    }

    /// The bucket of a sample dose, or of a query dose `Float(d)`: a Float sample s ≥ d has
    /// s ≥ Float(d), so it lies in that bucket or a hotter one; a sample below d in it or a colder one.
    @inline(__always) func bucket(_ dose: Float) -> Int { Self.bucket(dose, top: top, scale: scale, count: count) }

    @inline(__always) static func bucket(_ dose: Float, top: Double, scale: Double, count: Int) -> Int {
        let x = (top - Double(dose)) * scale
        return x < Double(count) ? Swift.max(Int(x), 0) : count - 1
    }

    /// The nearest non-empty bucket before `b`, if any.
    func previousNonEmpty(before b: Int) -> Int? {
        var p = b - 1
        while p >= 0 && population[p] == 0 { p -= 1 }
        return p >= 0 ? p : nil
    }

    /// The nearest non-empty bucket after `b`, if any.
    func nextNonEmpty(after b: Int) -> Int? {
        var p = b + 1
        while p < count && population[p] == 0 { p += 1 }
        return p < count ? p : nil
    }

    /// The first bucket whose cumulative volume `volumeAbove[b + 1]` reaches `volume` (mm³); the last
    /// bucket when none does.
    func bucket(reachingVolume volume: Double) -> Int {
        var lo = 0, hi = count - 1
        while lo < hi { let mid = (lo + hi) / 2; if volumeAbove[mid + 1] < volume { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
