extension GridGeometry {
    /// The same voxel lattice expressed in another frame: `t` maps this geometry's frame into the new
    /// one, so voxel centre p becomes `t.apply(p)` (origin moved, direction rotated; spacing and size kept).
    public func transformed(by t: RigidTransform) -> GridGeometry {
        GridGeometry(origin: t.apply(origin), spacing: spacing, direction: t.rotation * direction, size: size)
    }

    /// The 8 corners (LPS, mm) of the box spanned by the voxel **centres** — the support of the
    /// grid's interpolant. Repeated corners for size-1 axes.
    public var centreBoxCorners: [SIMD3<Double>] {
        let hi = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))
        return (0..<8).map { c in
            point(atIndex: SIMD3(c & 1 == 0 ? 0 : hi.x, c & 2 == 0 ? 0 : hi.y, c & 4 == 0 ? 0 : hi.z))
        }
    }
}
