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
    /// True when the voxel's third axis is patient ±z and the first two have no z component: then a
    /// boundary voxel is split exactly at slab faces along z (see `sampleBoundaryVoxel`).
    let isAxial: Bool
    /// Axial grids: patient x/y offsets (mm) of the n² sub-column centres, in j, i order.
    let columnOffsets: [SIMD2<Double>]

    init(geometry: GridGeometry, subdivisions n: Int) {
        self.geometry = geometry
        let d = geometry.direction, h = geometry.spacing / 2
        var rxy = 0.0
        for c in 0..<4 {
            let corner = d * (h * SIMD3(c & 1 == 0 ? -1 : 1, c & 2 == 0 ? -1 : 1, 1))
            rxy = max(rxy, (corner.x * corner.x + corner.y * corner.y).squareRoot())
        }
        halfDiagonalXY = rxy
        halfExtentZ = abs(d[2, 0]) * h.x + abs(d[2, 1]) * h.y + abs(d[2, 2]) * h.z
        var offsets: [SIMD3<Double>] = []
        offsets.reserveCapacity(n * n * n)
        let f = { (a: Int) in (Double(a) + 0.5) / Double(n) - 0.5 }
        for c in 0..<n { for b in 0..<n { for a in 0..<n {
            offsets.append(d * (geometry.spacing * SIMD3(f(a), f(b), f(c))))
        } } }
        subOffsets = offsets
        subdivisions = n
        isAxial = abs(abs(d.c2.z) - 1) <= Tolerance.directionCosine && abs(d.c0.z) <= Tolerance.directionCosine
            && abs(d.c1.z) <= Tolerance.directionCosine
        var columns: [SIMD2<Double>] = []
        for b in 0..<n { for a in 0..<n {
            let o = d * (geometry.spacing * SIMD3(f(a), f(b), 0))
            columns.append(SIMD2(o.x, o.y))
        } }
        columnOffsets = columns
    }

    /// Appends the inside samples of the boundary voxel centred at `c` (patient mm) and returns their
    /// volume (mm³).
    ///
    /// Axial grids: the voxel's z extent is cut at the slab faces; each piece of length L inside a slab
    /// is split into ⌈L / (Δz/n)⌉ equal parts, and each of the n² sub-columns whose x/y centre is inside
    /// that slab's region gives one sample per part (weight = sub-column area × part length). The
    /// volume is then exact along z, so equally spaced contour planes add no systematic error.
    /// Other grids: the n³ sub-cell centres are tested one by one (weight = voxel volume / n³).
    @inline(__always)
    func sampleBoundaryVoxel(_ c: SIMD3<Double>, in stack: SlabStack,
                             points: inout [SIMD3<Double>], weights: inout [Float]) -> Double {
        let voxelVolume = geometry.voxelVolumeMM3
        var volume = 0.0
        guard isAxial else {
            let w = voxelVolume / Double(subOffsets.count)
            for o in subOffsets where stack.contains(c + o) {
                points.append(c + o); weights.append(Float(w)); volume += w
            }
            return volume
        }
        let n = Double(subdivisions)
        let zlo = c.z - halfExtentZ, zhi = c.z + halfExtentZ
        let columnArea = voxelVolume / (2 * halfExtentZ) / (n * n)
        let slabs = stack.slabs
        var s = stack.firstSlab(above: zlo)
        while s < slabs.count, slabs[s].zLo < zhi {
            let lo = max(zlo, slabs[s].zLo), hi = min(zhi, slabs[s].zHi)
            let parts = max(1, Int((((hi - lo) * n) / (2 * halfExtentZ) - 1e-9).rounded(.up)))
            let step = (hi - lo) / Double(parts)
            let w = columnArea * step
            let region = slabs[s].region
            for o in columnOffsets where region.contains(c.x + o.x, c.y + o.y) {
                for p in 0..<parts {
                    points.append(SIMD3(c.x + o.x, c.y + o.y, lo + (Double(p) + 0.5) * step))
                    weights.append(Float(w)); volume += w
                }
            }
            s += 1
        }
        return volume
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
        var s = stack.firstSlab(above: zlo)
        var cursor = zlo
        var covered = true, anyInside = false, anyOutside = false
        let slabs = stack.slabs
        while s < slabs.count, slabs[s].zLo < zhi {
            let slab = slabs[s]
            if slab.zLo > cursor + 1e-9 { covered = false }
            cursor = slab.zHi
            if slab.region.hasEdge(within: halfDiagonalXY, of: c.x, c.y) { return .boundary }
            if slab.region.contains(c.x, c.y) { anyInside = true } else { anyOutside = true }
            if anyInside && anyOutside { return .boundary }
            s += 1
        }
        if cursor < zhi - 1e-9 { covered = false }
        if !anyInside { return .outside }
        return covered ? .inside : .boundary
    }
}
