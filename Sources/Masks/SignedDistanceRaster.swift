/// A square 2D raster in patient x/y (mm) shared by the planes of one ROI: node (i, j) is at
/// (x0 + i·h, y0 + j·h), i < nx, j < ny.
struct RasterFrame: Sendable {
    var x0: Double, y0: Double, h: Double
    var nx: Int, ny: Int
    var count: Int { nx * ny }
    @inline(__always) func x(_ i: Int) -> Double { x0 + Double(i) * h }
    @inline(__always) func y(_ j: Int) -> Double { y0 + Double(j) * h }
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
    /// Region area (mm²): the inside nodes × h² (only used for the end-cap trend).
    let areaMM2: Double

    init(_ region: PlanarRegion, frame f: RasterFrame) {
        frame = f
        let edges = region.edges
        var nearest = [Int32](repeating: -1, count: f.count)
        var d2 = [Double](repeating: .infinity, count: f.count)
        // seed: nodes around every edge, walked in steps of h
        for (n, e) in edges.enumerated() {
            let dx = e.z - e.x, dy = e.w - e.y
            let steps = max(1, Int(((dx * dx + dy * dy).squareRoot() / f.h).rounded(.up)))
            for s in 0...steps {
                let t = Double(s) / Double(steps)
                let ci = Int(((e.x + t * dx - f.x0) / f.h).rounded()), cj = Int(((e.y + t * dy - f.y0) / f.h).rounded())
                guard cj + 2 >= 0, cj - 2 < f.ny, ci + 2 >= 0, ci - 2 < f.nx else { continue }
                for j in max(0, cj - 2)...min(f.ny - 1, cj + 2) {
                    for i in max(0, ci - 2)...min(f.nx - 1, ci + 2) {
                        let q = PlanarRegion.squaredDistance(from: e, to: f.x(i), f.y(j))
                        if q < d2[j * f.nx + i] { d2[j * f.nx + i] = q; nearest[j * f.nx + i] = Int32(n) }
                    }
                }
            }
        }
        // propagation: forward then backward, each with a row pass in the opposite direction
        @inline(__always) func relax(_ i: Int, _ j: Int, from ni: Int, _ nj: Int) {
            guard ni >= 0, nj >= 0, ni < f.nx, nj < f.ny else { return }
            let e = nearest[nj * f.nx + ni]
            guard e >= 0, e != nearest[j * f.nx + i] else { return }
            let q = PlanarRegion.squaredDistance(from: edges[Int(e)], to: f.x(i), f.y(j))
            if q < d2[j * f.nx + i] { d2[j * f.nx + i] = q; nearest[j * f.nx + i] = e }
        }
        if !edges.isEmpty {
            for j in 0..<f.ny {
                for i in 0..<f.nx {
                    relax(i, j, from: i - 1, j); relax(i, j, from: i - 1, j - 1)
                    relax(i, j, from: i, j - 1); relax(i, j, from: i + 1, j - 1)
                }
                for i in stride(from: f.nx - 1, through: 0, by: -1) { relax(i, j, from: i + 1, j) }
            }
            for j in stride(from: f.ny - 1, through: 0, by: -1) {
                for i in stride(from: f.nx - 1, through: 0, by: -1) {
                    relax(i, j, from: i + 1, j); relax(i, j, from: i + 1, j + 1)
                    relax(i, j, from: i, j + 1); relax(i, j, from: i - 1, j + 1)
                }
                for i in 0..<f.nx { relax(i, j, from: i - 1, j) }
            }
        }
        // sign from each row's even-odd crossings
        var crossings: [Double] = []
        var inside = 0
        for j in 0..<f.ny {
            region.crossings(atY: f.y(j), into: &crossings)
            var m = 0
            var isIn = false
            for i in 0..<f.nx {
                let x = f.x(i)
                while m < crossings.count, crossings[m] <= x { isIn.toggle(); m += 1 }
                let d = d2[j * f.nx + i].isFinite ? d2[j * f.nx + i].squareRoot() : f.h * Double(f.nx + f.ny)
                d2[j * f.nx + i] = isIn ? -d : d
                if isIn { inside += 1 }
            }
        }
        values = d2
        areaMM2 = Double(inside) * f.h * f.h
    }

    /// The most negative value (mm): minus the radius of the largest disc inside the region, to a node.
    var deepestMM: Double { values.min() ?? 0 }
}
