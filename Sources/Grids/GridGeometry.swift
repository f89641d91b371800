import RTCore

/// The geometry of a regular voxel grid in DICOM patient coordinates (LPS, mm).
///
/// Voxel (i, j, k) — i along a row (column index), j down the columns (row index), k across frames —
/// has its **centre** at `origin + direction * (spacing ⊙ (i, j, k))`, where `direction`'s columns are
/// the unit row direction (ImageOrientationPatient[0..2]), the unit column direction
/// (ImageOrientationPatient[3..5]) and the unit slice direction. `spacing` is (column spacing, row
/// spacing, slice spacing) = (PixelSpacing[1], PixelSpacing[0], frame step) in mm, all > 0.
/// Storage order is i fastest, then j, then k (DICOM frame order).
public struct GridGeometry: Hashable, Sendable {
    public var origin: SIMD3<Double>
    public var spacing: SIMD3<Double>
    public var direction: Matrix3
    public var size: SIMD3<Int>

    public init(origin: SIMD3<Double>, spacing: SIMD3<Double>, direction: Matrix3 = .identity, size: SIMD3<Int>) {
        self.origin = origin; self.spacing = spacing; self.direction = direction; self.size = size
    }

    public var voxelCount: Int { size.x * size.y * size.z }
    /// Volume of one voxel in mm³.
    public var voxelVolumeMM3: Double { spacing.x * spacing.y * spacing.z }

    /// Linear index of voxel (i, j, k): i fastest.
    @inlinable public func linearIndex(_ i: Int, _ j: Int, _ k: Int) -> Int { i + size.x * (j + size.y * k) }

    /// Half extents (mm) along patient x, y and z of one voxel's box: the half sizes of the smallest
    /// axis-aligned box holding it (the half spacing on grids whose axes are patient axes).
    public var voxelHalfExtentLPS: SIMD3<Double> {
        let d = direction, h = spacing / 2
        return SIMD3(abs(d[0, 0]) * h.x + abs(d[0, 1]) * h.y + abs(d[0, 2]) * h.z,
                     abs(d[1, 0]) * h.x + abs(d[1, 1]) * h.y + abs(d[1, 2]) * h.z,
                     abs(d[2, 0]) * h.x + abs(d[2, 1]) * h.y + abs(d[2, 2]) * h.z)
    }

    /// Voxel (i, j, k) of a linear index: the inverse of `linearIndex`.
    @inlinable public func voxel(atLinearIndex index: Int) -> SIMD3<Int> {
        SIMD3(index % size.x, index / size.x % size.y, index / (size.x * size.y))
    }

    /// Patient position (LPS, mm) of a continuous index (i, j, k); integer values are voxel centres.
    @inlinable public func point(atIndex ijk: SIMD3<Double>) -> SIMD3<Double> {
        origin + direction * (ijk * spacing)
    }

    /// Continuous index of a patient position (inverse of `point(atIndex:)`; direction is orthonormal).
    @inlinable public func index(of p: SIMD3<Double>) -> SIMD3<Double> {
        (direction.transposed * (p - origin)) / spacing
    }

    /// Axis-aligned (in patient coordinates) bounding box of the voxel **boxes**, not only centres.
    public var patientBounds: (min: SIMD3<Double>, max: SIMD3<Double>) {
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for c in 0..<8 {
            let ijk = SIMD3<Double>(c & 1 == 0 ? -0.5 : Double(size.x) - 0.5,
                                    c & 2 == 0 ? -0.5 : Double(size.y) - 0.5,
                                    c & 4 == 0 ? -0.5 : Double(size.z) - 0.5)
            let p = point(atIndex: ijk)
            lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
        }
        return (lo, hi)
    }

    /// True when both geometries describe the same voxel centres within named tolerances.
    public func isSame(as other: GridGeometry) -> Bool {
        size == other.size
            && length(origin - other.origin) <= Tolerance.positionMM
            && length(spacing - other.spacing) <= Tolerance.positionMM
            && length(direction.c0 - other.direction.c0) <= Tolerance.directionCosine
            && length(direction.c1 - other.direction.c1) <= Tolerance.directionCosine
            && length(direction.c2 - other.direction.c2) <= Tolerance.directionCosine
    }
}
