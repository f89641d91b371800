import RTCore

/// A sampling lattice fixed in patient space, independent of any dose grid.
extension GridGeometry {
    /// The lattice whose axes are patient x, y, z and whose voxel centres lie at whole multiples of
    /// `spacing` (mm, > 0) along each axis (LPS, mm), just large enough that every point lies at least
    /// `margin` mm inside the span of its voxel centres. Two calls with the same spacing give voxels on
    /// the same positions whatever the points: only the extent differs, so a structure sampled on it
    /// gets the same samples whichever other points (or dose grids) there are.
    /// With no points: one voxel at the origin.
    /// - Throws: `DoseSumError(.geometry)` when a point is not finite or the lattice would exceed
    ///   `maximumVoxelsPerAxis` on an axis (`what` names the points in the message).
    public static func anchoredLattice(covering points: [SIMD3<Double>], spacing: Double, margin: Double,
                                       what: String = "the structures") throws -> GridGeometry {
        precondition(spacing > 0 && spacing.isFinite, "anchoredLattice: spacing must be finite and > 0")
        guard !points.isEmpty else { return GridGeometry(origin: .zero, spacing: SIMD3(repeating: spacing), size: SIMD3(1, 1, 1)) }
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for p in points {
            guard p.x.isFinite && p.y.isFinite && p.z.isFinite else {
                throw DoseSumError(.geometry, "\(what) include a point that is not finite: \(p)")
            }
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        let first = ((lo - margin) / spacing).rounded(.down), last = ((hi + margin) / spacing).rounded(.up)
        let n = try latticeSize(last - first + 1, what: "the sampling lattice covering \(what)")
        return GridGeometry(origin: first * spacing, spacing: SIMD3(repeating: spacing), size: n)
    }
}
