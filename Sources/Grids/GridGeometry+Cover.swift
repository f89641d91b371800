import RTCore

/// Growing a grid's lattice so that it covers given points.
extension GridGeometry {
    /// Most voxels along one axis of any grid DoseSum makes (2²⁰): the product of three such counts
    /// still fits an Int, so `voxelCount` never overflows; memory is limited by `MemoryBudget`.
    public static let maximumVoxelsPerAxis = 1 << 20

    /// The same lattice (origin, spacing and direction unchanged up to whole-voxel shifts), grown by
    /// whole voxels so that every point lies at least `margin` mm inside the span of voxel centres.
    /// Never shrinks. Used so that a structure is sampled whole even where no dose grid reaches it
    /// (dose is 0 there and a coverage diagnostic says so).
    /// - Throws: `DoseSumError(.geometry)` when a point is not finite or the grown grid would exceed
    ///   `maximumVoxelsPerAxis` on an axis (`what` names the points in the message).
    public func extended(toCover points: [SIMD3<Double>], margin: Double, what: String = "the structures") throws -> GridGeometry {
        guard !points.isEmpty else { return self }
        var lo = SIMD3<Double>(0, 0, 0)
        var hi = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))
        let m = SIMD3<Double>(repeating: margin) / spacing
        for p in points {
            guard p.x.isFinite && p.y.isFinite && p.z.isFinite else {
                throw DoseSumError(.geometry, "\(what) include a point that is not finite: \(p)")
            }
            let ijk = index(of: p)
            lo = pointwiseMin(lo, ijk - m); hi = pointwiseMax(hi, ijk + m)
        }
        let first = lo.rounded(.down), last = hi.rounded(.up)
        let n = try Self.latticeSize(last - first + 1, what: "the grid grown to cover \(what)")
        return GridGeometry(origin: point(atIndex: first), spacing: spacing, direction: direction, size: n)
    }

    /// Voxel counts per axis from Doubles, without a trapping conversion: each must be finite, ≥ 1 and
    /// at most `maximumVoxelsPerAxis`, else `DoseSumError(.geometry)` naming `what`.
    public static func latticeSize(_ n: SIMD3<Double>, what: String) throws -> SIMD3<Int> {
        let limit = Double(maximumVoxelsPerAxis)
        for a in 0..<3 where !(n[a].isFinite && n[a] >= 1 && n[a] <= limit) {
            throw DoseSumError(.geometry, "\(what) would span \(n[a]) voxels along axis \(["i", "j", "k"][a]), expected 1…\(maximumVoxelsPerAxis) (a coordinate or spacing is implausible)")
        }
        return SIMD3(Int(n.x), Int(n.y), Int(n.z))
    }
}
