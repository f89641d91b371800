/// Orders (dose, volume) samples by dose, hottest first, ties in input order: the order of a stable
/// comparison sort on descending dose, computed by a stable LSD radix sort (linear in the count).
///
/// Each sample travels as one 64-bit word: the high 32 bits are the inverted order-preserving bit
/// pattern of the dose (`key`, ascending key = descending dose), the low 32 bits the volume's bit
/// pattern (mm³). The sort looks at the key only and every pass is stable, so equal doses keep their
/// input order whatever their volumes; dose and volume come back bit for bit. Positive zero counts as
/// hotter than negative zero (their bit patterns differ).
///
/// The key is cut into three 11-bit digits; a digit that is the same for every sample (common: the
/// exponent bits of doses in a narrow range, or a dose that is 0 everywhere) cannot change the order
/// and its pass is skipped. All three digit histograms come from the one pass that builds the words.
enum DescendingDoseSort {
    static let digitBits = 11
    static let buckets = 1 << digitBits
    static let passes = 3

    /// Calls `body` with the samples ordered as above, as packed words (decode with `dose(_:)` and
    /// `volume(_:)`). The buffer is valid only during the call.
    /// - Precondition: `doses.count == volumes.count` and fewer than 2³² samples.
    /// - Complexity: O(n) time, 16 n bytes of scratch.
    static func withSorted<R>(doses: UnsafeBufferPointer<Float>, volumes: UnsafeBufferPointer<Float>,
                              _ body: (UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
        let n = doses.count
        precondition(volumes.count == n && n < Int(UInt32.max), "too many samples for one structure")
        let a = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let b = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: passes * buckets)
        defer { a.deallocate(); b.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0)
        for i in 0..<n {
            let key = ~orderedBits(doses[i])
            a[i] = UInt64(key) << 32 | UInt64(volumes[i].bitPattern)
            for p in 0..<passes { counts[p * buckets + digit(key, pass: p)] += 1 }
        }
        var source = a, target = b
        for p in 0..<passes where n > 0 {
            let histogram = UnsafeMutableBufferPointer(rebasing: counts[(p * buckets)..<((p + 1) * buckets)])
            if histogram[digit(key(source[0]), pass: p)] == n { continue }  // one digit for all: order unchanged
            scatter(source, into: target, histogram: histogram, pass: p)
            swap(&source, &target)
        }
        return try body(UnsafeBufferPointer(source))
    }

    /// One stable counting-sort pass on digit `pass`: turns `histogram` into bucket starts and moves
    /// each word of `source` to its bucket in `target`, in source order within a bucket.
    @inline(__always) static func scatter(_ source: UnsafeMutableBufferPointer<UInt64>, into target: UnsafeMutableBufferPointer<UInt64>,
                                          histogram: UnsafeMutableBufferPointer<Int>, pass: Int) {
        var total = 0
        for i in 0..<buckets { let c = histogram[i]; histogram[i] = total; total += c }
        for word in source {
            let d = digit(key(word), pass: pass)
            target[histogram[d]] = word
            histogram[d] += 1
        }
    }

    @inline(__always) static func digit(_ key: UInt32, pass: Int) -> Int {
        Int((key >> UInt32(pass * digitBits)) & UInt32(buckets - 1))
    }
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
