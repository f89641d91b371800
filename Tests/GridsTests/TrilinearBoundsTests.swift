import Grids
import RTCore
import Testing
import TestSupport

/// `TrilinearField.bounds`: every value the field gives in a region lies within the bounds, and for
/// axis-aligned maps the bounds are the region's extremes (checked on a dense lattice of positions,
/// never against the bounds code's own corner values).
@Suite struct TrilinearBoundsTests {
    static let geometry = GridGeometry(origin: [-20, -15, -10], spacing: [2.5, 3, 2], size: [17, 12, 14])
    static let grid = Fields.noise(geometry, seed: 7)

    /// Positions of the parallelepiped centre ± half axes, on a lattice of `n` per axis (corners included).
    static func lattice(_ c: SIMD3<Double>, _ axes: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>), n: Int) -> [SIMD3<Double>] {
        var out: [SIMD3<Double>] = []
        for a in 0..<n { for b in 0..<n { for d in 0..<n {
            let f = { (k: Int) in 2 * Double(k) / Double(n - 1) - 1 }
            out.append(c + f(a) * axes.0 + f(b) * axes.1 + f(d) * axes.2)
        } } }
        return out
    }

    static func centres(count: Int, seed: UInt64) -> [SIMD3<Double>] {
        var s = seed
        func next() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return Double(s >> 11) / Double(1 << 53) }
        return (0..<count).map { _ in SIMD3(-22 + 44 * next(), -17 + 38 * next(), -12 + 32 * next()) }
    }

    @Test("axis-aligned (translated, flipped): the bounds hold every value and are the region's extremes")
    func axisAligned() throws {
        for transform in [RigidTransform.identity, RigidTransform(translation: [0.7, -1.3, 0.45]),
                          RigidTransform(rotation: Matrix3(rowMajor: [-1, 0, 0, 0, 1, 0, 0, 0, -1]), translation: [0.2, 0, 0.3])] {
            let field = TrilinearField(grid: Self.grid, evaluationToGrid: transform)
            let axes = (SIMD3<Double>(1.75, 0, 0), SIMD3<Double>(0, 1.75, 0), SIMD3<Double>(0, 0, 1.25))  // a 3.5 × 3.5 × 2.5 mm voxel
            let extent = field.indexHalfExtent(ofHalfAxes: axes.0, axes.1, axes.2)
            var checked = 0
            // random centres, and one whose region ends on the support's face after the flip (it was
            // once bounded by 0 alone: the face is within the sampler's tolerance)
            for c in Self.centres(count: 149, seed: 3) + [[4.143370174364833, -15.969904626596355, 11.55072864436546]] {
                let b = try #require(field.bounds(around: c, halfExtent: extent))
                let values = Self.lattice(c, axes, n: 17).map { Float(field.value(at: $0)) }
                let lo = values.min()!, hi = values.max()!
                #expect(b.lo <= lo && hi <= b.hi, "\(c): \(lo)…\(hi) outside \(b.lo)…\(b.hi)")
                // values in [0, 100) on ≥ 2 mm spacing: a lattice step of 3.5/16 mm misses the
                // extremes by at most 3 · 50 · 0.22 / 2 ≈ 17 (the bounds add one Float step each way)
                #expect(b.hi - hi <= 17 && lo - b.lo <= 17, "\(c): bounds \(b.lo)…\(b.hi), lattice \(lo)…\(hi)")
                checked += 1
            }
            #expect(checked == 150)
        }
    }

    @Test("any rotation: the bounds hold every value")
    func rotated() throws {
        let rotation = Fields.rotation(axis: [1, -2, 0.5], angle: 0.6)
        let field = TrilinearField(grid: Self.grid, evaluationToGrid: RigidTransform(rotation: rotation, translation: [1, 2, -1]))
        let d = Fields.obliqueDirection
        let axes = (d.c0 * 1.5, d.c1 * 1.5, d.c2 * 1.0)
        let extent = field.indexHalfExtent(ofHalfAxes: axes.0, axes.1, axes.2)
        for c in Self.centres(count: 200, seed: 5) {
            let b = try #require(field.bounds(around: c, halfExtent: extent))
            for p in Self.lattice(c, axes, n: 9) {
                let v = Float(field.value(at: p))
                #expect(b.lo <= v && v <= b.hi, "\(p): \(v) outside \(b.lo)…\(b.hi)")
            }
        }
    }

    @Test("a region leaving the support includes 0; one needing voxels a crop does not hold has no bounds")
    func edges() throws {
        let whole = TrilinearField(grid: Self.grid)
        let axes = (SIMD3<Double>(1, 0, 0), SIMD3<Double>(0, 1, 0), SIMD3<Double>(0, 0, 1))
        let extent = whole.indexHalfExtent(ofHalfAxes: axes.0, axes.1, axes.2)
        let corner = Self.geometry.origin  // the first voxel centre: half the region is outside
        let b = try #require(whole.bounds(around: corner, halfExtent: extent))
        #expect(b.lo == 0)
        #expect(whole.bounds(around: [-100, 0, 0], halfExtent: extent).map { $0.lo == 0 && $0.hi == 0 } == true)
        // A crop of voxels 4…10 along each axis: inside it, the same bounds as the whole grid's;
        // across its inner faces, none.
        let box = VoxelBox(lower: [4, 4, 4], upper: [10, 10, 10])
        let values = (4...10).flatMap { k in (4...10).flatMap { j in (4...10).map { i in Self.grid.values[Self.geometry.linearIndex(i, j, k)] } } }
        let crop = TrilinearField(grid: Grid(geometry: Self.geometry.cropped(to: box), values: values), wholeGeometry: Self.geometry)
        let inside = Self.geometry.point(atIndex: [7.2, 6.9, 7.4])
        let a = try #require(crop.bounds(around: inside, halfExtent: extent)), w = try #require(whole.bounds(around: inside, halfExtent: extent))
        #expect(a.lo == w.lo && a.hi == w.hi)
        #expect(crop.bounds(around: Self.geometry.point(atIndex: [4.2, 7, 7]), halfExtent: extent) == nil)
    }
}
