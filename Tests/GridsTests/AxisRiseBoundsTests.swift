@testable import Grids
import RTCore
import Testing
import TestSupport

/// `AxisRiseBounds`: the rise and fall per index step of a linear field are ± its slope, and on
/// a noise field (0…100 per node) the value at any displaced position never exceeds the nominal value
/// plus the bound, checked with the field's own trilinear values at random points and displacements.
@Suite struct AxisRiseBoundsTests {
    static let geometry = GridGeometry(origin: [-20, -15, -10], spacing: [2.5, 3, 2], size: [17, 12, 14])

    static func uniform(_ s: inout UInt64) -> Double {
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Double(s >> 11) / Double(1 << 53)
    }

    /// f(p + e) ≤ f(p) + Σₐ (eₐ > 0 ? eₐ·riseₐ : −eₐ·fallₐ), e in index units.
    static func bound(_ r: AxisRiseBounds, cell c: Int, _ e: SIMD3<Double>) -> Double {
        let up = SIMD3<Double>(r.rise[c]), down = SIMD3<Double>(r.fall[c])
        return (0..<3).reduce(0.0) { t, a in t + (e[a] > 0 ? e[a] * up[a] : -e[a] * down[a]) }
    }

    @Test func aLinearFieldRisesAndFallsByItsSlopePerStep() throws {
        // 4 Gy/mm along x, 2.5 mm per step: 10 Gy per index step
        let field = TrilinearField(grid: Fields.grid(Self.geometry) { 50 + 4 * $0.x })
        let r = try #require(AxisRiseBounds(field: field, around: [[0, 0, 0], [5, 5, 5]], displacementMM: 2))
        let c = try #require(r.cell(of: r.index(of: [1, 1, 1])))
        #expect(abs(r.rise[c].x - 10) < 1e-3 && abs(r.fall[c].x + 10) < 1e-3)
        #expect(abs(r.rise[c].y) < 1e-3 && abs(r.fall[c].y) < 1e-3 && abs(r.rise[c].z) < 1e-3 && abs(r.fall[c].z) < 1e-3)
        // moving 2 mm along −x lowers the dose by exactly 8 Gy, +2 mm raises it by exactly 8
        #expect(abs(Self.bound(r, cell: c, [-0.8, 0, 0]) + 8) < 1e-3)
        #expect(abs(Self.bound(r, cell: c, [0.8, 0, 0]) - 8) < 1e-3)
    }

    @Test func theDisplacedValueNeverExceedsTheBoundOnANoiseField() throws {
        for transform in [RigidTransform.identity, RigidTransform(rotation: Matrix3(rowMajor: [0, -1, 0, 1, 0, 0, 0, 0, 1]), translation: [0.3, -0.2, 0.1])] {
            let field = TrilinearField(grid: Fields.noise(Self.geometry, seed: 11), evaluationToGrid: transform)
            var s: UInt64 = 5
            let points = (0..<4000).map { _ in SIMD3<Float>(Float(-8 + 16 * Self.uniform(&s)), Float(-8 + 16 * Self.uniform(&s)), Float(-6 + 12 * Self.uniform(&s))) }
            let r = try #require(AxisRiseBounds(field: field, around: points, displacementMM: 2.3))
            var checked = 0
            for p in points {
                let x = SIMD3<Double>(p)
                guard let c = r.cell(of: r.index(of: x)) else { continue }
                // a displacement of up to 2.3 mm in length
                let d = SIMD3(Self.uniform(&s), Self.uniform(&s), Self.uniform(&s)) * 4.6 - 2.3
                let e = r.index(of: x + d) - r.index(of: x)
                guard (d * d).sum() <= 2.3 * 2.3 else { continue }
                let rise = field.value(at: x + d) - field.value(at: x)
                let b = Self.bound(r, cell: c, e)
                #expect(rise <= b + 1e-4, "at \(p) by \(e): rise \(rise) > bound \(b)")
                checked += 1
            }
            #expect(checked > 1000, "\(checked) checked")
        }
    }

    /// The dilation is the plain maximum over each cell's neighbours within the reach per axis (a box),
    /// checked cell by cell against that definition on random values, for several box sizes and reaches.
    @Test func theDilationIsTheMaximumOverTheNeighbourBox() {
        var seed: UInt64 = 7
        for (size, reach) in [(SIMD3(5, 4, 3), SIMD3(1, 1, 1)), (SIMD3(7, 1, 6), SIMD3(2, 1, 3)), (SIMD3(1, 9, 2), SIMD3(4, 2, 1))] {
            let count = size.x * size.y * size.z
            let values = (0..<count).map { _ in SIMD3<Float>(Float(Self.uniform(&seed)), Float(Self.uniform(&seed)), -Float(Self.uniform(&seed))) }
            let out = AxisRiseBounds.dilated(values, size: size, reach: reach)
            for k in 0..<size.z { for j in 0..<size.y { for i in 0..<size.x {
                var m = SIMD3<Float>(repeating: -.infinity)
                for c in max(0, k - reach.z)...min(size.z - 1, k + reach.z) {
                    for b in max(0, j - reach.y)...min(size.y - 1, j + reach.y) {
                        for a in max(0, i - reach.x)...min(size.x - 1, i + reach.x) { m = pointwiseMax(m, values[a + size.x * (b + size.y * c)]) }
                    }
                }
                #expect(out[i + size.x * (j + size.y * k)] == m, "cell \(i), \(j), \(k) of \(size) reach \(reach)")
            } } }
        }
    }
}
