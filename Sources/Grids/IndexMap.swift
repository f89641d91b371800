/// An affine map from positions (mm) in some evaluation frame to continuous voxel indices of a grid:
/// `index = linear * p + offset`. Built from the grid geometry and the rigid transform taking the
/// evaluation frame into the grid's own patient frame.
public struct IndexMap: Hashable, Sendable {
    public var linear: Matrix3
    public var offset: SIMD3<Double>

    /// `index = S⁻¹ Dᵀ (R p + t − origin)` with D the grid's direction, S its spacing and (R, t) = `evaluationToGrid`.
    public init(geometry g: GridGeometry, evaluationToGrid t: RigidTransform = .identity) {
        let dt = g.direction.transposed
        let a = dt * t.rotation
        linear = Matrix3(columns: a.c0 / g.spacing, a.c1 / g.spacing, a.c2 / g.spacing)
        offset = (dt * (t.translation - g.origin)) / g.spacing
    }

    @inlinable public func callAsFunction(_ p: SIMD3<Double>) -> SIMD3<Double> { linear * p + offset }

    /// The map from voxel indices of `target` (whose positions are in the evaluation frame) to
    /// continuous indices of this grid: `index = linear' * ijk + offset'`.
    public func composed(withIndicesOf target: GridGeometry) -> IndexMap {
        let d = target.direction, s = target.spacing
        return IndexMap(linear: Matrix3(columns: linear * (d.c0 * s.x), linear * (d.c1 * s.y), linear * (d.c2 * s.z)),
                        offset: self(target.origin))
    }

    public init(linear: Matrix3, offset: SIMD3<Double>) { self.linear = linear; self.offset = offset }
}
