/// DVH order of dose samples: dose descending, ties in sample order, +0 above −0 (the order of a
/// stable comparison sort on the doses' bit-pattern order).
///
/// A sample travels as one 64-bit word: the high 32 bits are the inverted order-preserving bit
/// pattern of its dose (ascending = descending dose), the low 32 bits its index, so ascending words
/// are DVH order and the dose comes back bit for bit.
enum DoseOrder {
    /// The packed word of sample `index` with dose `dose`.
    /// - Precondition: `index` < 2³².
    @inline(__always) static func word(dose: Float, index: Int) -> UInt64 {
        UInt64(~orderedBits(dose)) << 32 | UInt64(truncatingIfNeeded: index)
    }
    /// The dose (Gy) of a packed word, bit for bit as given.
    @inline(__always) static func dose(_ word: UInt64) -> Float {
        Float(bitPattern: floatBits(ordered: ~UInt32(truncatingIfNeeded: word >> 32)))
    }
    /// The sample index of a packed word.
    @inline(__always) static func index(_ word: UInt64) -> Int { Int(truncatingIfNeeded: word & 0xFFFF_FFFF) }

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
