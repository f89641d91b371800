/// Named tolerances: no `==` on floating-point geometry anywhere in the engine.
public enum Tolerance {
    /// Two positions closer than this (mm) are the same point (DICOM DS carries ~16 significant chars).
    public static let positionMM = 1e-3
    /// Direction cosines that differ by less than this are the same direction.
    public static let directionCosine = 1e-4
    /// A 3×3 matrix is orthonormal when |RᵀR − I| is below this in every entry.
    public static let orthonormality = 1e-3
    /// Relative tolerance for spacing equality (uniform slice spacing check).
    public static let relativeSpacing = 1e-3

    @inlinable public static func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol }
}
