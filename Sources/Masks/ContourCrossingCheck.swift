/// Whether the closed polygons of one contour plane bound a region that shape-based interpolation can
/// use: no polygon crosses itself and no two polygons cross each other (nested polygons, i.e. holes
/// and islands, are fine). Edges are swept in order of their lowest y, each tested against the edges
/// whose y range it meets; only proper crossings count (touching or collinear overlap does not).
enum ContourCrossingCheck {
    /// The first crossing found, as the point (mm) where two edges cross, or nil when there is none.
    static func crossing(in polygons: [[SIMD2<Double>]]) -> SIMD2<Double>? {
        struct Edge { var a: SIMD2<Double>, b: SIMD2<Double>, polygon: Int, index: Int, count: Int, yLo: Double, yHi: Double }
        var edges: [Edge] = []
        for (p, poly) in polygons.enumerated() {
            for n in poly.indices {
                let a = poly[n], b = poly[(n + 1) % poly.count]
                edges.append(Edge(a: a, b: b, polygon: p, index: n, count: poly.count, yLo: min(a.y, b.y), yHi: max(a.y, b.y)))
            }
        }
        edges.sort { $0.yLo < $1.yLo }
        var active: [Int] = []
        for (n, e) in edges.enumerated() {
            active.removeAll { edges[$0].yHi < e.yLo }
            for m in active {
                let f = edges[m]
                if f.polygon == e.polygon {
                    let d = abs(f.index - e.index)
                    if d == 1 || d == e.count - 1 { continue }   // neighbours share a vertex
                }
                if let x = properCrossing(e.a, e.b, f.a, f.b) { return x }
            }
            active.append(n)
        }
        return nil
    }

    /// The point where segments ab and cd cross at a point interior to both, nil otherwise.
    static func properCrossing(_ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>, _ d: SIMD2<Double>) -> SIMD2<Double>? {
        func orient(_ p: SIMD2<Double>, _ q: SIMD2<Double>, _ r: SIMD2<Double>) -> Double {
            (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)
        }
        guard max(a.x, b.x) >= min(c.x, d.x), max(c.x, d.x) >= min(a.x, b.x) else { return nil }
        let o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b)
        guard (o1 > 0 && o2 < 0 || o1 < 0 && o2 > 0), (o3 > 0 && o4 < 0 || o3 < 0 && o4 > 0) else { return nil }
        let t = o3 / (o3 - o4)
        return a + t * (b - a)
    }
}
