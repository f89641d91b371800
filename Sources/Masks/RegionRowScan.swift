/// The point tests of one `PlanarRegion` at the voxel centres of one grid row: points (xs[n], y) on
/// a line y = const (patient mm), xs ascending. Written as answer bits, one byte per point.
///
/// Each answer equals the region's own, bit for bit:
/// - `inside`: `PlanarRegion.contains`, from the line's crossings (`PlanarRegion.crossings`: the same
///   edges and formula) right of x, behind the same bounding-box guard;
/// - `nearEdge`/`nearMargin`: `PlanarRegion.hasEdge(within:of:)` for the inner/outer radius. Every
///   edge that `hasEdge` scans for the outer radius r gets a window on the line: the x extent of its
///   part within r + `slackMM` of the line along y, widened by r + `slackMM`. A point within r (or
///   the inner radius) of the edge lies in that window, so the region's own per-edge test
///   (`PlanarRegion.edge`) runs only on the points of the window, for the outer radius and, when
///   `hasEdge` scans the edge for the inner radius too, for the inner one. The slack (1 µm) is orders
///   of magnitude above the rounding error of the test and of the window. An answer is an "or" over
///   edges, so neither the order of the edges nor skipping a point whose bit is already set changes it.
struct RegionRowScan {
    static let inside: UInt8 = 1, nearEdge: UInt8 = 2, nearMargin: UInt8 = 4
    /// Margin (mm) added to every window; see the type's notes.
    static let slackMM = 1e-6

    /// Scratch for the line's crossings (mm).
    private var crossings: [Double] = []

    /// Appends the answer bits of the points (xs[n], y) (mm; `xs` ascending) for `region`, with edge
    /// radii `innerRadius` ≤ `outerRadius` (mm), to `bits`.
    mutating func scan(_ region: PlanarRegion, y: Double, xs: [Double], innerRadius: Double, outerRadius: Double,
                       into bits: inout [UInt8]) {
        precondition(innerRadius <= outerRadius)
        let base = bits.count
        bits.append(contentsOf: repeatElement(0, count: xs.count))
        guard !xs.isEmpty else { return }
        region.crossings(atY: y, into: &crossings)
        bits.withUnsafeMutableBufferPointer { all in
            let out = UnsafeMutableBufferPointer(rebasing: all[base...])
            xs.withUnsafeBufferPointer { xs in
                crossings.withUnsafeBufferPointer { crossings in
                    Self.markInside(region, y: y, xs: xs, crossings: crossings, out)
                }
                Self.markNearEdges(region, y: y, xs: xs, innerRadius: innerRadius, outerRadius: outerRadius, out)
            }
        }
    }

    /// `inside` for the points whose (x, y) the region contains: an odd number of crossings right of x
    /// (even-odd rule of `PlanarRegion.contains`, behind its bounding-box guard).
    private static func markInside(_ region: PlanarRegion, y: Double, xs: UnsafeBufferPointer<Double>,
                                   crossings: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<UInt8>) {
        guard y >= region.yMin, y < region.yMax else { return }
        var right = 0   // crossings ≤ x, as x ascends
        for n in xs.indices {
            let x = xs[n]
            while right < crossings.count && crossings[right] <= x { right += 1 }
            if x >= region.xMin, x < region.xMax, (crossings.count - right) & 1 == 1 { out[n] |= inside }
        }
    }

    /// `nearMargin`/`nearEdge` for the points within the outer/inner radius (mm) of an edge.
    private static func markNearEdges(_ region: PlanarRegion, y: Double, xs: UnsafeBufferPointer<Double>,
                                      innerRadius: Double, outerRadius: Double, _ out: UnsafeMutableBufferPointer<UInt8>) {
        // the y half of hasEdge's bounding-box guard
        guard !region.isEmpty, y + outerRadius >= region.yMin, y - outerRadius <= region.yMax else { return }
        let innerInReach = y + innerRadius >= region.yMin && y - innerRadius <= region.yMax
        // the edges of the bands hasEdge scans for the outer radius, each once; the inner radius's
        // bands are among them (band is monotone in y)
        let first = region.band(y - outerRadius), last = region.band(y + outerRadius)
        let innerFirst = Int32(region.band(y - innerRadius)), innerLast = Int32(region.band(y + innerRadius))
        let step = xs.count > 1 ? (xs[xs.count - 1] - xs[0]) / Double(xs.count - 1) : 1
        func visit(_ index: Int32) {
            let bands = region.edgeBands[Int(index)]
            let inner = innerInReach && bands.x <= innerLast && bands.y >= innerFirst
            mark(region.edges[Int(index)], region, y: y, innerRadius: innerRadius, outerRadius: outerRadius,
                 inner: inner, xs: xs, step: step, out)
        }
        for n in region.bandStart[first]..<region.bandStart[first + 1] { visit(region.bandEdges[n]) }
        if last > first {
            for n in region.firstBandStart[first + 1]..<region.firstBandStart[last + 1] { visit(region.firstBandEdges[n]) }
        }
    }

    /// Sets `nearMargin` for the points of edge `e`'s window whose distance to `e` is below
    /// `outerRadius` (mm), and `nearEdge` for those below `innerRadius` when `inner` (the edge is one
    /// of those `hasEdge` scans for the inner radius). A point within the inner radius of the edge is
    /// within the outer one, so the outer window holds it. Both tests are `PlanarRegion.edge`'s,
    /// sharing its squared distance.
    @inline(__always) private static func mark(_ e: SIMD4<Double>, _ region: PlanarRegion, y: Double,
                                               innerRadius ri: Double, outerRadius ro: Double, inner: Bool,
                                               xs: UnsafeBufferPointer<Double>, step: Double, _ out: UnsafeMutableBufferPointer<UInt8>) {
        let reach = ro + slackMM
        let ylo = y - reach, yhi = y + reach
        let e0 = min(e.y, e.w), e1 = max(e.y, e.w)
        guard e1 >= ylo, e0 <= yhi else { return }
        var x0 = min(e.x, e.z), x1 = max(e.x, e.z)
        if e0 < ylo || e1 > yhi {
            // the part of the edge within [ylo, yhi] along y (e.w ≠ e.y here)
            let ta = min(1, max(0, (ylo - e.y) / (e.w - e.y))), tb = min(1, max(0, (yhi - e.y) / (e.w - e.y)))
            let xa = e.x + ta * (e.z - e.x), xb = e.x + tb * (e.z - e.x)
            x0 = min(xa, xb); x1 = max(xa, xb)
        }
        // the x half of hasEdge's bounding-box guard, then the window
        let lo = max(x0, region.xMin) - reach, hi = min(x1, region.xMax) + reach
        guard lo <= hi, lo <= xs[xs.count - 1], hi >= xs[0] else { return }
        let ri2 = ri * ri, ro2 = ro * ro
        let both = inner ? nearEdge | nearMargin : nearMargin
        var n = firstIndex(in: xs, notBelow: lo, step: step)
        while n < xs.count, xs[n] <= hi {
            defer { n += 1 }
            let have = out[n]
            guard have & both != both else { continue }
            let x = xs[n]
            let testOuter = have & nearMargin == 0 && x + ro >= region.xMin && x - ro <= region.xMax
                && PlanarRegion.edge(e, mayBeWithin: ro, of: x)
            let testInner = inner && have & nearEdge == 0 && x + ri >= region.xMin && x - ri <= region.xMax
                && PlanarRegion.edge(e, mayBeWithin: ri, of: x)
            guard testOuter || testInner else { continue }
            let d2 = PlanarRegion.squaredDistance(from: e, to: x, y)
            if testOuter && d2 < ro2 { out[n] |= nearMargin }
            if testInner && d2 < ri2 { out[n] |= nearEdge }
        }
    }

    /// Index of the first element of ascending, about evenly spaced `xs` that is ≥ `value` (xs.count
    /// when none is): a guess from the spacing `step`, corrected to the exact index.
    @inline(__always) private static func firstIndex(in xs: UnsafeBufferPointer<Double>, notBelow value: Double, step: Double) -> Int {
        let guess = ((value - xs[0]) / step).rounded(.up)
        var n = guess.isFinite ? Int(min(max(guess, 0), Double(xs.count))) : 0
        while n > 0 && xs[n - 1] >= value { n -= 1 }
        while n < xs.count && xs[n] < value { n += 1 }
        return n
    }
}
