/// A square 2D raster in patient x/y (mm): node (i, j) is at (x0 + i·h, y0 + j·h), i < nx, j < ny.
struct RasterFrame: Sendable {
    var x0: Double, y0: Double, h: Double
    var nx: Int, ny: Int
    var count: Int { nx * ny }
    @inline(__always) func x(_ i: Int) -> Double { x0 + Double(i) * h }
    @inline(__always) func y(_ j: Int) -> Double { y0 + Double(j) * h }

    /// The part of this raster covering [lo, hi] (mm), clamped, as a frame of its own whose node (0, 0)
    /// is node (i0, j0) here.
    func window(lo: SIMD2<Double>, hi: SIMD2<Double>) -> (frame: RasterFrame, i0: Int, j0: Int) {
        let i0 = min(nx - 2, max(0, Int(((lo.x - x0) / h).rounded(.down))))
        let j0 = min(ny - 2, max(0, Int(((lo.y - y0) / h).rounded(.down))))
        let i1 = min(nx - 1, max(i0 + 1, Int(((hi.x - x0) / h).rounded(.up))))
        let j1 = min(ny - 1, max(j0 + 1, Int(((hi.y - y0) / h).rounded(.up))))
        return (RasterFrame(x0: x(i0), y0: y(j0), h: h, nx: i1 - i0 + 1, ny: j1 - j0 + 1), i0, j0)
    }
}

/// The signed distance (mm) from each node of a `RasterFrame` to the boundary of a `PlanarRegion`:
/// negative inside (even-odd, as `PlanarRegion.contains`), positive outside.
///
/// Distances are exact point-to-segment distances to the region's edges: the nodes within two cells of
/// an edge get the nearest edge of those passing by, and the others inherit the nearest edge of a
/// neighbour in a forward and a backward raster sweep (vector propagation, Danielsson 1980), each node
/// keeping the edge that is nearest to itself; the sign comes from the even-odd crossings of each row.
struct SignedDistanceRaster: Sendable {
    let frame: RasterFrame
    /// Signed distances (mm), index j·nx + i.
    private(set) var values: [Double]

    init(_ region: PlanarRegion, frame f: RasterFrame) {
        frame = f
        let edges = region.edges
        let nx = f.nx, ny = f.ny
        var nearest = [Int32](repeating: -1, count: f.count)
        var d2 = [Double](repeating: .infinity, count: f.count)
        nearest.withUnsafeMutableBufferPointer { nearest in
            d2.withUnsafeMutableBufferPointer { d2 in
                edges.withUnsafeBufferPointer { edges in
                    // seed: nodes around every edge, walked in steps of h
                    for (n, e) in edges.enumerated() {
                        let dx = e.z - e.x, dy = e.w - e.y
                        let steps = max(1, Int(((dx * dx + dy * dy).squareRoot() / f.h).rounded(.up)))
                        for s in 0...steps {
                            let t = Double(s) / Double(steps)
                            let ci = Int(((e.x + t * dx - f.x0) / f.h).rounded()), cj = Int(((e.y + t * dy - f.y0) / f.h).rounded())
                            guard cj + 2 >= 0, cj - 2 < ny, ci + 2 >= 0, ci - 2 < nx else { continue }
                            for j in max(0, cj - 2)...min(ny - 1, cj + 2) {
                                for i in max(0, ci - 2)...min(nx - 1, ci + 2) {
                                    let q = PlanarRegion.squaredDistance(from: e, to: f.x(i), f.y(j))
                                    if q < d2[j * nx + i] { d2[j * nx + i] = q; nearest[j * nx + i] = Int32(n) }
                                }
                            }
                        }
                    }
                    guard !edges.isEmpty else { return }
                    // propagation: forward then backward, each with a row pass the other way
                    @inline(__always) func relax(_ k: Int, _ x: Double, _ y: Double, from m: Int) {
                        let e = nearest[m]
                        guard e >= 0, e != nearest[k] else { return }
                        let q = PlanarRegion.squaredDistance(from: edges[Int(e)], to: x, y)
                        if q < d2[k] { d2[k] = q; nearest[k] = e }
                    }
                    for j in 0..<ny {
                        let y = f.y(j)
                        for i in 0..<nx {
                            let k = j * nx + i, x = f.x(i)
                            if i > 0 { relax(k, x, y, from: k - 1) }
                            if j > 0 {
                                relax(k, x, y, from: k - nx)
                                if i > 0 { relax(k, x, y, from: k - nx - 1) }
                                if i + 1 < nx { relax(k, x, y, from: k - nx + 1) }
                            }
                        }
                        for i in stride(from: nx - 2, through: 0, by: -1) { relax(j * nx + i, f.x(i), y, from: j * nx + i + 1) }
                    }
                    for j in stride(from: ny - 1, through: 0, by: -1) {
                        let y = f.y(j)
                        for i in stride(from: nx - 1, through: 0, by: -1) {
                            let k = j * nx + i, x = f.x(i)
                            if i + 1 < nx { relax(k, x, y, from: k + 1) }
                            if j + 1 < ny {
                                relax(k, x, y, from: k + nx)
                                if i + 1 < nx { relax(k, x, y, from: k + nx + 1) }
                                if i > 0 { relax(k, x, y, from: k + nx - 1) }
                            }
                        }
                        for i in 1..<nx { relax(j * nx + i, f.x(i), y, from: j * nx + i - 1) }
                    }
                }
            }
        }
        // sign from each row's even-odd crossings
        var crossings: [Double] = []
        let far = f.h * Double(nx + ny)
        d2.withUnsafeMutableBufferPointer { d2 in
            for j in 0..<ny {
                region.crossings(atY: f.y(j), into: &crossings)
                var m = 0
                var isIn = false
                for i in 0..<nx {
                    let x = f.x(i)
                    while m < crossings.count, crossings[m] <= x { isIn.toggle(); m += 1 }
                    let q = d2[j * nx + i]
                    let d = q.isFinite ? q.squareRoot() : far
                    d2[j * nx + i] = isIn ? -d : d
                }
            }
        }
        values = d2
    }
}
