import RTCore

/// A 3×3 real matrix stored by columns. Used for voxel direction cosines and rotations.
public struct Matrix3: Hashable, Sendable {
    public var c0: SIMD3<Double>, c1: SIMD3<Double>, c2: SIMD3<Double>
    @inlinable public init(columns c0: SIMD3<Double>, _ c1: SIMD3<Double>, _ c2: SIMD3<Double>) {
        self.c0 = c0; self.c1 = c1; self.c2 = c2
    }
    /// Row-major 9 numbers.
    public init(rowMajor m: [Double]) {
        precondition(m.count == 9)
        c0 = [m[0], m[3], m[6]]; c1 = [m[1], m[4], m[7]]; c2 = [m[2], m[5], m[8]]
    }
    public static let identity = Matrix3(columns: [1, 0, 0], [0, 1, 0], [0, 0, 1])
    public subscript(row: Int, column: Int) -> Double {
        switch column { case 0: return c0[row]; case 1: return c1[row]; default: return c2[row] }
    }
    public var rowMajor: [Double] { (0..<3).flatMap { r in (0..<3).map { c in self[r, c] } } }
    @inlinable public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> { m.c0 * v.x + m.c1 * v.y + m.c2 * v.z }
    @inlinable public static func * (a: Matrix3, b: Matrix3) -> Matrix3 { Matrix3(columns: a * b.c0, a * b.c1, a * b.c2) }
    @inlinable public var transposed: Matrix3 {
        Matrix3(columns: SIMD3(c0.x, c1.x, c2.x), SIMD3(c0.y, c1.y, c2.y), SIMD3(c0.z, c1.z, c2.z))
    }
    /// True when every off-diagonal entry is (±)0: each output coordinate depends on the same input
    /// coordinate alone (axes map onto axes, up to scale and sign).
    public var isDiagonal: Bool { c0.y == 0 && c0.z == 0 && c1.x == 0 && c1.z == 0 && c2.x == 0 && c2.y == 0 }
    public var determinant: Double {
        c0.x * (c1.y * c2.z - c2.y * c1.z) - c1.x * (c0.y * c2.z - c2.y * c0.z) + c2.x * (c0.y * c1.z - c1.y * c0.z)
    }
    /// M⁻¹ (rows: the columns' cross products over the determinant); not finite when M is singular.
    public var inverse: Matrix3 {
        let d = determinant
        return Matrix3(columns: cross(c1, c2) / d, cross(c2, c0) / d, cross(c0, c1) / d).transposed
    }
    /// True when every entry of MᵀM − I is within `Tolerance.orthonormality`.
    public var isOrthonormal: Bool {
        let p = transposed * self
        for r in 0..<3 { for c in 0..<3 where abs(p[r, c] - (r == c ? 1 : 0)) > Tolerance.orthonormality { return false } }
        return true
    }
}

@inlinable public func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
@inlinable public func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    [a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x]
}
@inlinable public func length(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }
