/// The region of one contour plane: the even-odd combination of its closed polygons (holes and
/// islands), in patient x/y (mm). Point tests use horizontal bands of edges so that a test costs a few
/// edges, not the whole contour.
struct PlanarRegion: Sendable {
    /// Edge endpoints, flattened (x0, y0, x1, y1) per edge.
    let edges: [SIMD4<Double>]
    /// Band b covers y in [yMin + b·bandHeight, yMin + (b+1)·bandHeight); its edges are
    /// `bandEdges[bandStart[b] ..< bandStart[b+1]]` (an edge is listed in every band its y range meets).
    let bandStart: [Int]
    let bandEdges: [Int32]
    /// First and last band of each edge (inclusive).
    let edgeBands: [SIMD2<Int32>]
    /// The edges whose first band is b: `firstBandEdges[firstBandStart[b] ..< firstBandStart[b+1]]`.
    /// The edges meeting bands b0…b1 are those of band b0 plus those whose first band is in b0+1…b1.
    let firstBandStart: [Int]
    let firstBandEdges: [Int32]
    let yMin: Double, yMax: Double, xMin: Double, xMax: Double
    let bandHeight: Double
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
        self.init(edges: e, areaSum: area, lo: lo, hi: hi)
    }

    /// A region bounded by `segments` (x0, y0, x1, y1; mm) that form closed loops (e.g. iso-lines of a
    /// raster, `IsoContour`), even-odd; `areaMM2` its area. Zero-length segments are dropped.
    init(segments: [SIMD4<Double>], areaMM2: Double) {
        var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
        var e: [SIMD4<Double>] = []
        e.reserveCapacity(segments.count)
        for s in segments where s.x != s.z || s.y != s.w {
            lo = pointwiseMin(lo, pointwiseMin(SIMD2(s.x, s.y), SIMD2(s.z, s.w)))
            hi = pointwiseMax(hi, pointwiseMax(SIMD2(s.x, s.y), SIMD2(s.z, s.w)))
            e.append(s)
        }
        self.init(edges: e, areaSum: areaMM2, lo: lo, hi: hi)
    }

    private init(edges e: [SIMD4<Double>], areaSum area: Double, lo: SIMD2<Double>, hi: SIMD2<Double>) {
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
        let spans = e.map(range)
        var firstCounts = [Int](repeating: 0, count: bands + 1)
        for span in spans {
            for b in span { counts[b + 1] += 1 }
            firstCounts[span.lowerBound + 1] += 1
        }
        for b in 0..<bands { counts[b + 1] += counts[b]; firstCounts[b + 1] += firstCounts[b] }
        var fill = counts, firstFill = firstCounts
        var list = [Int32](repeating: 0, count: counts[bands])
        var firstList = [Int32](repeating: 0, count: e.count)
        for (n, span) in spans.enumerated() {
            for b in span { list[fill[b]] = Int32(n); fill[b] += 1 }
            firstList[firstFill[span.lowerBound]] = Int32(n); firstFill[span.lowerBound] += 1
        }
        bandStart = counts
        bandEdges = list
        edgeBands = spans.map { SIMD2(Int32($0.lowerBound), Int32($0.upperBound)) }
        firstBandStart = firstCounts
        firstBandEdges = firstList
    }

    var isEmpty: Bool { edges.isEmpty }
    private var bandCount: Int { bandStart.count - 1 }

    /// The band holding y (mm), clamped to the bands.
    @inline(__always) func band(_ y: Double) -> Int {
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
            for n in bandStart[b]..<bandStart[b + 1] where Self.edge(edges[Int(bandEdges[n])], within: r, r2: r2, of: x, y) {
                return true
            }
        }
        return false
    }

    /// The per-edge test of `hasEdge`: true when edge `e` (x0, y0, x1, y1) passes closer than `r` (mm,
    /// `r2` = r·r) to (x, y). Shared with `RegionRowScan`, so that both give the same answer bit for bit.
    @inline(__always) static func edge(_ e: SIMD4<Double>, within r: Double, r2: Double, of x: Double, _ y: Double) -> Bool {
        edge(e, mayBeWithin: r, of: x) && squaredDistance(from: e, to: x, y) < r2
    }

    /// The x pre-test of `edge(_:within:r2:of:_:)`: false when x is farther than `r` (mm) from the
    /// edge's x range.
    @inline(__always) static func edge(_ e: SIMD4<Double>, mayBeWithin r: Double, of x: Double) -> Bool {
        !(min(e.x, e.z) - r > x || max(e.x, e.z) + r < x)
    }

    /// Squared distance (mm²) from (x, y) to edge `e`, as `edge(_:within:r2:of:_:)` computes it.
    @inline(__always) static func squaredDistance(from e: SIMD4<Double>, to x: Double, _ y: Double) -> Double {
        let dx = e.z - e.x, dy = e.w - e.y
        let len2 = dx * dx + dy * dy
        var t = ((x - e.x) * dx + (y - e.y) * dy) / len2
        t = min(1, max(0, t))
        let px = e.x + t * dx - x, py = e.y + t * dy - y
        return px * px + py * py
    }
}
