/// The samples of chosen `DoseBucketIndex` buckets, gathered in one pass over all samples, each
/// bucket's in sample order.
struct DoseBucketGather {
    /// For each gathered bucket, its first word in `words`; -1 for the others.
    private var start: [Int]
    /// The gathered samples, bucket after bucket, as `DoseOrder` words (ascending = DVH order).
    private var words: [UInt64]
    let index: DoseBucketIndex

    /// Gathers every bucket in `buckets`.
    init(_ buckets: [Int], index: DoseBucketIndex, doses: UnsafeBufferPointer<Float>) {
        self.index = index
        var start = [Int](repeating: -1, count: index.count)
        var total = 0
        for b in buckets where start[b] < 0 { start[b] = total; total += Int(index.population[b]) }
        var words = [UInt64](repeating: 0, count: total)
        if total > 0 {
            var next = start
            for n in 0..<doses.count {
                let b = index.bucket(doses[n])
                let at = next[b]
                guard at >= 0 else { continue }
                words[at] = DoseOrder.word(dose: doses[n], index: n)
                next[b] = at + 1
            }
        }
        self.start = start; self.words = words
    }

    /// Bucket `b`'s samples as (dose, sample index), in sample order or, when `sorted`, in DVH order
    /// (dose descending, ties in sample order).
    func samples(ofBucket b: Int, sorted: Bool) -> [(dose: Float, index: Int)] {
        let first = start[b]
        precondition(first >= 0, "DVH bucket \(b) was not gathered")
        var bucket = Array(words[first..<(first + Int(index.population[b]))])
        if sorted { bucket.sort() }
        return bucket.map { (DoseOrder.dose($0), DoseOrder.index($0)) }
    }

    /// The coldest dose (Gy) of gathered, non-empty bucket `b`.
    func coldest(ofBucket b: Int) -> Float { DoseOrder.dose(words(ofBucket: b).max()!) }

    /// The hottest dose (Gy) of gathered, non-empty bucket `b`, and the index of the first sample (in
    /// sample order) at that dose.
    func hottest(ofBucket b: Int) -> (dose: Float, index: Int) {
        let w = words(ofBucket: b).min()!
        return (DoseOrder.dose(w), DoseOrder.index(w))
    }

    private func words(ofBucket b: Int) -> ArraySlice<UInt64> {
        let first = start[b]
        precondition(first >= 0, "DVH bucket \(b) was not gathered")
        return words[first..<(first + Int(index.population[b]))]
    }
}
