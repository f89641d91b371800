/// The point tests of one `PlanarRegion` at the voxel centres of one grid row: points (xs[n], y) on
/// a line y = const (patient mm), xs ascending. Written as answer bits, one byte per point.
///
/// Each answer equals the region's own, bit for bit:
/// - `inside`: `PlanarRegion.contains`, from the line's crossings (`PlanarRegion.crossings`: the same
///   edges and formula) right of x, behind the same bounding-box guard;
/// - `nearEdge`/`nearMargin`: `PlanarRegion.hasEdge(within:of:)` for the inner/outer radius. Every
///   edge that `hasEdge` scans gets a window on the line: the x extent of its part within r + `slackMM`
///   of the line along y, widened by r + `slackMM`. A point within r of the edge lies in that window,
///   so the region's own per-edge test (`PlanarRegion.edge`) runs only on the points of the window;
///   the slack (1 µm) is orders of magnitude above the rounding error of the test and of the window.
///   An answer is an "or" over edges, so neither the order of the edges nor skipping a point whose
///   bit is already set changes it.
struct RegionRowScan {
    static let inside: UInt8 = 1, nearEdge: UInt8 = 2, nearMargin: UInt8 = 4
    /// Margin (mm) added to every window; see the type's notes.
    static let slackMM = 1e-6

    private var crossings: [Double] = []

    /// Appends the answer bits of the points (xs[n], y) (mm; `xs` ascending) for `region`, with edge
    /// radii `innerRadius` ≤ `outerRadius` (mm), to `bits`.
    mutating func scan(_ region: PlanarRegion, y: Double, xs: [Double], innerRadius: Double, outerRadius: Double,
                       into bits: inout [UInt8]) {
        precondition(innerRadius <= outerRadius)
        let base = bits.count
        region.crossings(atY: y, into: &crossings)
        let yInside = y >= region.yMin && y < region.yMax
        for x in xs {
            bits.append(yInside && x >= region.xMin && x < region.xMax && Self.oddCrossings(right: x, crossings) ? Self.inside : 0)
        }
        // the y half of hasEdge's bounding-box guard
        guard !region.isEmpty, y + outerRadius >= region.yMin, y - outerRadius <= region.yMax else { return }
        let innerInReach = y + innerRadius >= region.yMin && y - innerRadius <= region.yMax
        // the edges of the bands hasEdge scans for the outer radius, each once; the inner radius's
        // bands are among them (band is monotone in y)
        let first = region.band(y - outerRadius), last = region.band(y + outerRadius)
        let innerFirst = Int32(region.band(y - innerRadius)), innerLast = Int32(region.band(y + innerRadius))
        func visit(_ index: Int32) {
            let e = region.edges[Int(index)]
            mark(e, region, y: y, radius: outerRadius, bit: Self.nearMargin, xs: xs, bits: &bits, base: base)
            let bands = region.edgeBands[Int(index)]
            if innerInReach && bands.x <= innerLast && bands.y >= innerFirst {
                mark(e, region, y: y, radius: innerRadius, bit: Self.nearEdge, xs: xs, bits: &bits, base: base)
            }
        }
        for n in region.bandStart[first]..<region.bandStart[first + 1] { visit(region.bandEdges[n]) }
        if last > first {
            for n in region.firstBandStart[first + 1]..<region.firstBandStart[last + 1] { visit(region.firstBandEdges[n]) }
        }
    }

    /// Sets `bit` for the points of edge `e`'s window whose distance to `e` is below `radius` (mm).
    @inline(__always) private func mark(_ e: SIMD4<Double>, _ region: PlanarRegion, y: Double, radius r: Double, bit: UInt8,
                                        xs: [Double], bits: inout [UInt8], base: Int) {
        let reach = r + Self.slackMM
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
        let r2 = r * r
        var n = Self.firstIndex(in: xs, notBelow: lo)
        while n < xs.count, xs[n] <= hi {
            let x = xs[n]
            if bits[base + n] & bit == 0, x + r >= region.xMin, x - r <= region.xMax,
               PlanarRegion.edge(e, within: r, r2: r2, of: x, y) {
                bits[base + n] |= bit
            }
            n += 1
        }
    }

    /// Even-odd rule of `PlanarRegion.contains`: an odd number of crossings right of x.
    @inline(__always) private static func oddCrossings(right x: Double, _ crossings: [Double]) -> Bool {
        var lo = 0, hi = crossings.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if crossings[mid] > x { hi = mid } else { lo = mid &+ 1 }
        }
        return (crossings.count &- lo) & 1 == 1
    }

    /// Index of the first element of ascending `xs` that is ≥ `value` (xs.count when none is).
    @inline(__always) private static func firstIndex(in xs: [Double], notBelow value: Double) -> Int {
        var lo = 0, hi = xs.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if xs[mid] < value { lo = mid &+ 1 } else { hi = mid }
        }
        return lo
    }
}
