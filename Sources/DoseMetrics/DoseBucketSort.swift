/// Stable sort of one bucket of `DescendingDoseSort` words on the low `bits` bits of their key (the
/// high 32 bits of a word), in place. Reuses its digit counts across buckets; call `deallocate()`
/// when done.
///
/// Buckets of up to `insertionLimit` words use a stable insertion sort; larger ones a stable LSD
/// radix sort with 11-bit digits, skipping a digit that is the same for every word of the bucket
/// (it cannot change the order).
struct DoseBucketSort {
    static let digitBits = 11
    static let digits = 1 << digitBits
    /// Up to this many words, insertion sort beats clearing and summing the digit counts.
    static let insertionLimit = 64

    let bits: Int
    let passes: Int
    private let counts: UnsafeMutableBufferPointer<Int>

    init(bits: Int) {
        self.bits = bits
        passes = (bits + Self.digitBits - 1) / Self.digitBits
        counts = .allocate(capacity: passes * Self.digits)
    }

    func deallocate() { counts.deallocate() }

    /// Sorts `words` (stable, ascending key); `scratch` is work space of the same size.
    func sort(_ words: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
        precondition(scratch.count == words.count, "bucket sort: scratch of \(scratch.count) for \(words.count) words")
        if words.count <= Self.insertionLimit { insertionSort(words); return }
        counts.update(repeating: 0)
        for word in words {
            for p in 0..<passes { counts[p * Self.digits + digit(word, pass: p)] += 1 }
        }
        var source = words, target = scratch
        for p in 0..<passes {
            let histogram = UnsafeMutableBufferPointer(rebasing: counts[(p * Self.digits)..<((p + 1) * Self.digits)])
            if histogram[digit(source[0], pass: p)] == words.count { continue }
            var total = 0
            for d in 0..<Self.digits { let c = histogram[d]; histogram[d] = total; total += c }
            for word in source {
                let d = digit(word, pass: p)
                target[histogram[d]] = word
                histogram[d] += 1
            }
            swap(&source, &target)
        }
        if source.baseAddress != words.baseAddress { _ = words.update(fromContentsOf: source) }
    }

    /// Digit `pass` (0 = least significant, 11 bits) of a word's key. The top digit may include key
    /// bits above `bits`: they are the same for every word of a bucket, so they change no order.
    @inline(__always) func digit(_ word: UInt64, pass: Int) -> Int {
        Int((word >> UInt64(32 + pass * Self.digitBits)) & UInt64(Self.digits - 1))
    }

    /// Stable insertion sort on the key: a word moves left only past strictly greater keys.
    private func insertionSort(_ words: UnsafeMutableBufferPointer<UInt64>) {
        guard words.count > 1 else { return }
        for i in 1..<words.count {
            let word = words[i], key = word >> 32
            var j = i
            while j > 0 && words[j - 1] >> 32 > key { words[j] = words[j - 1]; j -= 1 }
            words[j] = word
        }
    }
}
