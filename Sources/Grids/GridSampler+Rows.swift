extension GridSampler {
    /// The indices i ∈ 0..<count of the row `rowStart + step · i` (continuous source indices) that may
    /// be in support: a superset, widened by 10⁻⁶ index units and one voxel on each side, so every index
    /// left out is outside the support by far more than rounding and samples to 0. Used to skip the
    /// parts of a target row that miss the source grid; values are unchanged.
    @inlinable public func candidateRange(rowStart r: SIMD3<Double>, step s: SIMD3<Double>, count: Int) -> Range<Int> {
        let slack = 1e-6
        var lo = 0.0, hi = Double(count - 1)
        for a in 0..<3 {
            let a0 = lower[a] - slack - r[a], a1 = upper[a] + slack - r[a]
            if s[a] == 0 {
                if a0 > 0 || a1 < 0 { return 0..<0 }
                continue
            }
            let t0 = a0 / s[a], t1 = a1 / s[a]
            lo = Swift.max(lo, Swift.min(t0, t1) - 1)
            hi = Swift.min(hi, Swift.max(t0, t1) + 1)
        }
        guard lo <= hi else { return 0..<0 }
        return Int(lo.rounded(.down))..<(Int(hi.rounded(.down)) + 1)
    }
}
