import Grids
import RTCore

/// Per-grid constants for classifying voxel boxes against a slab stack: the box's extents in patient
/// coordinates (mm) and the sub-cell centre offsets of a boundary voxel.
struct VoxelFrame: Sendable {
    enum Occupancy { case outside, inside, boundary }
    struct IndexBox { var lo: SIMD3<Int>, hi: SIMD3<Int>, clipped: Bool }

    let geometry: GridGeometry
    /// Radius (mm) of a disc about the voxel centre holding the box's x/y projection.
    let halfDiagonalXY: Double
    /// Half extent (mm) of the voxel box along patient z.
    let halfExtentZ: Double
    /// Sub-cells per axis of a boundary voxel.
    let subdivisions: Int
    /// Patient offsets (mm) of the n³ sub-cell centres from the voxel centre, in k, j, i order.
    let subOffsets: [SIMD3<Double>]
    /// True when the voxel axes are patient ±x, ±y, ±z: then boundary voxels are integrated exactly
    /// along x and z (see `sampleBoundaryVoxel`).
    let isAxisAligned: Bool
    /// Half extents (mm) of the voxel box along patient x and y.
    let halfExtentXY: SIMD2<Double>

    /// Extra distance (mm) the surface must keep from a box for the voxel to count as fully inside.
    let fullMargin: Double
    /// True when patient x depends on i alone, y on j alone and z on k alone, exactly (the direction's
    /// off-diagonal entries are 0, as in every axis-aligned RTDOSE). Such grids are classified a row at
    /// a time (`AxialClassifier`).
    let hasSeparableAxes: Bool

    init(geometry: GridGeometry, subdivisions n: Int, fullMargin: Double = 0) {
        self.geometry = geometry
        self.fullMargin = max(0, fullMargin)
        let d = geometry.direction, h = geometry.spacing / 2
        var rxy = 0.0
        for c in 0..<4 {
            let corner = d * (h * SIMD3(c & 1 == 0 ? -1 : 1, c & 2 == 0 ? -1 : 1, 1))
            rxy = max(rxy, (corner.x * corner.x + corner.y * corner.y).squareRoot())
        }
        halfDiagonalXY = rxy
        let extent = geometry.voxelHalfExtentLPS
        halfExtentZ = extent.z
        var offsets: [SIMD3<Double>] = []
        offsets.reserveCapacity(n * n * n)
        let f = { (a: Int) in (Double(a) + 0.5) / Double(n) - 0.5 }
        for c in 0..<n { for b in 0..<n { for a in 0..<n {
            offsets.append(d * (geometry.spacing * SIMD3(f(a), f(b), f(c))))
        } } }
        subOffsets = offsets
        subdivisions = n
        let c = Tolerance.directionCosine
        isAxisAligned = abs(abs(d.c0.x) - 1) <= c && abs(abs(d.c1.y) - 1) <= c && abs(abs(d.c2.z) - 1) <= c
        hasSeparableAxes = d.isDiagonal
        halfExtentXY = SIMD2(extent.x, extent.y)
    }

    /// Index range of voxels whose boxes may meet the stack's bounding box, clamped to the grid; nil
    /// when none does.
    func indexBox(of stack: SlabStack) -> IndexBox? {
        var lo2 = SIMD2<Double>(repeating: .infinity), hi2 = SIMD2<Double>(repeating: -.infinity)
        for s in stack.slabs where !s.region.isEmpty {
            lo2 = pointwiseMin(lo2, SIMD2(s.region.xMin, s.region.yMin))
            hi2 = pointwiseMax(hi2, SIMD2(s.region.xMax, s.region.yMax))
        }
        guard lo2.x <= hi2.x else { return nil }
        let (zlo, zhi) = stack.zRange
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for c in 0..<8 {
            let p = SIMD3(c & 1 == 0 ? lo2.x : hi2.x, c & 2 == 0 ? lo2.y : hi2.y, c & 4 == 0 ? zlo : zhi)
            let ijk = geometry.index(of: p)
            lo = pointwiseMin(lo, ijk); hi = pointwiseMax(hi, ijk)
        }
        // Voxel i's box spans [i − ½, i + ½] in index units.
        let ilo = SIMD3<Int>((lo - 0.5).rounded(.up)), ihi = SIMD3<Int>((hi + 0.5).rounded(.down))
        let maxIndex = geometry.size &- 1
        let clo = pointwiseMax(ilo, .zero), chi = pointwiseMin(ihi, maxIndex)
        guard all(clo .<= chi) else { return nil }
        return IndexBox(lo: clo, hi: chi, clipped: any(ilo .< .zero) || any(ihi .> maxIndex))
    }

    /// Classifies the voxel box centred at `c` (patient mm) against the stack (see `StructureSampler`).
    @inline(__always) func classify(_ c: SIMD3<Double>, in stack: SlabStack) -> Occupancy {
        let zlo = c.z - halfExtentZ, zhi = c.z + halfExtentZ
        var s = stack.firstSlab(above: zlo - fullMargin)
        var cursor = zlo - fullMargin
        var covered = true, anyInside = false, anyOutside = false, nearSurface = false
        let slabs = stack.slabs
        while s < slabs.count, slabs[s].zLo < zhi + fullMargin {
            let slab = slabs[s]
            s += 1
            if slab.zLo > cursor + 1e-9 { covered = false }
            cursor = slab.zHi
            if slab.zHi <= zlo || slab.zLo >= zhi {
                // within the margin only: decides whether an inside voxel is deep enough
                if !nearSurface && (!slab.region.contains(c.x, c.y)
                                    || slab.region.hasEdge(within: halfDiagonalXY + fullMargin, of: c.x, c.y)) { nearSurface = true }
                continue
            }
            if slab.region.hasEdge(within: halfDiagonalXY, of: c.x, c.y) { return .boundary }
            if slab.region.contains(c.x, c.y) { anyInside = true } else { anyOutside = true }
            if anyInside && anyOutside { return .boundary }
            if !nearSurface && fullMargin > 0 && slab.region.hasEdge(within: halfDiagonalXY + fullMargin, of: c.x, c.y) { nearSurface = true }
        }
        if cursor < zhi + fullMargin - 1e-9 { covered = false }
        if !anyInside { return .outside }
        return covered && !nearSurface ? .inside : .boundary
    }

    /// Appends the inside samples of the boundary voxel centred at `c` (patient mm) to `samples`, each
    /// with its weight (mm³). The same voxel always gives the same samples in the same order.
    ///
    /// Axis-aligned grids (the usual RTDOSE): the voxel box is cut at the slab faces along z; in each
    /// slab piece, the part of the box's y range that the slab's region spans is split into rows of
    /// height ≤ Δy/n; on each row's centre line the exact inside x intervals (even-odd crossings)
    /// clipped to the box are split into parts of length ≤ Δx/n, and the piece's z range into parts
    /// of length ≤ Δz/n. Each (x interval, row, slab piece) is a `SampleStrip`; sampled fine (the
    /// sink's choice), each (x part, row, z part) gives one sample at its centre, weight = its box
    /// volume. Volumes are exact along x and z (midpoint rule along y), and the samples reach within
    /// half a part of every face, so extreme doses in a gradient are not cut short.
    /// Other grids: the n³ sub-cell centres are tested one by one (weight = voxel volume / n³).
    /// `lines` remembers the sub-row crossings for the next voxels of the same grid row (`gridRow`,
    /// counted from the job's first row).
    func sampleBoundaryVoxel<Sink: SampleSink>(_ c: SIMD3<Double>, in stack: SlabStack, lines: inout SubRowCrossings,
                                               gridRow: Int, into samples: inout Sink) {
        guard isAxisAligned else {
            let w = geometry.voxelVolumeMM3 / Double(subOffsets.count)
            for o in subOffsets where stack.contains(c + o) { samples.append(c + o, weight: w) }
            return
        }
        let n = Double(subdivisions)
        let (hx, hy) = (halfExtentXY.x, halfExtentXY.y)
        let xlo = c.x - hx, xhi = c.x + hx, ylo = c.y - hy, yhi = c.y + hy
        let zlo = c.z - halfExtentZ, zhi = c.z + halfExtentZ
        var s = stack.firstSlab(above: zlo)
        while s < stack.slabs.count, stack.slabs[s].zLo < zhi {
            defer { s += 1 }
            let lo = max(zlo, stack.slabs[s].zLo), hi = min(zhi, stack.slabs[s].zHi)
            let zParts = Self.parts(hi - lo, 2 * halfExtentZ / n)
            let rlo = max(ylo, stack.slabs[s].region.yMin), rhi = min(yhi, stack.slabs[s].region.yMax)
            guard rhi > rlo else { continue }
            let rows = Self.parts(rhi - rlo, 2 * hy / n)
            let rowHeight = (rhi - rlo) / Double(rows)
            let firstLine = lines.lines(slab: s, of: stack, lo: rlo, hi: rhi, rows: rows, gridRow: gridRow)
            for row in 0..<rows {
                let y = rlo + (Double(row) + 0.5) * rowHeight
                let xs = lines.crossings(firstLine + row)
                var m = xs.lowerBound
                while m + 1 < xs.upperBound {
                    let a = max(xlo, lines.crossing(m)), b = min(xhi, lines.crossing(m + 1))
                    m += 2
                    guard b > a else { continue }
                    samples.append(SampleStrip(a: a, b: b, xParts: Self.parts(b - a, 2 * hx / n), y: y, rowHeight: rowHeight,
                                               zLo: lo, zHi: hi, zParts: zParts))
                }
            }
        }
    }

    /// Number of equal parts of length ≤ `step` covering `length`: ⌈length/step − 10⁻⁹⌉, at least 1.
    @inline(__always) static func parts(_ length: Double, _ step: Double) -> Int {
        // ⌈q⌉ without a libm call: truncation, plus one when q was above it (exact for |q| < 2⁶³)
        let q = length / step - 1e-9
        let t = Int(q)
        return max(1, Double(t) < q ? t + 1 : t)
    }
}
