/// Orders (dose, volume) samples by dose, hottest first, ties in input order: the order of a stable
/// comparison sort on descending dose, computed by stable radix sorting (linear in the count).
///
/// Each sample travels as one 64-bit word: the high 32 bits are the inverted order-preserving bit
/// pattern of the dose (`key`, ascending key = descending dose), the low 32 bits the volume's bit
/// pattern (mm³). Every step looks at the key only and is stable, so equal doses keep their input
/// order whatever their volumes; dose and volume come back bit for bit. Positive zero counts as
/// hotter than negative zero (their bit patterns differ).
///
/// Steps: one pass builds the words and counts the top 11 key bits (sign, exponent, 2 mantissa
/// bits); a stable scatter splits the words into those buckets; then each bucket is sorted on its
/// remaining 21 bits on its own (`DoseBucketSort`), in cache, instead of every radix pass sweeping
/// all samples.
enum DescendingDoseSort {
    /// Key bits that choose the bucket (the most significant ones).
    static let topBits = 11
    static let buckets = 1 << topBits
    /// Key bits sorted within a bucket.
    static let lowBits = 32 - topBits

    /// Calls `body` with the samples ordered as above, as packed words (decode with `dose(_:)` and
    /// `volume(_:)`). The buffer is valid only during the call.
    /// - Precondition: `doses.count == volumes.count` and fewer than 2³² samples.
    /// - Complexity: O(n) time, 16 n bytes of scratch.
    static func withSorted<R>(doses: UnsafeBufferPointer<Float>, volumes: UnsafeBufferPointer<Float>,
                              _ body: (UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
        let n = doses.count
        precondition(volumes.count == n && n < Int(UInt32.max), "too many samples for one structure")
        let words = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let sorted = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let start = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets + 1)
        defer { words.deallocate(); sorted.deallocate(); start.deallocate() }
        start.initialize(repeating: 0)
        for i in 0..<n {
            let key = ~orderedBits(doses[i])
            words[i] = UInt64(key) << 32 | UInt64(volumes[i].bitPattern)
            start[bucket(key) + 1] += 1
        }
        for b in 0..<buckets { start[b + 1] += start[b] }  // counts → bucket bounds
        let next = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets)
        defer { next.deallocate() }
        _ = next.initialize(from: start[0..<buckets])
        for word in words {  // stable: input order within a bucket
            let b = bucket(key(word))
            sorted[next[b]] = word
            next[b] += 1
        }
        var bucketSort = DoseBucketSort(bits: lowBits)
        defer { bucketSort.deallocate() }
        for b in 0..<buckets where start[b + 1] - start[b] > 1 {
            let range = start[b]..<start[b + 1]
            bucketSort.sort(UnsafeMutableBufferPointer(rebasing: sorted[range]), scratch: UnsafeMutableBufferPointer(rebasing: words[range]))
        }
        return try body(UnsafeBufferPointer(sorted))
    }

    @inline(__always) static func bucket(_ key: UInt32) -> Int { Int(key >> UInt32(lowBits)) }
    @inline(__always) static func key(_ word: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: word >> 32) }
    /// The dose (Gy) of a packed word, bit for bit as given.
    @inline(__always) static func dose(_ word: UInt64) -> Float { Float(bitPattern: floatBits(ordered: ~key(word))) }
    /// The volume (mm³) of a packed word, bit for bit as given.
    @inline(__always) static func volume(_ word: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: word)) }

    /// A UInt32 whose unsigned order is the numeric order of `f` (negative values below positive ones).
    @inline(__always) static func orderedBits(_ f: Float) -> UInt32 {
        let b = f.bitPattern
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }
    /// The inverse of `orderedBits`: the Float bit pattern back from its ordered form.
    @inline(__always) static func floatBits(ordered o: UInt32) -> UInt32 {
        o & 0x8000_0000 != 0 ? o & 0x7FFF_FFFF : ~o
    }
}
