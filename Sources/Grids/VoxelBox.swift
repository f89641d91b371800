/// A box of voxel indices of one grid: every (i, j, k) with `lower ≤ (i, j, k) ≤ upper` on each axis
/// (inclusive bounds). Used to read and hold only part of a dose grid.
public struct VoxelBox: Hashable, Sendable, CustomStringConvertible {
    public var lower: SIMD3<Int>
    public var upper: SIMD3<Int>

    /// - Precondition: `lower ≤ upper` on every axis.
    public init(lower: SIMD3<Int>, upper: SIMD3<Int>) {
        precondition(lower.x <= upper.x && lower.y <= upper.y && lower.z <= upper.z, "VoxelBox: lower \(lower) > upper \(upper)")
        self.lower = lower; self.upper = upper
    }

    /// Voxels along i, j, k.
    public var size: SIMD3<Int> { upper &- lower &+ 1 }
    public var voxelCount: Int { size.x * size.y * size.z }
    public var description: String {
        "i \(lower.x)…\(upper.x), j \(lower.y)…\(upper.y), k \(lower.z)…\(upper.z)"
    }
}

extension GridGeometry {
    /// The whole grid as a box.
    public var wholeBox: VoxelBox { VoxelBox(lower: .zero, upper: size &- 1) }

    /// The geometry of the voxels of `box`: the same spacing and directions, origin at the box's
    /// first voxel centre. Its continuous index is this grid's minus `box.lower`.
    public func cropped(to box: VoxelBox) -> GridGeometry {
        GridGeometry(origin: point(atIndex: SIMD3<Double>(box.lower)), spacing: spacing, direction: direction, size: box.size)
    }

    /// The smallest box holding every voxel the trilinear interpolant uses at the given positions
    /// (this grid's frame, LPS mm), widened by `margin` voxels and clamped to the grid; never empty.
    ///
    /// A crop to this box interpolates exactly like the whole grid at these positions, and a position
    /// outside the whole grid's support is outside the crop's too (0 dose in both): every position
    /// is at least `margin` voxels inside a side of the box that is not a side of the grid.
    /// - Parameter margin: ≥ 1.
    public func box(around points: [SIMD3<Double>], margin: Int = 1) -> VoxelBox {
        precondition(margin >= 1, "box(around:): margin must be at least one voxel")
        guard !points.isEmpty else { return VoxelBox(lower: .zero, upper: .zero) }
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for p in points {
            let ijk = index(of: p)
            lo = pointwiseMin(lo, ijk); hi = pointwiseMax(hi, ijk)
        }
        let last = size &- 1
        func clamp(_ v: Double, _ n: Int) -> Int {
            guard v.isFinite else { return v > 0 ? n : 0 }
            return Int(Swift.min(Swift.max(v, -1), Double(n) + 1))
        }
        var lower = SIMD3<Int>.zero, upper = SIMD3<Int>.zero
        for a in 0..<3 {
            let l = clamp(lo[a].rounded(.down), last[a]) - margin
            let u = clamp(hi[a].rounded(.up), last[a]) + margin
            lower[a] = Swift.min(Swift.max(l, 0), last[a])
            upper[a] = Swift.max(Swift.min(u, last[a]), lower[a])
        }
        return VoxelBox(lower: lower, upper: upper)
    }
}
