import RTCore

/// The solid of one ROI under the smooth surface model (`SurfaceModel.smooth`), as thin slabs for
/// `SlabStack`: between two adjacent contour planes the cross-section changes continuously, and the
/// ends close as the shape's trend implies.
///
/// Method: shape-based interpolation (Raya & Udupa 1990; Herman, Zheng & Bucholtz 1992) of power
/// fields instead of plain distance maps. Each plane's region (even-odd: holes, islands) becomes a
/// signed distance map φ on a shared raster (`SignedDistanceRaster`, inside negative) and then the
/// field ψ = φ·(φ + 2ρ), ρ the radius of the plane's largest inscribed disc (`powerField`): for a disc
/// of centre c and radius r, ψ(p) = |p − c|² − r², the power of p with respect to the circle
/// (Steiner), linear in r². At height z between planes n and n + 1 the cross-section is where the
/// blend of the planes' ψ is negative; the blend is the linear-in-z mix of the quadratics (Lagrange)
/// through planes n−1, n, n+1 and n, n+1, n+2 (a cubic that reproduces quadratics; a quadratic next
/// to an end, linear for two planes). So r² — not r, as blending φ gives, which loses 5–6 % of a
/// 5 mm sphere on 3 mm slices — follows the planes' trend: exact for the circles of spheres,
/// ellipsoids of revolution and cones, and for the chord half-width of a cylinder lying across the
/// slices (ψ = y² − w² along its sides, while its flat ends, where every plane's ψ is zero, stay put).
/// The blend is turned back into a distance (√(ρ̄² + ψ) − ρ̄, ρ̄² the same blend of the ρ²) and
/// extracted as exact-crossing iso-lines (`IsoContour`). No area or level correction is applied.
///
/// Ends: beyond the first and last plane of each part (parts as `SlabStack`: split at wide gaps), the
/// squared inscribed radius follows the quadratic through the last three planes (a line through
/// two). A shrinking end (ρ smaller than the plane before) is the end plane's region eroded edge by
/// edge (`EdgeErosion`): each edge moves in as it moved from the plane before (how far it lies inside
/// that plane's region), scaled by the fall of ρ — exact for discs and for a lying cylinder, whose
/// sides close in while its ends stay (a uniform shrink shortened it, 2.2 % of its volume on 2–3 mm
/// slices; extrapolating distance maps widens its corners). A growing end (a cone's base) extrapolates
/// the planes' power fields and grows at most to `maxGrowth` × its inscribed radius. The end closes
/// where the trend of ρ² reaches zero (a dome, not a disc) if that is within the cap's reach
/// (`capReach`: the next plane holds no contour, so the solid cannot reach it — one last spacing on
/// a lattice of planes, up to twice the largest spacing on irregular planes, where the next plane's
/// distance is unknown); when the trend closes beyond twice that reach on a lattice, three largest
/// spacings off it (a cylinder along z never closes) the end is cut flat half the last spacing out,
/// as the slab convention does; in between the cut moves continuously from the reach to half.
///
/// The z range of each interval is split into slabs of at most `interiorSlices` × `sliceMM` (the
/// structure's sub-cell size; half a sub-cell in the end caps), each holding the cross-section at its
/// middle height; two planes with identical contours
/// give one slab holding the plane's own region. A plane whose polygons cross themselves or each
/// other cannot be interpolated: `slabs` returns nil with a diagnostic naming the ROI and the plane,
/// and the caller uses the slab model for that ROI.
struct SmoothSurface {
    /// On a lattice of planes the cap reaches `reachSpacings` last spacings, and is cut flat half a
    /// spacing out when the trend does not close within `closeWithin` spacings (`capReach`).
    static let reachSpacings = 1.0, closeWithin = 2.0
    /// Largest growth of the end plane's inscribed radius towards the cut (a shape widening towards its
    /// end, e.g. a cone's base, keeps widening half a spacing out).
    static let maxGrowth = 2.0
    /// Between planes slabs are up to this many sub-cells thick (samples are still cut at every
    /// sub-cell along z), in the end caps half a sub-cell.
    static let interiorSlices = 3.0
    /// The fields' raster step, in sub-cells (iso-lines interpolate between nodes, so their error is
    /// far below the step: about h²/8 × the curvature).
    static let rasterCells = 1.5
    /// A trend of ρ² whose least value beyond the end plane is below this fraction of ρ_E² touches
    /// zero there (ρ within 10 % of closing: a cone's apex).
    static let touchFraction = 0.01
    /// Raster nodes at most (the raster's step grows beyond).
    static let maxNodes = 4_000_000.0

    let planes: [SlabStack.Plane]
    let frame: RasterFrame
    private let regions: [PlanarRegion]
    private var fields: [Int: PowerField] = [:]
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

    /// Plane n's power field on its window (computed once, the few a sweep upwards still needs kept).
    private mutating func field(_ n: Int) -> PowerField {
        if let f = fields[n] { return f }
        for k in fields.keys where k < n - 3 { fields[k] = nil }
        // the plane's field is blended with planes up to three away (`weights`): its window covers
        // their regions with a margin
        let near = Array(max(0, n - 3)...min(planes.count - 1, n + 3))
        let (lo, hi) = bounds(near)
        let w = frame.window(lo: lo - blendMargin, hi: hi + blendMargin)
        let f = powerField(n, on: w)
        fields[n] = f
        return f
    }

    /// Plane n's power field ψ = φ·(φ + 2ρ) on `window` (φ its signed distance map, ρ its inscribed
    /// radius, both mm; ψ in mm²): for a disc of centre c and radius r, ψ(p) = |p − c|² − r², the power
    /// of p with respect to the circle, which is linear in r², so that blending the planes' fields in z
    /// follows r² (a sphere's, a cone's and an ellipsoid's cross-sections, a lying cylinder's chord
    /// half-width) where blending φ follows r. ψ < 0 exactly where φ < 0 (|φ| ≤ ρ inside).
    private mutating func powerField(_ n: Int, on w: (frame: RasterFrame, i0: Int, j0: Int)) -> PowerField {
        var values = SignedDistanceRaster(regions[n], frame: w.frame).values
        let rho: Double
        if let r = inradii[n] { rho = r } else {
            let disc = Self.inscribedDisc(regions[n], distances: values, frame: w.frame)
            inradii[n] = disc.radius; centres[n] = disc.centre
            rho = disc.radius
        }
        for k in values.indices { values[k] *= values[k] + 2 * rho }
        return PowerField(frame: w.frame, i0: w.i0, j0: w.j0, values: values)
    }

    /// Radius (mm) and centre of the largest disc inside `region`: the deepest node of its signed
    /// distance map `distances` (on `frame`), refined by a pattern search on the exact distance to the
    /// edges near it (the search stays within two raster steps of the node, so only edges within
    /// its depth + 6 steps can be nearest).
    static func inscribedDisc(_ region: PlanarRegion, distances: [Double], frame f: RasterFrame) -> (radius: Double, centre: SIMD2<Double>) {
        guard !distances.isEmpty else { return (0, .zero) }
        var best = 0
        for k in distances.indices where distances[k] < distances[best] { best = k }
        let p0 = SIMD2(f.x(best % f.nx), f.y(best / f.nx))
        guard distances[best] < 0 else { return smallDisc(region) }
        let reach = -distances[best] + 6 * f.h
        let near = region.edges.filter { PlanarRegion.squaredDistance(from: $0, to: p0.x, p0.y) <= reach * reach }
        func depth(_ p: SIMD2<Double>) -> Double {
            guard abs(p.x - p0.x) <= 2 * f.h, abs(p.y - p0.y) <= 2 * f.h, region.contains(p.x, p.y) else { return 0 }
            var d2 = Double.infinity
            for e in near { d2 = min(d2, PlanarRegion.squaredDistance(from: e, to: p.x, p.y)) }
            return d2.squareRoot()
        }
        var p = p0
        var d = depth(p)
        var stepMM = f.h / 2
        while stepMM > 1e-4 {
            var moved = false
            for q in [SIMD2(stepMM, 0), SIMD2(-stepMM, 0), SIMD2(0, stepMM), SIMD2(0, -stepMM),
                      SIMD2(stepMM, stepMM), SIMD2(-stepMM, -stepMM), SIMD2(stepMM, -stepMM), SIMD2(-stepMM, stepMM)] {
                let dq = depth(p + q)
                if dq > d { d = dq; p += q; moved = true; break }
            }
            if !moved { stepMM /= 2 }
        }
        return (d, p)
    }

    /// Radius (mm) and centre of the largest disc inside a region too small for any raster node to
    /// fall inside it (a slender cone's last contours): a pattern search on the exact distance to all
    /// its edges, from the mean of its vertices (radius 0 when that point is outside the region).
    static func smallDisc(_ region: PlanarRegion) -> (radius: Double, centre: SIMD2<Double>) {
        let edges = region.edges
        guard !edges.isEmpty else { return (0, .zero) }
        var p = edges.reduce(SIMD2<Double>.zero) { $0 + SIMD2($1.x, $1.y) } / Double(edges.count)
        func depth(_ q: SIMD2<Double>) -> Double {
            guard region.contains(q.x, q.y) else { return 0 }
            return edges.reduce(Double.infinity) { min($0, PlanarRegion.squaredDistance(from: $1, to: q.x, q.y)) }.squareRoot()
        }
        var d = depth(p)
        guard d > 0 else { return (0, p) }
        var stepMM = max(region.xMax - region.xMin, region.yMax - region.yMin) / 8
        while stepMM > 1e-5 {
            var moved = false
            for q in [SIMD2(stepMM, 0), SIMD2(-stepMM, 0), SIMD2(0, stepMM), SIMD2(0, -stepMM)] {
                let dq = depth(p + q)
                if dq > d { d = dq; p += q; moved = true; break }
            }
            if !moved { stepMM /= 2 }
        }
        return (d, p)
    }

    /// The region {v < 0} of a blended power field v (mm²) on `window` as a `PlanarRegion` (nil when
    /// empty). v is first turned back into a distance, √(ρ² + v) − ρ with ρ² the same blend of the
    /// planes' squared inscribed radii (exactly the distance to a blended circle or a lying
    /// cylinder's blended chord), so that the iso-lines' linear crossings between nodes are as exact
    /// as a distance map's; and the window's border nodes are made outside, so that every iso-line
    /// closes.
    /// (`squaredRadius` nil: v is a distance already.)
    func region(_ v: inout [Double], on window: RasterFrame, squaredRadius: Double?) -> PlanarRegion? {
        let nx = window.nx, ny = window.ny
        if let squaredRadius {
            let r2 = max(squaredRadius, frame.h * frame.h), r = r2.squareRoot()
            for k in v.indices { v[k] = max(v[k], -r2); v[k] = v[k] / ((r2 + v[k]).squareRoot() + r) }
        }
        let outside = Double.leastNormalMagnitude
        for i in 0..<nx { v[i] = max(v[i], outside); v[(ny - 1) * nx + i] = max(v[(ny - 1) * nx + i], outside) }
        for j in 0..<ny { v[j * nx] = max(v[j * nx], outside); v[j * nx + nx - 1] = max(v[j * nx + nx - 1], outside) }
        let (segments, area) = IsoContour.segments(v, frame: window)
        return segments.isEmpty ? nil : PlanarRegion(segments: segments, areaMM2: area)
    }

    /// The part of the raster around the regions of planes `indices`, widened by `margin` (mm), and
    /// the raster index of its first node: everything beyond is outside every blend of their fields
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

    /// `f`'s values over `window` (node (0, 0) at raster node (i0, j0)), scaled by `c` and added to `v`
    /// (or written to it when `add` is false).
    private static func blend(_ f: PowerField, _ c: Double, into v: inout [Double], window: (frame: RasterFrame, i0: Int, j0: Int), add: Bool) {
        let di = window.i0 - f.i0, dj = window.j0 - f.j0
        precondition(di >= 0 && dj >= 0 && di + window.frame.nx <= f.frame.nx && dj + window.frame.ny <= f.frame.ny,
                     "a blend's window lies inside every blended plane's field")
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

    /// Margin (mm) of a blend's window: room for a cross-section bulging past its planes' regions.
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

    /// Lagrange weights of the nodes `ts` at t.
    private static func lagrange(_ ts: [Double], at t: Double) -> [Double] {
        ts.indices.map { a in ts.indices.reduce(1.0) { l, b in b == a ? l : l * (t - ts[b]) / (ts[a] - ts[b]) } }
    }

    /// Weights of the planes `indices` in the field at z between planes n and n + 1 of `part`: the
    /// linear blend, by w = (z − z_n)/(z_{n+1} − z_n), of the quadratics (Lagrange) through planes
    /// n − 1, n, n + 1 and n, n + 1, n + 2, a cubic that reproduces quadratics; one quadratic next to
    /// a part's end, a line with two planes.
    private func weights(_ n: Int, in part: ClosedRange<Int>, at z: Double) -> (indices: [Int], weights: [Double]) {
        let za = planes[n].z, zb = planes[n + 1].z, w = (z - za) / (zb - za)
        func lagrange(_ idx: [Int]) -> [Double] { Self.lagrange(idx.map { planes[$0].z }, at: z) }
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
        let m = max(1, Int(((zb - za) / (Self.interiorSlices * sliceMM) - 1e-9).rounded(.up)))
        var out: [SlabStack.Slab] = []
        let win = window(self.weights(n, in: part, at: za).indices, margin: blendMargin)
        var v = [Double](repeating: 0, count: win.frame.count)
        for j in 0..<m {
            let lo = za + (zb - za) * Double(j) / Double(m), hi = za + (zb - za) * Double(j + 1) / Double(m)
            let z = (lo + hi) / 2
            let (indices, weights) = self.weights(n, in: part, at: z)
            var squaredRadius = 0.0
            for (k, (i, c)) in zip(indices, weights).enumerated() {
                Self.blend(field(i), c, into: &v, window: win, add: k > 0)
                squaredRadius += c * pow2(inradius(i))
            }
            // below the raster's resolution (a slender apex): the nearer plane's region scaled about
            // its deepest point to the blended inscribed radius
            if let r = region(&v, on: win.frame, squaredRadius: squaredRadius) ?? smallSection(n, z: z, squaredRadius: squaredRadius) {
                out.append(.init(z: z, zLo: lo, zHi: hi, region: r))
            }
        }
        return out
    }

    /// The end-cap slabs beyond the last (`upwards`) or first plane of `part`, in ascending z.
    ///
    /// The planes' fields are extrapolated beyond the end plane along the same trend as the squared
    /// inscribed radius (the quadratic through the last three planes, a line through two): each
    /// boundary point moves as it moved over the last planes, so a lying cylinder's cap narrows
    /// without shortening and a sphere's closes as a dome. Where the trend of ρ² reaches zero the cap
    /// ends (within `capReach`: the next plane holds no contour, so the solid cannot reach it); a
    /// trend that closes later cuts the end flat half the last spacing out (the slab convention),
    /// moving continuously from the reach to half in between. The cap stays inside
    /// the end plane's region unless the region grew towards it (a cone's base), and then grows at
    /// most to `maxGrowth` × its inscribed radius.
    private mutating func cap(_ part: ClosedRange<Int>, upwards: Bool) -> [SlabStack.Slab] {
        let e = upwards ? part.upperBound : part.lowerBound
        let step = upwards ? -1 : 1
        let i1 = e + step, i2 = e + 2 * step
        let s = abs(planes[e].z - planes[i1].z)
        let rhoE = inradius(e)
        guard rhoE > 0 else { return [] }
        var indices = [e, i1]
        if part.contains(i2) { indices.append(i2) }
        let ts = indices.map { -abs(planes[e].z - planes[$0].z) }
        let squaredRadii = indices.map { pow2(inradius($0)) }
        // the trend of the squared inscribed radius (exact for spheres, ellipsoids, cones and
        // cylinders lying across the slices)
        // With only two planes a line through ρ² cannot tell a dome from a cone (one end grows, the
        // other closes late): the part is closed as the round solid through both planes instead
        // (`twoPlaneTrend`).
        let twoPlanes = part.count == 2
        let trend: (Double) -> Double = twoPlanes
            ? Self.twoPlaneTrend(squaredRadiusAtEnd: squaredRadii[0], squaredRadiusInside: squaredRadii[1], spacing: s)
            : { t in zip(Self.lagrange(ts, at: t), squaredRadii).reduce(0) { $0 + $1.0 * $1.1 } }
        let (reach, closeAt) = Self.capReach(lastSpacing: s, spacings: spacings(of: part))
        // where the trend closes (first t > 0 with ρ² ≤ 0), searched to where the cut is flat
        var root = Double.infinity
        let scanSteps = 400
        var previous = 0.0
        var least = (t: 0.0, value: pow2(rhoE))
        for k in 1...scanSteps {
            let t = closeAt * Double(k) / Double(scanSteps)
            let value = trend(t)
            if value <= 0 {
                var lo = previous, hi = t
                for _ in 0..<40 { let mid = (lo + hi) / 2; if trend(mid) <= 0 { hi = mid } else { lo = mid } }
                root = hi
                break
            }
            if value < least.value { least = (t, value) }
            previous = t
        }
        // a trend that only touches zero (a cone's apex: ρ linear, ρ² a double root, which rounding
        // leaves just above zero) closes where it is least
        if root == .infinity, least.t > 0, least.value <= Self.touchFraction * pow2(rhoE) { root = least.t }
        let length: Double
        if root <= reach { length = root }
        else if root <= closeAt { length = reach - (root - reach) * (reach - s / 2) / (closeAt - reach) }
        else { length = s / 2 }
        guard length > 1e-6 else { return [] }
        // the end grows beyond its plane only when it grew towards it (a cone's base), never from a
        // trend that merely curves (e.g. above a branching, where it would merge the branches)
        var growth = 0.0
        if rhoE > inradius(i1), !twoPlanes {
            for k in 0...20 { growth = max(growth, min(Self.maxGrowth * rhoE, max(0, trend(length * Double(k) / 20)).squareRoot()) - rhoE) }
        }
        // fields on the cap's window: the cached ones unless the end grows beyond their margin
        let fresh = growth > blendMargin - 2 * frame.h
        let win = window([e], margin: (fresh ? blendMargin : 2 * frame.h) + growth)
        let caps = fresh ? indices.map { powerField($0, on: win) } : indices.map { field($0) }
        // the bound {φ_e < growth} in terms of ψ_e (ψ increases with φ beyond −ρ)
        let bound = growth * (growth + 2 * rhoE)
        var end = [Double](repeating: 0, count: win.frame.count)
        Self.blend(caps[0], 1, into: &end, window: win, add: false)
        // cap slabs half as thick as the others: the dose at a dome's top changes fastest
        let m = max(1, Int((2 * length / sliceMM - 1e-9).rounded(.up)))
        // a shrinking end: each edge of the end plane moves in as it moved from the plane before
        // (how far it lies inside that plane's region), timed by the trend of ρ: the end plane's
        // region eroded edge by edge (`EdgeErosion`). Exact for concentric discs (a sphere, a cone's
        // apex) and for a cylinder lying across the slices, whose flat ends do not move while its
        // sides close in (a uniform shrink, or blending distance maps, would shorten or widen it).
        // Two planes: every edge closes in as far as it moved between them (either way: a lying
        // cylinder's sides, not its flat ends), and all alike where nothing moved (a sphere centred
        // between the planes), never growing beyond the end plane's region.
        let rhoI1 = inradius(i1), shrinking = rhoE < rhoI1 || twoPlanes
        let moves = shrinking ? EdgeErosion.depths(of: regions[e], in: regions[i1]).map { twoPlanes ? abs($0) : max(0, $0) } : []
        let distances = shrinking ? end.map { ($0 + rhoE * rhoE).squareRoot() - rhoE } : []
        // the motion per unit of inscribed-radius change, regularised where the radius hardly changed
        let epsilon = frame.h / 20, delta = twoPlanes ? abs(rhoI1 - rhoE) : rhoI1 - rhoE
        // two planes: the part of the shift every edge takes alike (1 where nothing moved)
        let uniform = twoPlanes ? epsilon * epsilon / (delta * delta + epsilon * epsilon) : 0
        var out: [SlabStack.Slab] = []
        var v = [Double](repeating: 0, count: win.frame.count)
        for j in 0..<m {
            let t0 = length * Double(j) / Double(m), t1 = length * Double(j + 1) / Double(m)
            let t = (t0 + t1) / 2
            let rho = min(Self.maxGrowth * rhoE, max(0, trend(t)).squareRoot())
            guard rho > 0 else { break }
            let found: PlanarRegion?
            if shrinking {
                let k = max(0, rhoE - rho) * delta / (delta * delta + epsilon * epsilon)
                let alike = uniform * max(0, rhoE - rho)
                v = EdgeErosion.values(regions[e], distances: distances, frame: win.frame, shifts: moves.map { $0 * k + alike })
                found = region(&v, on: win.frame, squaredRadius: nil)
            } else {
                for (k, c) in Self.lagrange(ts, at: t).enumerated() { Self.blend(caps[k], c, into: &v, window: win, add: k > 0) }
                for k in v.indices { v[k] = max(v[k], end[k] - bound) }
                found = region(&v, on: win.frame, squaredRadius: rho * rho)
            }
            // below the raster's resolution: the end region scaled about its deepest point instead
            guard let r = found ?? scaled(e, by: rho / rhoE) else { break }
            let z0 = planes[e].z + (upwards ? t0 : -t1), z1 = planes[e].z + (upwards ? t1 : -t0)
            out.append(.init(z: (z0 + z1) / 2, zLo: z0, zHi: z1, region: r))
        }
        return upwards ? out : out.reversed()
    }

    private func pow2(_ x: Double) -> Double { x * x }

    /// The trend of ρ² (mm²) beyond the end plane of a part of two planes, t mm out: the circle profile
    /// ρ² = R² − (t − t_c)² through (0, ρ_E²) and (−s, ρ_I²), t_c = −s/2 − (ρ_I² − ρ_E²)/(2s).
    ///
    /// Method: two planes fix two of the three coefficients of a quadratic trend; the third, its
    /// curvature, is taken as a sphere's (d²ρ²/dt² = −2, any radius), the roundest closure: exact for
    /// spheres and for cylinders lying across the slices (ρ their chord half-width) caught by two
    /// planes, and it closes both ends (a line through ρ² grows one end and closes the other late:
    /// a lying cylinder R 3.5 mm on two 3 mm planes was 1.7 Gy and 3.7 % off). A large region on two
    /// planes (ρ ≫ s) closes far beyond the reach and is cut flat as before (`capReach`).
    static func twoPlaneTrend(squaredRadiusAtEnd e2: Double, squaredRadiusInside i2: Double, spacing s: Double) -> (Double) -> Double {
        let tc = -s / 2 - (i2 - e2) / (2 * s)
        let r2 = e2 + tc * tc
        return { t in r2 - (t - tc) * (t - tc) }
    }

    /// The spacings (mm) between adjacent planes of `part`.
    private func spacings(of part: ClosedRange<Int>) -> [Double] {
        part.dropLast().map { planes[$0 + 1].z - planes[$0].z }
    }

    /// How far (mm) an end cap may reach beyond its end plane: up to `reach` the cap ends where the
    /// trend of ρ² closes; from `reach` to `closeAt` the cut moves continuously to half the last
    /// spacing, where it stays beyond.
    ///
    /// Method: the end cap cannot pass the next plane of the image series, which holds no contour of
    /// the ROI. When the ROI's planes lie on a lattice (every spacing a whole multiple of the smallest,
    /// to `latticeTolerance`), that next plane is the last spacing `s` away: reach s, flat cut by 2s
    /// (a trend closing later contradicts the empty plane). Off a lattice (irregular spacing) the next
    /// plane's distance is not known from the ROI: it is at most about the largest spacing S the ROI
    /// shows, and a dome's trend that closes by twice that is trusted (reach 2S, flat cut by 3S) — a
    /// sphere's pole 2.7 mm beyond a plane whose neighbour is 2 mm in, on planes spaced 1.5–3 mm.
    /// - Parameters: lastSpacing: s (mm); spacings: the spacings of the end's part (mm).
    static func capReach(lastSpacing s: Double, spacings: [Double]) -> (reach: Double, closeAt: Double) {
        guard let smallest = spacings.min(), let largest = spacings.max(), smallest > 0 else {
            return (reachSpacings * s, closeWithin * s)
        }
        let onLattice = spacings.allSatisfy { g in
            abs(g - (g / smallest).rounded() * smallest) <= latticeTolerance
        }
        if onLattice { return (reachSpacings * s, closeWithin * s) }
        return (closeWithin * largest, (closeWithin + 1) * largest)
    }

    /// Planes whose spacings differ by less than this (mm) from whole multiples of the smallest lie
    /// on one lattice (CT positions are written to about 0.01 mm).
    static let latticeTolerance = 0.02

    /// Where a dose's extremes over the smooth solid may lie (patient LPS, mm): each slab's vertices
    /// at the slab's own height z, where its region is the solid's cross-section (its faces, half a
    /// slab away, stick out of the smooth surface wherever it slopes), and at the outer face of each
    /// slab that ends the solid (a dome's tip, a flat cut).
    static func surfacePoints(of slabs: [SlabStack.Slab]) -> [SIMD3<Double>] {
        var out: [SIMD3<Double>] = []
        for (n, slab) in slabs.enumerated() {
            var heights = [slab.z]
            if n == 0 || slabs[n - 1].zHi < slab.zLo - 1e-6 { heights.append(slab.zLo) }
            if n + 1 == slabs.count || slabs[n + 1].zLo > slab.zHi + 1e-6 { heights.append(slab.zHi) }
            for e in slab.region.edges {
                for z in heights { out.append(SIMD3(e.x, e.y, z)) }
            }
        }
        return out
    }

    /// The cross-section at z between planes n and n + 1 when the raster shows none although the
    /// blended squared inscribed radius (mm²) is positive but below two raster steps: the nearer
    /// plane's region scaled about its deepest point to that radius (nil otherwise).
    private func smallSection(_ n: Int, z: Double, squaredRadius: Double) -> PlanarRegion? {
        guard squaredRadius > 0, squaredRadius < pow2(2 * frame.h) else { return nil }
        let near = z - planes[n].z < planes[n + 1].z - z ? n : n + 1
        guard let rho = inradii[near], rho > 0, !regions[near].isEmpty else { return nil }
        return scaled(near, by: squaredRadius.squareRoot() / rho)
    }

    /// Plane n's polygons scaled by `k` about the centre of its largest inscribed disc.
    private func scaled(_ n: Int, by k: Double) -> PlanarRegion? {
        guard k > 0, let centre = centres[n] else { return nil }
        return PlanarRegion(polygons: planes[n].polygons.map { $0.map { centre + k * ($0 - centre) } })
    }

    /// Radius (mm) of the largest disc inside plane n's region (`inscribedDisc`).
    private mutating func inradius(_ n: Int) -> Double {
        if let r = inradii[n] { return r }
        _ = field(n)
        return inradii[n]!
    }
}

/// A plane's power field (`SmoothSurface.powerField`, mm²) on a window of the ROI's raster whose node
/// (0, 0) is raster node (i0, j0).
struct PowerField {
    let frame: RasterFrame
    let i0: Int, j0: Int
    let values: [Double]
}

