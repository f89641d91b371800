/// A dose grid seen from an evaluation frame: the grid's trilinear interpolant (0 outside the box
/// spanned by its voxel centres, see `Interpolation`) at positions given in the evaluation (common)
/// frame, mapped into the grid's own frame by `evaluationToGrid`. Values in the grid's unit (Gy).
public struct TrilinearField: ScalarField {
    public let grid: Grid<Float>
    /// Rigid map from the evaluation frame (LPS, mm) into the grid's frame.
    public let evaluationToGrid: RigidTransform
    /// Map from evaluation-frame positions to continuous indices of the **whole** grid (see `init`).
    public let indexMap: IndexMap
    /// Whole-grid index of `grid`'s first voxel (0 unless `grid` is a box of a larger grid); the
    /// index into `grid` is `indexMap(p) − shift`, an exact subtraction of whole numbers.
    public let shift: SIMD3<Double>
    /// Voxels along i, j, k of the whole grid (`grid`'s own size unless it is a box of a larger grid).
    public let wholeSize: SIMD3<Int>
    let sampler: GridSampler

    /// - Parameter wholeGeometry: when `grid` holds only a box of a larger grid (a dose read for a
    ///   region), that grid's geometry. Indices are then computed on the whole grid and shifted by the
    ///   box's corner, so the values equal the whole grid's bit for bit.
    public init(grid: Grid<Float>, evaluationToGrid: RigidTransform = .identity, wholeGeometry: GridGeometry? = nil) {
        self.grid = grid
        self.evaluationToGrid = evaluationToGrid
        let whole = wholeGeometry ?? grid.geometry
        indexMap = IndexMap(geometry: whole, evaluationToGrid: evaluationToGrid)
        shift = wholeGeometry == nil ? .zero : whole.index(of: grid.geometry.origin).rounded(.toNearestOrAwayFromZero)
        sampler = GridSampler(geometry: grid.geometry)
        wholeSize = whole.size
    }

    /// Trilinear value at an evaluation-frame position (mm); 0 outside the grid's support.
    public func value(at point: SIMD3<Double>) -> Double {
        let ijk = indexMap(point) - shift
        return Double(grid.values.withUnsafeBufferPointer { sampler.trilinear($0, at: ijk) })
    }

    /// True when the evaluation-frame position lies inside the grid's support (± 1 µm).
    public func supports(_ point: SIMD3<Double>) -> Bool { sampler.contains(indexMap(point) - shift) }

    /// Samples at many evaluation-frame positions (mm; Float, as structure sample points are stored,
    /// each widened exactly to Double). Returns the values (grid unit, Float) and how
    /// many positions were outside the support (value 0 there). Chunks of points run concurrently when
    /// `parallel`; each value depends only on its point, so the result equals the serial one bit for bit.
    /// - Complexity: O(points.count).
    public func sample(at points: [SIMD3<Float>], parallel: Bool = true) -> (values: [Float], outside: Int) {
        let chunk = 8192
        var outsidePerChunk = [Int](repeating: 0, count: (points.count + chunk - 1) / chunk)
        let values = points.withUnsafeBufferPointer { pts in
            outsidePerChunk.withUnsafeMutableBufferPointer { counts in
                let counter = DisjointWriter(counts.baseAddress!)
                return [Float](count: pts.count, repeating: 0, chunkSize: chunk, parallel: parallel) { range, out in
                    counter.base[range.lowerBound / chunk] = sample(UnsafeBufferPointer(rebasing: pts[range]), into: out)
                }
            }
        }
        return (values, outsidePerChunk.reduce(0, +))
    }

    /// The serial kernel of `sample(at:parallel:)`: writes the value at each evaluation-frame position
    /// (mm) of `points` to the same index of `out` (grid unit; 0 outside the support) and returns how
    /// many positions were outside. Bit-identical to `value(at: SIMD3<Double>(p))` at every point p.
    /// - Precondition: `out.count == points.count`.
    public func sample(_ points: UnsafeBufferPointer<SIMD3<Float>>, into out: UnsafeMutableBufferPointer<Float>) -> Int {
        precondition(out.count == points.count, "sample(_:into:): \(points.count) points, \(out.count) outputs")
        // `indexMap(p)` = (c0·x + c1·y + c2·z) + offset, spelled out with the same operations and order
        // so the loop needs no call per point.
        let c0 = indexMap.linear.c0, c1 = indexMap.linear.c1, c2 = indexMap.linear.c2, offset = indexMap.offset
        let sampler = sampler, shift = shift, stepI = sampler.stepI
        return grid.values.withUnsafeBufferPointer { v in
            var outside = 0
            // Consecutive structure samples mostly share a cell row (a sub-row of one voxel): the two
            // y/z-interpolated columns of the last cell are kept and reused while (cell, fy, fz) repeat.
            var last = (base: -1, fy: 0.0, fz: 0.0), a0 = 0.0, a1 = 0.0
            for n in 0..<points.count {
                let p = SIMD3<Double>(points[n])
                let ijk = (c0 * p.x + c1 * p.y + c2 * p.z + offset) - shift
                guard sampler.contains(ijk) else { out[n] = 0; outside += 1; continue }
                let c = sampler.cell(sampler.clampedToCentres(ijk))
                if c.base != last.base || c.fy != last.fy || c.fz != last.fz {
                    a0 = sampler.column(v, at: c.base, fy: c.fy, fz: c.fz)
                    a1 = sampler.column(v, at: c.base &+ stepI, fy: c.fy, fz: c.fz)
                    last = (c.base, c.fy, c.fz)
                }
                out[n] = Float(a0 + c.fx * (a1 - a0))
            }
            return outside
        }
    }

    /// Values only (see `sample(at:parallel:)`).
    public func values(at points: [SIMD3<Float>], parallel: Bool = true) -> [Float] {
        sample(at: points, parallel: parallel).values
    }
}
