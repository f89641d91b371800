import Grids

/// Bounds on a course's physical dose (Gy) at a position p under every registration scenario that
/// samples it at most `displacementMM` from where the nominal map does: min … max of the held grid
/// nodes around p's cell, widened by the displacement (trilinear values are convex combinations of
/// their cell's 8 nodes, and every position within the displacement of p lies in a cell of that
/// window). Precomputed once per grid (separable sliding min/max over the nodes), then one lookup per
/// point. Unknown (lo 0, hi +∞) where the window leaves the held grid.
struct DisplacedDoseBounds: Sendable {
    let indexMap: IndexMap
    let shift: SIMD3<Double>
    let size: SIMD3<Int>
    /// Per node c of the held grid: min and max of the nodes c − R … c + 1 + R (per axis); NaN where
    /// that window leaves the grid.
    let lower: [Float], upper: [Float]
    let reach: SIMD3<Int>

    init(field: TrilinearField, displacementMM d: Double) {
        indexMap = field.indexMap
        shift = field.shift
        size = field.grid.geometry.size
        // (1e-4 mm more for the rounding of sample positions to Float)
        let e = field.indexHalfExtent(ofHalfAxes: SIMD3(d + 1e-4, 0, 0), SIMD3(0, d + 1e-4, 0), SIMD3(0, 0, d + 1e-4))
        reach = SIMD3(Int(e.x.rounded(.up)), Int(e.y.rounded(.up)), Int(e.z.rounded(.up)))
        var lo = field.grid.values, hi = lo
        let strides = SIMD3(1, size.x, size.x * size.y)
        for axis in 0..<3 {
            let window = 2 * reach[axis] + 2, n = size[axis], stride = strides[axis]
            let lines = size.x * size.y * size.z / max(n, 1)
            var nextLo = [Float](repeating: .nan, count: lo.count), nextHi = nextLo
            for line in 0..<lines where n >= window {
                // the first node of the line: the index whose coordinate along this axis is 0
                let base: Int
                switch axis {
                case 0: base = line * size.x
                case 1: base = (line / size.x) * size.x * size.y + line % size.x
                default: base = line
                }
                for c in reach[axis]..<(n - reach[axis] - 1) {
                    var a = Float.infinity, b = -Float.infinity
                    for k in (c - reach[axis])...(c + 1 + reach[axis]) {
                        let v = lo[base + k * stride], w = hi[base + k * stride]
                        if v.isNaN || w.isNaN { a = .nan; b = .nan; break }
                        a = min(a, v); b = max(b, w)
                    }
                    nextLo[base + c * stride] = a; nextHi[base + c * stride] = b
                }
            }
            lo = nextLo; hi = nextHi
        }
        lower = lo; upper = hi
    }

    /// Bounds (Gy) at a common-frame position (mm); (0, +∞) when unknown.
    func bounds(at p: SIMD3<Float>) -> (lo: Float, hi: Float) {
        let i = indexMap(SIMD3<Double>(p)) - shift
        let c = SIMD3<Int>(Int(i.x.rounded(.down)), Int(i.y.rounded(.down)), Int(i.z.rounded(.down)))
        guard c.x >= 0, c.y >= 0, c.z >= 0, c.x < size.x, c.y < size.y, c.z < size.z else { return (0, .infinity) }
        let n = c.x + size.x * (c.y + size.y * c.z)
        let l = lower[n], h = upper[n]
        guard !l.isNaN, !h.isNaN else { return (0, .infinity) }
        return (l, h)
    }
}
