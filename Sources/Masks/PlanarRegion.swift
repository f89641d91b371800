/// The region of one contour plane: the even-odd combination of its closed polygons (holes and
/// islands), in patient x/y (mm). Point tests use horizontal bands of edges so that a test costs a few
/// edges, not the whole contour.
struct PlanarRegion: Sendable {
    /// Edge endpoints, flattened (x0, y0, x1, y1) per edge.
    private let edges: [SIMD4<Double>]
    /// Band b covers y in [yMin + b·bandHeight, yMin + (b+1)·bandHeight); its edges are
    /// `bandEdges[bandStart[b] ..< bandStart[b+1]]`.
    private let bandStart: [Int]
    private let bandEdges: [Int32]
    let yMin: Double, yMax: Double, xMin: Double, xMax: Double
    private let bandHeight: Double
    /// Signed-area sum of the polygons (even-odd area only when holes are nested, as in practice), mm².
    let polygonAreaSum: Double

    /// `polygons`: closed polygons (first point not repeated at the end), each ≥ 3 points.
    init(polygons: [[SIMD2<Double>]]) {
        var e: [SIMD4<Double>] = []
        var area = 0.0
        var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
        for poly in polygons {
            var a = 0.0
            for n in poly.indices {
                let p = poly[n], q = poly[(n + 1) % poly.count]
                a += p.x * q.y - q.x * p.y
                lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
                if p != q { e.append(SIMD4(p.x, p.y, q.x, q.y)) }
            }
            area += abs(a) / 2
        }
        edges = e
        polygonAreaSum = area
        xMin = lo.x; xMax = hi.x; yMin = lo.y; yMax = hi.y
        let bands = max(1, min(e.count, 8192))
        let height = max((hi.y - lo.y) / Double(bands), 1e-9)
        bandHeight = height
        var counts = [Int](repeating: 0, count: bands + 1)
        func range(_ edge: SIMD4<Double>) -> ClosedRange<Int> {
            let b0 = Int(((min(edge.y, edge.w) - lo.y) / height).rounded(.down))
            let b1 = Int(((max(edge.y, edge.w) - lo.y) / height).rounded(.down))
            let first = min(max(0, b0), bands - 1)
            return first...min(max(first, b1), bands - 1)
        }
        for edge in e { for b in range(edge) { counts[b + 1] += 1 } }
        for b in 0..<bands { counts[b + 1] += counts[b] }
        var fill = counts
        var list = [Int32](repeating: 0, count: counts[bands])
        for (n, edge) in e.enumerated() {
            for b in range(edge) { list[fill[b]] = Int32(n); fill[b] += 1 }
        }
        bandStart = counts
        bandEdges = list
    }

    var isEmpty: Bool { edges.isEmpty }
    private var bandCount: Int { bandStart.count - 1 }

    @inline(__always) private func band(_ y: Double) -> Int {
        min(bandCount - 1, max(0, Int(((y - yMin) / bandHeight).rounded(.down))))
    }

    /// Even-odd inside test of (x, y) (mm): the parity of edge crossings of a ray towards +x.
    @inline(__always) func contains(_ x: Double, _ y: Double) -> Bool {
        guard y >= yMin, y < yMax, x >= xMin, x < xMax else { return false }
        let b = band(y)
        var inside = false
        for n in bandStart[b]..<bandStart[b + 1] {
            let e = edges[Int(bandEdges[n])]
            if (e.y > y) != (e.w > y) {
                let xc = e.x + (y - e.y) * (e.z - e.x) / (e.w - e.y)
                if x < xc { inside.toggle() }
            }
        }
        return inside
    }

    /// The x (mm) where the horizontal line at `y` crosses the region's edges, ascending: the region
    /// is inside between crossings 0–1, 2–3, … (even-odd; same edge rule as `contains`).
    func crossings(atY y: Double, into xs: inout [Double]) {
        xs.removeAll(keepingCapacity: true)
        guard y >= yMin, y < yMax else { return }
        let b = band(y)
        for n in bandStart[b]..<bandStart[b + 1] {
            let e = edges[Int(bandEdges[n])]
            if (e.y > y) != (e.w > y) { xs.append(e.x + (y - e.y) * (e.z - e.x) / (e.w - e.y)) }
        }
        xs.sort()
    }

    /// True when some edge passes within distance `r` (mm) of (x, y).
    func hasEdge(within r: Double, of x: Double, _ y: Double) -> Bool {
        guard y + r >= yMin, y - r <= yMax, x + r >= xMin, x - r <= xMax else { return false }
        let r2 = r * r
        for b in band(y - r)...band(y + r) {
            for n in bandStart[b]..<bandStart[b + 1] {
                let e = edges[Int(bandEdges[n])]
                if min(e.x, e.z) - r > x || max(e.x, e.z) + r < x { continue }
                let dx = e.z - e.x, dy = e.w - e.y
                let len2 = dx * dx + dy * dy
                var t = ((x - e.x) * dx + (y - e.y) * dy) / len2
                t = min(1, max(0, t))
                let px = e.x + t * dx - x, py = e.y + t * dy - y
                if px * px + py * py < r2 { return true }
            }
        }
        return false
    }
}
