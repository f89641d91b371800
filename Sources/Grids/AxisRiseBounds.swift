/// How much a field's trilinear interpolant can rise along each grid axis, per unit of continuous
/// index (grid unit, e.g. Gy per voxel step), near given positions: for each cell of a box of the
/// held grid, the largest rise and the largest fall along i, j and k over the cell and its
/// neighbours within `reach` cells along each axis. Either may be negative: a negative fall is a rise
/// guaranteed everywhere there, so a step against a steep slope is bounded by the drop it must make,
/// not by 0.
///
/// Why it bounds a displaced value: inside one trilinear cell, ∂f/∂i is the bilinear blend of the
/// cell's four i-edge differences v[i+1] − v[i], so it lies between their min and max (likewise for
/// j, k). Moving from a point in cell c by a displacement e (index units, |eₐ| ≤ reachₐ per axis) in
/// three legs along i, j, k never leaves cells c − reach … c + reach, so
/// f(p + e) ≤ f(p) + Σₐ (eₐ > 0 ? eₐ · riseₐ : −eₐ · fallₐ). Beyond the voxel-centre box the
/// interpolant is 0 (`GridSampler`), below any value of a non-negative field, so leaving the support
/// keeps the bound. The point itself must lie in the support (`cell(of:)` says nil otherwise).
public struct AxisRiseBounds: Sendable {
    /// First cell (held-grid cell indices) and cells per axis of the box.
    public let origin: SIMD3<Int>, size: SIMD3<Int>
    /// How many cells along each axis a displacement may cross (its largest |eₐ|, rounded up).
    public let reach: SIMD3<Int>
    /// Per box cell (i fastest): largest rise and largest fall along i, j, k over the cell and its
    /// neighbours within `reach` (max of the edge differences v[+1] − v, and of v − v[+1]), grid unit
    /// per index step.
    public private(set) var rise: [SIMD3<Float>], fall: [SIMD3<Float>]
    /// The continuous held-grid indices' extremes over the points the bounds were built around: every
    /// point lies in the support, and so has a cell (`cell(of:)`), when they lie within 0 … the
    /// grid's cells along each axis (`holdsEveryPoint`).
    public let pointsLo: SIMD3<Double>, pointsHi: SIMD3<Double>
    /// True when every point the bounds were built around has a cell (`cell(of:)` is not nil).
    public var holdsEveryPoint: Bool { all(pointsLo .>= 0) && all(pointsHi .<= SIMD3<Double>(cells)) }
    @usableFromInline let shift: SIMD3<Double>, indexMap: IndexMap, cells: SIMD3<Int>

    /// The bounds over the cells around `points` (evaluation frame, mm) ± reach + 1 cells, for
    /// displacements of up to `displacementMM`; nil when the held grid has fewer than 2 samples along
    /// some axis, no point lies in the support, or the box would exceed `maximumCells`.
    public init?(field: TrilinearField, around points: [SIMD3<Float>], displacementMM: Double, maximumCells: Int = 1 << 22) {
        var lo = SIMD3<Double>(repeating: .infinity), hi = -lo
        let map = field.indexMap, shift = field.shift
        for p in points {
            let ijk = map(SIMD3<Double>(p)) - shift
            lo = componentMin(lo, ijk); hi = componentMax(hi, ijk)
        }
        self.init(field: field, indexLo: lo, indexHi: hi, displacementMM: displacementMM, maximumCells: maximumCells)
    }

    /// The bounds around every position in the convex hull of `corners` (evaluation frame, mm; e.g. the
    /// corners of a box holding the points, `StructureSampling.voxelBoxCorners`): as `init(field:around:…)`
    /// for the points there, from the corners' indices alone (the index map is affine, so the hull's
    /// index extremes are the corners'). `pointsLo`/`pointsHi` are then the hull's.
    public init?(field: TrilinearField, aroundHullOf corners: [SIMD3<Double>], displacementMM: Double, maximumCells: Int = 1 << 22) {
        var lo = SIMD3<Double>(repeating: .infinity), hi = -lo
        for p in corners {
            let ijk = field.indexMap(p) - field.shift
            lo = componentMin(lo, ijk); hi = componentMax(hi, ijk)
        }
        self.init(field: field, indexLo: lo, indexHi: hi, displacementMM: displacementMM, maximumCells: maximumCells)
    }

    /// The bounds around positions whose held-grid continuous indices lie within `lo` … `hi`.
    private init?(field: TrilinearField, indexLo lo: SIMD3<Double>, indexHi hi: SIMD3<Double>, displacementMM: Double, maximumCells: Int) {
        let n = field.grid.geometry.size
        guard n.x > 1, n.y > 1, n.z > 1 else { return nil }
        cells = n &- 1
        shift = field.shift; indexMap = field.indexMap
        // |eₐ| ≤ |row a of the index map| · |displacement|
        let m = field.indexMap.linear
        let rows = SIMD3((m.c0.x * m.c0.x + m.c1.x * m.c1.x + m.c2.x * m.c2.x).squareRoot(),
                         (m.c0.y * m.c0.y + m.c1.y * m.c1.y + m.c2.y * m.c2.y).squareRoot(),
                         (m.c0.z * m.c0.z + m.c1.z * m.c1.z + m.c2.z * m.c2.z).squareRoot())
        let steps = (rows * max(0, displacementMM) + 0.01).rounded(.up)
        guard steps.max() < 64 else { return nil }
        reach = SIMD3(max(1, Int(steps.x)), max(1, Int(steps.y)), max(1, Int(steps.z)))
        guard lo.x.isFinite, hi.x.isFinite else { return nil }
        pointsLo = lo; pointsHi = hi
        func clampCell(_ x: Double, _ axis: Int) -> Int { Swift.min(Swift.max(Int(x.rounded(.down)), 0), n[axis] - 2) }
        let margin = SIMD3<Double>(reach &+ 1)
        let a = SIMD3(clampCell(lo.x - margin.x, 0), clampCell(lo.y - margin.y, 1), clampCell(lo.z - margin.z, 2))
        let b = SIMD3(clampCell(hi.x + margin.x, 0), clampCell(hi.y + margin.y, 1), clampCell(hi.z + margin.z, 2))
        guard all(b .>= a) else { return nil }
        // (a local copy of the box size: the loop below runs before every stored property is set)
        let box = b &- a &+ 1
        origin = a
        size = box
        let count = box.x * box.y * box.z
        guard count <= maximumCells else { return nil }
        // each cell's own rise and fall along each axis, from its 12 edges
        var up = [SIMD3<Float>](repeating: .zero, count: count), down = up
        let sx = n.x, sxy = n.x * n.y
        field.grid.values.withUnsafeBufferPointer { v in
            for k in 0..<box.z {
                for j in 0..<box.y {
                    for i in 0..<box.x {
                        let base = (a.x + i) + sx * (a.y + j) + sxy * (a.z + k)
                        var u = SIMD3<Float>(repeating: -.infinity), d = u
                        for e in 0..<4 {
                            // the four edges along each axis: offsets of their lower nodes
                            let ix = base + (e & 1) * sx + (e >> 1) * sxy
                            let iy = base + (e & 1) + (e >> 1) * sxy
                            let iz = base + (e & 1) + (e >> 1) * sx
                            let dx = v[ix + 1] - v[ix], dy = v[iy + sx] - v[iy], dz = v[iz + sxy] - v[iz]
                            u = componentMax(u, SIMD3(dx, dy, dz)); d = componentMax(d, SIMD3(-dx, -dy, -dz))
                        }
                        up[i + box.x * (j + box.y * k)] = u; down[i + box.x * (j + box.y * k)] = d
                    }
                }
            }
        }
        rise = Self.dilated(up, size: size, reach: reach)
        fall = Self.dilated(down, size: size, reach: reach)
    }

    /// The box cell (linear index into `rise`/`fall`) of a continuous held-grid index `ijk` that lies
    /// in the support; nil outside the support or the box's interior (a neighbour beyond the box).
    @inlinable public func cell(of ijk: SIMD3<Double>) -> Int? {
        let c = SIMD3<Double>(cells)
        guard ijk.x >= 0, ijk.y >= 0, ijk.z >= 0, ijk.x <= c.x, ijk.y <= c.y, ijk.z <= c.z else { return nil }
        let i = Swift.min(Int(ijk.x), cells.x - 1) - origin.x, j = Swift.min(Int(ijk.y), cells.y - 1) - origin.y
        let k = Swift.min(Int(ijk.z), cells.z - 1) - origin.z
        // the neighbours within reach must be in the box too, unless the grid ends there
        guard i >= (origin.x > 0 ? reach.x : 0), j >= (origin.y > 0 ? reach.y : 0), k >= (origin.z > 0 ? reach.z : 0),
              i < size.x - (origin.x + size.x < cells.x ? reach.x : 0), j < size.y - (origin.y + size.y < cells.y ? reach.y : 0),
              k < size.z - (origin.z + size.z < cells.z ? reach.z : 0) else { return nil }
        return i + size.x * (j + size.y * k)
    }

    /// The held-grid continuous index of an evaluation-frame position (mm), as the field computes it.
    @inlinable public func index(of p: SIMD3<Double>) -> SIMD3<Double> { indexMap(p) - shift }

    /// Max over each cell and its neighbours within `reach` in the box, one axis at a time.
    static func dilated(_ values: [SIMD3<Float>], size: SIMD3<Int>, reach: SIMD3<Int>) -> [SIMD3<Float>] {
        var a = values, b = values
        let strides = [1, size.x, size.x * size.y]
        for axis in 0..<3 {
            let stride = strides[axis], n = size[axis]
            for c in a.indices {
                let at = (c / stride) % n
                var m = a[c]
                for r in 1...reach[axis] {
                    if at - r >= 0 { m = componentMax(m, a[c - r * stride]) }
                    if at + r < n { m = componentMax(m, a[c + r * stride]) }
                }
                b[c] = m
            }
            swap(&a, &b)
        }
        return a
    }
}
