import RTCore

/// The solid of one ROI under the smooth surface model (`SurfaceModel.smooth`), as thin slabs for
/// `SlabStack`: between two adjacent contour planes the cross-section changes continuously, and the
/// ends close as the shape's trend implies.
///
/// Method: shape-based interpolation (Raya & Udupa 1990; Herman, Zheng & Bucholtz 1992). Each plane's
/// region (even-odd: holes, islands) becomes a signed distance map on a shared raster
/// (`SignedDistanceRaster`, inside negative); at height z between planes a and b (weight
/// w = (z − z_a)/(z_b − z_a)) the cross-section is where (1 − w)·φ_a + w·φ_b < c, extracted as
/// exact-crossing iso-lines (`IsoContour`). Plain linear interpolation makes a sphere's radius linear
/// between planes, which loses 5–6 % of a 5 mm sphere on 3 mm slices, so the level c is set so that the
/// cross-section's area follows a cubic through the planes' areas (the linear blend of the
/// quadratics through planes n−1, n, n+1 and n, n+1, n+2: exact for areas quadratic in z, as spheres',
/// cones' and ellipsoids' are); c = 0 at the planes themselves.
///
/// Ends: beyond the first and last plane of each part (parts as `SlabStack`: split at wide gaps), the
/// area's trend is the quadratic through the last three planes (a line through two); the end plane's
/// region shrinks by a level set of its own distance map to that area, and the end closes where the
/// trend reaches zero (a dome, not a disc) if that is within one contour spacing (the next plane
/// holds no contour, so the solid cannot reach it). When the trend does not close within two
/// spacings (a cylinder along z, a shape growing towards its end, which keeps growing as its trend
/// says, up to `maxGrowth`) the end is cut flat half a spacing out, as the slab convention does; in between the cut moves continuously from one spacing to half.
///
/// The z range of each interval is split into slabs of at most `interiorSlices` × `sliceMM` (the
/// structure's sub-cell size; half a sub-cell in the end caps), each holding the cross-section at its
/// middle height; two planes with identical contours
/// give one slab holding the plane's own region. A plane whose polygons cross themselves or each
/// other cannot be interpolated: `slabs` returns nil with a diagnostic naming the ROI and the plane,
/// and the caller uses the slab model for that ROI.
struct SmoothSurface {
    /// The cut half a spacing out when the trend does not close within `closeWithin` spacings.
    static let reachSpacings = 1.0, closeWithin = 2.0
    /// Largest growth of the end plane's inscribed radius towards the cut (a shape widening towards its
    /// end, e.g. a cone's base, keeps widening half a spacing out).
    static let maxGrowth = 2.0
    /// Between planes slabs are up to this many sub-cells thick (samples are still cut at every
    /// sub-cell along z), in the end caps half a sub-cell.
    static let interiorSlices = 3.0
    /// The distance maps' raster step, in sub-cells (iso-lines interpolate between nodes, so their
    /// error is far below the step: about h²/8 × the curvature).
    static let rasterCells = 1.5
    /// Raster nodes at most (the raster's step grows beyond).
    static let maxNodes = 4_000_000.0

    let planes: [SlabStack.Plane]
    let frame: RasterFrame
    private let regions: [PlanarRegion]
    private var fields: [Int: SignedDistanceRaster] = [:]
    private var areas: [Int: Double] = [:]
    /// The first and last planes of the parts (`build`): their regions may grow in the end caps.
    private var ends: Set<Int> = []
    /// Node (0, 0) of each plane's map on the ROI's raster.
    private var offsets: [Int: (i0: Int, j0: Int)] = [:]
    private var inradii: [Int: Double] = [:]
    private var centres: [Int: SIMD2<Double>] = [:]
    private let sliceMM: Double

    /// Slabs of the smooth solid of `planes` (ascending z, from `SlabStack.planes(of:)`), nil (with a
    /// warning naming `subject` and the plane) when a plane cannot be interpolated, or when there is
    /// a single plane (nothing to interpolate: the slab model, whose own diagnostic says so).
    /// - Parameters: sliceMM: largest slab thickness (mm); endCap: `.none` ends the solid at the
    ///   first and last planes.
    static func slabs(planes: [SlabStack.Plane], subject: String, endCap: EndCapRule, sliceMM: Double,
                      diagnostics: inout [Diagnostic]) -> [SlabStack.Slab]? {
        guard planes.count >= 2 else { return nil }
        for plane in planes {
            if let x = ContourCrossingCheck.crossing(in: plane.polygons) {
                diagnostics.append(Diagnostic(.warning, code: "roi.smooth-fallback",
                    "contours on plane z = \(plane.z) mm cross themselves or each other (near x = \(Self.mm(x.x)), y = \(Self.mm(x.y)) mm): they cannot be interpolated, so this ROI is sampled with the slab surface model",
                    subject: subject))
                return nil
            }
        }
        var surface = SmoothSurface(planes: planes, sliceMM: sliceMM)
        return surface.build(endCap: endCap)
    }

    private static func mm(_ v: Double) -> String { String(format: "%.2f", v) }

    private init(planes: [SlabStack.Plane], sliceMM: Double) {
        self.planes = planes
        self.sliceMM = sliceMM
        regions = planes.map { PlanarRegion(polygons: $0.polygons) }
        var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
        for r in regions where !r.isEmpty {
            lo = pointwiseMin(lo, SIMD2(r.xMin, r.yMin)); hi = pointwiseMax(hi, SIMD2(r.xMax, r.yMax))
        }
        if lo.x > hi.x { lo = .zero; hi = .zero }
        var h = max(0.25, Self.rasterCells * sliceMM)
        let span = hi - lo
        while (span.x / h + 8) * (span.y / h + 8) > Self.maxNodes { h *= 1.5 }
        // room for an end plane's region to grow (`cap`)
        let margin = 3 * h + 1 + Self.maxGrowth * max(span.x, span.y) / 2
        frame = RasterFrame(x0: lo.x - margin, y0: lo.y - margin, h: h,
                            nx: Int(((span.x + 2 * margin) / h).rounded(.up)) + 1,
                            ny: Int(((span.y + 2 * margin) / h).rounded(.up)) + 1)
    }

    private mutating func field(_ n: Int) -> SignedDistanceRaster {
        if let f = fields[n] { return f }
        // keep the few maps a sweep upwards still needs
        for k in fields.keys where k < n - 3 { fields[k] = nil }
        // the plane's map is blended with planes up to three away (`weights`), and an end plane's
        // region may grow (`cap`): its window covers their regions with that margin
        let near = Array(max(0, n - 3)...min(planes.count - 1, n + 3))
        let (lo, hi) = bounds(near)
        let grow = ends.contains(n) ? (Self.maxGrowth - 1) * max(regions[n].xMax - regions[n].xMin, regions[n].yMax - regions[n].yMin) / 2 : 0
        let margin = blendMargin + max(0, grow)
        let w = frame.window(lo: lo - margin, hi: hi + margin)
        let f = SignedDistanceRaster(regions[n], frame: w.frame)
        fields[n] = f
        offsets[n] = (w.i0, w.j0)
        return f
    }

    /// Area (mm²) of plane n as the level-set area of its distance map (`levelArea` at 0), so that the
    /// interpolated areas and the planes' own agree.
    private mutating func area(_ n: Int) -> Double {
        if let a = areas[n] { return a }
        let a = Self.levelArea(field(n).values, level: 0, h: frame.h).area
        areas[n] = a
        return a
    }

    /// Area (mm²) of {v < level} with a linear ramp one raster step wide across the level (accurate for
    /// distance-like fields), and its derivative in the level (the boundary length, mm).
    static func levelArea(_ v: [Double], level c: Double, h: Double) -> (area: Double, length: Double) {
        var a = 0.0, band = 0
        for x in v {
            let r = (c - x) / h + 0.5
            if r >= 1 { a += 1 } else if r > 0 { a += r; band += 1 }
        }
        return (a * h * h, Double(band) * h)
    }

    /// The level c with `levelArea(v, c)` = target (Newton steps from `guess`, bounded to a few raster
    /// steps each).
    func level(_ v: [Double], area target: Double, guess: Double) -> Double {
        var c = guess
        for _ in 0..<4 {
            let (a, length) = Self.levelArea(v, level: c, h: frame.h)
            if abs(a - target) <= 1e-3 * max(target, frame.h * frame.h) { break }
            let step = length > 0 ? (target - a) / length : (target > a ? frame.h : -frame.h)
            c += max(-4 * frame.h, min(4 * frame.h, step))
        }
        return c
    }

    /// The region {v < c} of values on `window` as a `PlanarRegion` (nil when empty).
    func region(_ v: [Double], on window: RasterFrame, level c: Double) -> PlanarRegion? {
        let shifted = c == 0 ? v : v.map { $0 - c }
        let (segments, area) = IsoContour.segments(shifted, frame: window)
        return segments.isEmpty ? nil : PlanarRegion(segments: segments, areaMM2: area)
    }

    /// The part of the raster around the regions of planes `indices`, widened by `margin` (mm), and
    /// the raster index of its first node: everything beyond is outside every blend of their maps
    /// by more than the margin, so only this part is blended and contoured.
    func window(_ indices: [Int], margin: Double) -> (frame: RasterFrame, i0: Int, j0: Int) {
        let (lo, hi) = bounds(indices)
        return frame.window(lo: lo - margin, hi: hi + margin)
    }

    /// Bounding box (mm) of the regions of planes `indices` (a point when all are empty).
    private func bounds(_ indices: [Int]) -> (SIMD2<Double>, SIMD2<Double>) {
        var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
        for n in indices where !regions[n].isEmpty {
            lo = pointwiseMin(lo, SIMD2(regions[n].xMin, regions[n].yMin)); hi = pointwiseMax(hi, SIMD2(regions[n].xMax, regions[n].yMax))
        }
        return lo.x <= hi.x ? (lo, hi) : (SIMD2(frame.x0, frame.y0), SIMD2(frame.x0, frame.y0))
    }

    /// Plane n's map over `window` (node (0, 0) at raster node (i0, j0)), scaled by `c` and added to
    /// `v` (or written to it when `add` is false).
    private mutating func blend(_ n: Int, _ c: Double, into v: inout [Double], window: (frame: RasterFrame, i0: Int, j0: Int), add: Bool) {
        let f = field(n)
        let o = offsets[n]!
        let di = window.i0 - o.i0, dj = window.j0 - o.j0
        precondition(di >= 0 && dj >= 0 && di + window.frame.nx <= f.frame.nx && dj + window.frame.ny <= f.frame.ny,
                     "a blend's window lies inside every blended plane's map")
        let fnx = f.frame.nx, wnx = window.frame.nx
        f.values.withUnsafeBufferPointer { f in
            v.withUnsafeMutableBufferPointer { v in
                for jj in 0..<window.frame.ny {
                    let row = (dj + jj) * fnx + di, out = jj * wnx
                    if add { for ii in 0..<wnx { v[out + ii] += c * f[row + ii] } } else { for ii in 0..<wnx { v[out + ii] = c * f[row + ii] } }
                }
            }
        }
    }

    /// Margin (mm) of a blend's window: room for the level's move (a few raster steps, a bulge).
    private var blendMargin: Double { 4 * frame.h + 1 }

    private mutating func build(endCap: EndCapRule) -> [SlabStack.Slab] {
        let zs = planes.map(\.z)
        let median = SlabStack.medianSpacing(zs)!
        var parts: [ClosedRange<Int>] = []
        var first = 0
        for n in 1..<zs.count where zs[n] - zs[n - 1] > SlabStack.gapFactor * median {
            parts.append(first...(n - 1)); first = n
        }
        parts.append(first...(zs.count - 1))
        ends = Set(parts.flatMap { [$0.lowerBound, $0.upperBound] })
        var slabs: [SlabStack.Slab] = []
        for part in parts {
            if part.count == 1 {
                // an isolated plane: as the slab model
                let half = endCap == .halfSpacing ? median / 2 : 0
                if half > 0 {
                    slabs.append(.init(z: zs[part.lowerBound], zLo: zs[part.lowerBound] - half, zHi: zs[part.lowerBound] + half,
                                       region: regions[part.lowerBound]))
                }
                continue
            }
            if endCap == .halfSpacing { slabs += cap(part, upwards: false) }
            for n in part.dropLast() { slabs += interval(n, in: part) }
            if endCap == .halfSpacing { slabs += cap(part, upwards: true) }
        }
        fields = [:]
        return slabs
    }

    /// Lagrange quadratic through three (z, area) points, at z.
    private static func quadratic(_ p: [(Double, Double)], at z: Double) -> Double {
        var s = 0.0
        for a in 0..<3 {
            var l = p[a].1
            for b in 0..<3 where b != a { l *= (z - p[b].0) / (p[a].0 - p[b].0) }
            s += l
        }
        return s
    }

    /// Weights of the planes `indices` in the value at z between planes n and n + 1 of `part`: the
    /// linear blend, by w = (z − z_n)/(z_{n+1} − z_n), of the quadratics (Lagrange) through planes
    /// n − 1, n, n + 1 and n, n + 1, n + 2, a cubic that reproduces quadratics; one quadratic next to
    /// a part's end, a line with two planes.
    private func weights(_ n: Int, in part: ClosedRange<Int>, at z: Double) -> (indices: [Int], weights: [Double]) {
        let za = planes[n].z, zb = planes[n + 1].z, w = (z - za) / (zb - za)
        func lagrange(_ idx: [Int]) -> [Double] {
            idx.map { a in idx.reduce(1.0) { l, b in b == a ? l : l * (z - planes[b].z) / (planes[a].z - planes[b].z) } }
        }
        let hasLeft = n - 1 >= part.lowerBound, hasRight = n + 2 <= part.upperBound
        switch (hasLeft, hasRight) {
        case (true, true):
            let l = lagrange([n - 1, n, n + 1]), r = lagrange([n, n + 1, n + 2])
            return ([n - 1, n, n + 1, n + 2], [(1 - w) * l[0], (1 - w) * l[1] + w * r[0], (1 - w) * l[2] + w * r[1], w * r[2]])
        case (true, false): return ([n - 1, n, n + 1], lagrange([n - 1, n, n + 1]))
        case (false, true): return ([n, n + 1, n + 2], lagrange([n, n + 1, n + 2]))
        case (false, false): return ([n, n + 1], [1 - w, w])
        }
    }

    /// The slabs between planes n and n + 1 of `part`.
    private mutating func interval(_ n: Int, in part: ClosedRange<Int>) -> [SlabStack.Slab] {
        let za = planes[n].z, zb = planes[n + 1].z
        let around = max(part.lowerBound, n - 1)...min(part.upperBound, n + 2)
        if around.allSatisfy({ planes[$0].polygons == planes[n].polygons }) {
            return [.init(z: (za + zb) / 2, zLo: za, zHi: zb, region: regions[n])]
        }
        let areaA = area(n), areaB = area(n + 1)
        let m = max(1, Int(((zb - za) / (Self.interiorSlices * sliceMM) - 1e-9).rounded(.up)))
        var out: [SlabStack.Slab] = []
        var guess = 0.0
        let (win, i0, j0) = window(self.weights(n, in: part, at: za).indices, margin: blendMargin)
        var v = [Double](repeating: 0, count: win.count)
        for j in 0..<m {
            let lo = za + (zb - za) * Double(j) / Double(m), hi = za + (zb - za) * Double(j + 1) / Double(m)
            let z = (lo + hi) / 2
            let (indices, weights) = self.weights(n, in: part, at: z)
            var target = 0.0
            for (k, (i, c)) in zip(indices, weights).enumerated() {
                blend(i, c, into: &v, window: (win, i0, j0), add: k > 0)
                target += c * area(i)
            }
            target = max(0, min(target, 2 * max(areaA, areaB)))
            let c = target > 0 ? level(v, area: target, guess: guess) : -Double.infinity
            if c.isFinite { guess = c }
            if c.isFinite, let r = region(v, on: win, level: c) { out.append(.init(z: z, zLo: lo, zHi: hi, region: r)) }
        }
        return out
    }

    /// The end-cap slabs beyond the last (`upwards`) or first plane of `part`, in ascending z.
    private mutating func cap(_ part: ClosedRange<Int>, upwards: Bool) -> [SlabStack.Slab] {
        let e = upwards ? part.upperBound : part.lowerBound
        let step = upwards ? -1 : 1
        let i1 = e + step, i2 = e + 2 * step
        let s = abs(planes[e].z - planes[i1].z)
        let rhoE = inradius(e)
        guard rhoE > 0 else { return [] }
        var points = [(0.0, rhoE * rhoE), (-s, pow2(inradius(i1)))]
        if part.contains(i2) { points.append((-abs(planes[e].z - planes[i2].z), pow2(inradius(i2)))) }
        // the trend of the squared inscribed radius (exact for spheres, ellipsoids, cones and
        // cylinders lying across the slices)
        let trend: (Double) -> Double = { [points] t in
            points.count == 3 ? Self.quadratic(points, at: t)
                : points[0].1 + (points[0].1 - points[1].1) * t / s
        }
        // where the trend closes (first t > 0 with ρ² ≤ 0), searched to closeWithin spacings
        var root = Double.infinity
        let scanSteps = 400
        var previous = 0.0
        for k in 1...scanSteps {
            let t = Self.closeWithin * s * Double(k) / Double(scanSteps)
            if trend(t) <= 0 {
                var lo = previous, hi = t
                for _ in 0..<40 { let mid = (lo + hi) / 2; if trend(mid) <= 0 { hi = mid } else { lo = mid } }
                root = hi
                break
            }
            previous = t
        }
        let reach = Self.reachSpacings * s
        let length: Double
        if root <= reach { length = root }
        else if root <= Self.closeWithin * s { length = reach - (root - reach) * (reach - s / 2) / (Self.closeWithin * s - reach) }
        else { length = s / 2 }
        guard length > 1e-6 else { return [] }
        // the end grows beyond its plane only when it grew towards it (a cone's base), never from a
        // trend that merely curves (e.g. above a branching, where it would merge the branches)
        let ceiling = rhoE > inradius(i1) ? Self.maxGrowth * rhoE : rhoE
        let (win, i0, j0) = window([e], margin: blendMargin + ceiling - rhoE)
        var values = [Double](repeating: 0, count: win.count)
        blend(e, 1, into: &values, window: (win, i0, j0), add: false)
        // cap slabs half as thick as the others: the dose at a dome's top changes fastest
        let m = max(1, Int((2 * length / sliceMM - 1e-9).rounded(.up)))
        var out: [SlabStack.Slab] = []
        for j in 0..<m {
            let t0 = length * Double(j) / Double(m), t1 = length * Double(j + 1) / Double(m)
            let t = (t0 + t1) / 2
            let rho = min(ceiling, max(0, trend(t)).squareRoot())
            guard rho > 0 else { break }
            // the end plane's region shrunk (or grown) by the change of its inscribed radius
            let c = rho - rhoE
            // below the raster's resolution: the end region scaled about its deepest point instead
            guard let r = c == 0 ? regions[e] : region(values, on: win, level: c) ?? scaled(e, by: rho / rhoE) else { break }
            let z0 = planes[e].z + (upwards ? t0 : -t1), z1 = planes[e].z + (upwards ? t1 : -t0)
            out.append(.init(z: (z0 + z1) / 2, zLo: z0, zHi: z1, region: r))
        }
        return upwards ? out : out.reversed()
    }

    private func pow2(_ x: Double) -> Double { x * x }

    /// Plane n's polygons scaled by `k` about the centre of its largest inscribed disc.
    private func scaled(_ n: Int, by k: Double) -> PlanarRegion? {
        guard k > 0, let centre = centres[n] else { return nil }
        return PlanarRegion(polygons: planes[n].polygons.map { $0.map { centre + k * ($0 - centre) } })
    }

    /// Radius (mm) of the largest disc inside plane n's region: the deepest raster node, refined by a
    /// pattern search on the exact distance to the region's edges.
    private mutating func inradius(_ n: Int) -> Double {
        if let r = inradii[n] { return r }
        let f = field(n)
        var best = 0
        for k in f.values.indices where f.values[k] < f.values[best] { best = k }
        let region = regions[n]
        func depth(_ p: SIMD2<Double>) -> Double {
            guard region.contains(p.x, p.y) else { return 0 }
            var d2 = Double.infinity
            for e in region.edges { d2 = min(d2, PlanarRegion.squaredDistance(from: e, to: p.x, p.y)) }
            return d2.squareRoot()
        }
        var p = SIMD2(f.frame.x(best % f.frame.nx), f.frame.y(best / f.frame.nx))
        var d = depth(p)
        var stepMM = frame.h
        while stepMM > 1e-4 {
            var moved = false
            for q in [SIMD2(stepMM, 0), SIMD2(-stepMM, 0), SIMD2(0, stepMM), SIMD2(0, -stepMM),
                      SIMD2(stepMM, stepMM), SIMD2(-stepMM, -stepMM), SIMD2(stepMM, -stepMM), SIMD2(-stepMM, stepMM)] {
                let dq = depth(p + q)
                if dq > d { d = dq; p += q; moved = true; break }
            }
            if !moved { stepMM /= 2 }
        }
        inradii[n] = d
        centres[n] = p
        return d
    }
}
