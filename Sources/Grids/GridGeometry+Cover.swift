/// Growing a grid's lattice so that it covers given points.
extension GridGeometry {
    /// The same lattice (origin, spacing and direction unchanged up to whole-voxel shifts), grown by
    /// whole voxels so that every point lies at least `margin` mm inside the span of voxel centres.
    /// Never shrinks. Used so that a structure is sampled whole even where no dose grid reaches it
    /// (dose is 0 there and a coverage diagnostic says so).
    public func extended(toCover points: [SIMD3<Double>], margin: Double) -> GridGeometry {
        guard !points.isEmpty else { return self }
        var lo = SIMD3<Double>(0, 0, 0)
        var hi = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))
        let m = SIMD3<Double>(repeating: margin) / spacing
        for p in points {
            let ijk = index(of: p)
            lo = pointwiseMin(lo, ijk - m); hi = pointwiseMax(hi, ijk + m)
        }
        let first = lo.rounded(.down), last = hi.rounded(.up)
        let n = last - first + 1
        return GridGeometry(origin: point(atIndex: first), spacing: spacing, direction: direction,
                            size: SIMD3(Int(n.x), Int(n.y), Int(n.z)))
    }
}
