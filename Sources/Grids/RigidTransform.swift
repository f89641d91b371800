import RTCore

/// A rigid mapping of patient coordinates (mm): `p' = rotation * p + translation`.
/// Built from a 4×4 homogeneous matrix as in DICOM Spatial Registration (row-major, last row 0 0 0 1).
public struct RigidTransform: Hashable, Sendable {
    public var rotation: Matrix3
    public var translation: SIMD3<Double>

    public init(rotation: Matrix3 = .identity, translation: SIMD3<Double> = .zero) {
        self.rotation = rotation; self.translation = translation
    }
    public static let identity = RigidTransform()

    /// From 16 numbers, row-major. Throws unless the upper 3×3 is a proper rotation (orthonormal,
    /// determinant +1) and the last row is 0 0 0 1, each within `Tolerance.orthonormality`.
    public init(rowMajor4x4 m: [Double]) throws {
        guard m.count == 16, m.allSatisfy(\.isFinite) else {
            throw DoseSumError(.invalidValue, "a rigid matrix needs 16 finite numbers, got \(m.count)")
        }
        let last = [m[12], m[13], m[14], m[15]]
        guard abs(last[0]) < Tolerance.orthonormality, abs(last[1]) < Tolerance.orthonormality,
              abs(last[2]) < Tolerance.orthonormality, abs(last[3] - 1) < Tolerance.orthonormality else {
            throw DoseSumError(.invalidValue, "the last row of a rigid 4×4 matrix must be 0 0 0 1, got \(last)")
        }
        let r = Matrix3(rowMajor: [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]])
        guard r.isOrthonormal, r.determinant > 0 else {
            throw DoseSumError(.invalidValue, "the 3×3 part of the matrix is not a rotation (orthonormal, det +1): \(r.rowMajor)")
        }
        self.rotation = r
        self.translation = [m[3], m[7], m[11]]
    }

    public var rowMajor4x4: [Double] {
        let r = rotation.rowMajor
        return [r[0], r[1], r[2], translation.x, r[3], r[4], r[5], translation.y, r[6], r[7], r[8], translation.z, 0, 0, 0, 1]
    }
    @inlinable public func apply(_ p: SIMD3<Double>) -> SIMD3<Double> { rotation * p + translation }
    public var inverse: RigidTransform {
        let rt = rotation.transposed
        return RigidTransform(rotation: rt, translation: -(rt * translation))
    }
    /// `(a.then(b)).apply(p) == b.apply(a.apply(p))`
    public func then(_ next: RigidTransform) -> RigidTransform {
        RigidTransform(rotation: next.rotation * rotation, translation: next.rotation * translation + next.translation)
    }
    public var isIdentity: Bool {
        length(translation) <= Tolerance.positionMM
            && length(rotation.c0 - Matrix3.identity.c0) <= Tolerance.directionCosine
            && length(rotation.c1 - Matrix3.identity.c1) <= Tolerance.directionCosine
            && length(rotation.c2 - Matrix3.identity.c2) <= Tolerance.directionCosine
    }
}
