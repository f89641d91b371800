import Grids
import RTCore
import TestSupport
import Testing

@Suite struct TrilinearFieldTests {
    // 5×4×3 grid, spacing (2, 2, 3) at origin (10, 0, 0) in its own frame; v linear in position.
    static func f(_ q: SIMD3<Double>) -> Double { 2 + 0.5 * q.x + 0.25 * q.y + 1 * q.z }
    let grid = Fields.grid(GridGeometry(origin: [10, 0, 0], spacing: [2, 2, 3], size: [5, 4, 3]), f)
    /// Evaluation frame → grid frame: +10 mm along x.
    let shift = RigidTransform(translation: [10, 0, 0])

    @Test("Values at evaluation-frame points come from the grid at the transformed points")
    func throughTransform() {
        let field = TrilinearField(grid: grid, evaluationToGrid: shift)
        // Evaluation (1, 3, 4.5) → grid (11, 3, 4.5): 2 + 5.5 + 0.75 + 4.5 = 12.75.
        #expect(field.value(at: [1, 3, 4.5]) == 12.75)
        #expect(field.value(at: [9, 0, 0]) == 0)    // grid x = 19 > 18
        #expect(field.supports([8, 6, 6]) && !field.supports([8, 6.01, 6]))
    }

    @Test("Batch sampling gives the hand values and counts points outside the support")
    func batch() {
        let field = TrilinearField(grid: grid, evaluationToGrid: shift)
        // → grid (11, 3, 4.5): 12.75; (9, 0, 0): outside; (10, 0, 0): 2 + 5 = 7;
        //   (18, 6, 6): 2 + 9 + 1.5 + 6 = 18.5; (10, 0, −3): outside.
        let pts: [SIMD3<Float>] = [[1, 3, 4.5], [-1, 0, 0], [0, 0, 0], [8, 6, 6], [0, 0, -3]]
        let s = field.sample(at: pts, parallel: false)
        #expect(s.values == [12.75, 0, 7, 18.5, 0])
        #expect(s.outside == 2)
    }

    @Test("Batch sampling in parallel equals the serial path bit for bit")
    func batchParallel() {
        let field = TrilinearField(grid: Fields.noise(grid.geometry, seed: 9),
                                   evaluationToGrid: RigidTransform(rotation: Fields.rotation(axis: [1, 1, 0], angle: 0.2), translation: [12, 1, 1]))
        let pts = (0..<50_000).map { n -> SIMD3<Float> in
            let t = Double(n)
            return SIMD3<Float>(SIMD3<Double>((t * 0.618).truncatingRemainder(dividingBy: 12) - 3, (t * 0.414).truncatingRemainder(dividingBy: 9) - 1,
                                              (t * 0.732).truncatingRemainder(dividingBy: 9) - 1))
        }
        let a = field.sample(at: pts, parallel: true), b = field.sample(at: pts, parallel: false)
        #expect(a.values == b.values && a.outside == b.outside)
        #expect(a.outside > 0 && a.outside < pts.count)
        #expect(a.values == pts.map { Float(field.value(at: SIMD3<Double>($0))) })   // the batch kernel is value(at:) bit for bit
    }

    @Test("On an axis-aligned map with a flipped axis, the batch kernel is value(at:) bit for bit (signed zeros, edges, non-finite points)")
    func axisAlignedKernel() {
        // A flipped y axis through y = 0 (so an index can be a zero whose sign comes from x), spacings
        // that make indices exact; ±0 doses on part of the grid and noise elsewhere.
        let geometry = GridGeometry(origin: [-4, 0, -4], spacing: [2, 2, 4], direction: Matrix3(columns: [1, 0, 0], [0, -1, 0], [0, 0, 1]), size: [6, 5, 4])
        let noise = Fields.noise(geometry, seed: 3)
        let values = noise.values.enumerated().map { n, v in n % 5 == 0 ? -Float(0) : n % 5 == 1 ? Float(0) : v }
        let grid = Grid(geometry: geometry, values: values)
        for transform in [RigidTransform.identity, RigidTransform(translation: [1, -0.5, 0])] {
            let field = TrilinearField(grid: grid, evaluationToGrid: transform)
            // strips along x (as structure samples come), crossing x = 0, on and off grid rows and
            // edges; runs where only z changes; a few points outside or not finite
            var pts: [SIMD3<Float>] = []
            let ys: [Float] = [0, -0.0, -1.25, -3, -8, 0.001, -8.5, 0.5]
            let zs: [Float] = [-4, 0, -0.0, 1.25, 8, 8.000001, -4.5]
            for y in ys {
                for z in zs {
                    for n in 0..<23 { pts.append([Float(n) * 0.5 - 5, y, z]) }
                    pts.append([-0.0, y, z]); pts.append([0.0, y, z])
                }
                for z in zs { pts.append([1.5, y, z]) }
            }
            pts += [[.nan, 1, 1], [.infinity, -1, 1], [1, .nan, 1], [1, -1, -.infinity], [-4, 0, -4], [6, -8, 8]]
            var out = [Float](repeating: -1, count: pts.count)
            let outside = pts.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { field.sample(p, into: $0) } }
            let expected = pts.map { Float(field.value(at: SIMD3<Double>($0))) }
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern))
            #expect(outside == pts.filter { !field.supports(SIMD3<Double>($0)) }.count)
            #expect(outside > 0 && outside < pts.count)
        }
    }
}
