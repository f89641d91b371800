import Grids
import Testing

/// Trilinear sampling against scipy, the interpolant of the peer reference (`reference.py`, `grid_dose`).
@Suite struct ScipyCrossCheckTests {
    /// 3×4×2 grid, origin (1, −2, 4) mm, spacing (2, 1.5, 3) mm, v(i, j, k) = (7i + 3j + 11k) mod 5.
    static let grid: Grid<Float> = {
        let geo = GridGeometry(origin: [1, -2, 4], spacing: [2, 1.5, 3], size: [3, 4, 2])
        var g = Grid(geometry: geo, repeating: Float(0))
        for k in 0..<2 { for j in 0..<4 { for i in 0..<3 { g[i, j, k] = Float((7 * i + 3 * j + 11 * k) % 5) } } }
        return g
    }()

    // Expected values from scipy 1.x: RegularGridInterpolator((zs, ys, xs), d, bounds_error=False,
    // fill_value=0.0) on the same grid (d[k, j, i] as above), queried at [z, y, x] — run by hand, 2026-11-23.
    @Test("Trilinear values and 0 outside agree with scipy's RegularGridInterpolator", arguments: [
        (SIMD3<Double>(2.3, -1.1, 5.2), 1.55),
        (SIMD3<Double>(4.9, 2.4, 6.9), 3.6833333333333336),
        (SIMD3<Double>(1.0, 0.25, 4.0), 2.0),
        (SIMD3<Double>(3.7, -0.6, 4.4), 0.9511111111111117),
        (SIMD3<Double>(5.0, 2.5, 7.0), 4.0),
        (SIMD3<Double>(0.99, 0, 5), 0.0),
        (SIMD3<Double>(3, 2.51, 5), 0.0),
        (SIMD3<Double>(2, 0, 7.01), 0.0),
    ])
    func matchesScipy(point: SIMD3<Double>, scipy: Double) {
        #expect(abs(Double(Self.grid.interpolated(at: point)) - scipy) < 1e-6)
    }
}
