import RTCore

/// How a grid is sampled between voxel centres.
///
/// - `trilinear`: the trilinear interpolant of the voxel-centre samples (scipy
///   `RegularGridInterpolator(method="linear")`).
/// - `nearest`: the value of the nearest voxel centre; a tie (exactly half-way) goes to the higher index.
///
/// Both are **0 outside the box spanned by the voxel centres** (not the voxel boxes), as scipy's
/// `RegularGridInterpolator(bounds_error=False, fill_value=0)` used by the peer reference
/// (`reference.py`, `grid_dose`). To absorb rounding in coordinate transforms, a point within
/// `Tolerance.positionMM` (1 µm) of that box along an axis counts as on its face. An axis with a single
/// sample (one frame, one row) is therefore in support only within 1 µm of its plane.
public enum Interpolation: String, Hashable, Sendable, CaseIterable {
    case trilinear, nearest
}

/// The support test and sampling kernels for one grid size, shared by point sampling and resampling.
/// Works on continuous voxel indices (integer = voxel centre).
public struct GridSampler: Sendable {
    public let size: SIMD3<Int>
    /// Lower and upper in-support bounds of the continuous index (−tol, n − 1 + tol).
    public let lower: SIMD3<Double>, upper: SIMD3<Double>
    @usableFromInline let last: SIMD3<Double>
    @usableFromInline let strideJ: Int, strideK: Int
    /// Highest lower-corner index of a trilinear cell per axis: max(n − 2, 0).
    @usableFromInline let maxCornerI: Int, maxCornerJ: Int, maxCornerK: Int
    /// Offset in the values to the next sample along each axis; 0 on an axis with one sample.
    @usableFromInline let stepI: Int, stepJ: Int, stepK: Int

    public init(geometry: GridGeometry) {
        size = geometry.size
        let tol = SIMD3<Double>(repeating: Tolerance.positionMM) / geometry.spacing
        last = SIMD3<Double>(Double(size.x - 1), Double(size.y - 1), Double(size.z - 1))
        lower = -tol
        upper = last + tol
        strideJ = size.x
        strideK = size.x * size.y
        maxCornerI = Swift.max(size.x - 2, 0); maxCornerJ = Swift.max(size.y - 2, 0); maxCornerK = Swift.max(size.z - 2, 0)
        stepI = size.x > 1 ? 1 : 0; stepJ = size.y > 1 ? strideJ : 0; stepK = size.z > 1 ? strideK : 0
    }

    /// True when the continuous index lies in the box spanned by the voxel centres (± 1 µm).
    @inlinable public func contains(_ p: SIMD3<Double>) -> Bool {
        p.x >= lower.x && p.y >= lower.y && p.z >= lower.z && p.x <= upper.x && p.y <= upper.y && p.z <= upper.z
    }

    /// Trilinear interpolant at continuous index `p`; 0 outside the support. `v` holds the grid's
    /// values (i fastest). Computed in Double from the Float samples, rounded once to Float.
    @inlinable public func trilinear(_ v: UnsafeBufferPointer<Float>, at p: SIMD3<Double>) -> Float {
        guard contains(p) else { return 0 }
        return trilinear(v, inside: p)
    }

    /// Trilinear interpolant at a continuous index `p` already known to lie in the support
    /// (`contains(p)`): the kernel of `trilinear(_:at:)` without the support test, for loops that
    /// test it themselves. Indices are clamped to the voxel-centre box, so `p` within the ± 1 µm
    /// tolerance reads the face value.
    ///
    /// Order of operations (shared by every trilinear path, so all give the same bits): the cell's two
    /// x-columns are each interpolated in y then z (`column`), then the result along x. Loops over
    /// points that share a cell row (same j, k and weights) reuse the columns.
    @inlinable @inline(__always)
    public func trilinear(_ v: UnsafeBufferPointer<Float>, inside p: SIMD3<Double>) -> Float {
        let q = clampedToCentres(p)
        let c = cell(q)
        let a0 = column(v, at: c.base, fy: c.fy, fz: c.fz), a1 = column(v, at: c.base &+ stepI, fy: c.fy, fz: c.fz)
        return Float(a0 + c.fx * (a1 - a0))
    }

    /// The trilinear cell of a clamped continuous index `q`: the linear index of its lower corner and
    /// the weights along each axis.
    @inlinable @inline(__always)
    public func cell(_ q: SIMD3<Double>) -> (base: Int, fx: Double, fy: Double, fz: Double) {
        let i0 = Swift.min(Int(q.x), maxCornerI)
        let j0 = Swift.min(Int(q.y), maxCornerJ)
        let k0 = Swift.min(Int(q.z), maxCornerK)
        // in range by construction, so wrapping arithmetic (no checks)
        return (i0 &+ strideJ &* j0 &+ strideK &* k0, q.x - Double(i0), q.y - Double(j0), q.z - Double(k0))
    }

    /// The bilinear value, at weights (fy, fz), of the 2 × 2 samples at `base`, `base` + one step in j,
    /// in k, and in both: (v₀₀ + fy·(v₁₀ − v₀₀)) then the same in z, computed in Double.
    @inlinable @inline(__always)
    public func column(_ v: UnsafeBufferPointer<Float>, at base: Int, fy: Double, fz: Double) -> Double {
        let v00 = Double(v[base]), v10 = Double(v[base &+ stepJ])
        let v01 = Double(v[base &+ stepK]), v11 = Double(v[base &+ stepJ &+ stepK])
        let c0 = v00 + fy * (v10 - v00), c1 = v01 + fy * (v11 - v01)
        return c0 + fz * (c1 - c0)
    }

    /// `p` clamped per axis to [0, n − 1]. Callers pass a point in the support, never NaN, where this
    /// is `pointwiseMin(pointwiseMax(p, 0), last)` bit for bit (−0 becomes +0 in both; the NaN rules
    /// of `minimum`/`maximum` never apply), as per-scalar selects that inline into sampling loops.
    @inlinable @inline(__always) func clampedToCentres(_ p: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(Swift.min(Swift.max(p.x, 0), last.x), Swift.min(Swift.max(p.y, 0), last.y), Swift.min(Swift.max(p.z, 0), last.z))
    }

    /// Nearest voxel-centre value at continuous index `p` (ties to the higher index); 0 outside the support.
    @inlinable public func nearest(_ v: UnsafeBufferPointer<Float>, at p: SIMD3<Double>) -> Float {
        guard contains(p) else { return 0 }
        let q = clampedToCentres(p)
        let i = Int((q.x + 0.5).rounded(.down)), j = Int((q.y + 0.5).rounded(.down)), k = Int((q.z + 0.5).rounded(.down))
        return v[Swift.min(i, size.x - 1) + strideJ * Swift.min(j, size.y - 1) + strideK * Swift.min(k, size.z - 1)]
    }

    @inlinable public func sample(_ v: UnsafeBufferPointer<Float>, at p: SIMD3<Double>, method: Interpolation) -> Float {
        switch method {
        case .trilinear: return trilinear(v, at: p)
        case .nearest: return nearest(v, at: p)
        }
    }
}
