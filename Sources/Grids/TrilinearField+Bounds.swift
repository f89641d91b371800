extension TrilinearField {
    /// Half extents, in continuous indices of this grid, of the box of a parallelepiped with half axes
    /// `a`, `b`, `c` (evaluation frame, mm): Σ |M·axis| with M the linear part of `indexMap`.
    public func indexHalfExtent(ofHalfAxes a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) -> SIMD3<Double> {
        let m = indexMap.linear
        let ia: SIMD3<Double> = m * a, ib: SIMD3<Double> = m * b, ic: SIMD3<Double> = m * c
        return Self.magnitude(ia) + Self.magnitude(ib) + Self.magnitude(ic)
    }

    /// Bounds on the interpolant over a region: every value the field gives at a position whose
    /// continuous index lies within `halfExtent` (see `indexHalfExtent`) of the index of `centre`
    /// (evaluation frame, mm) is within `lo … hi` (grid unit, Float as `sample` returns them).
    ///
    /// When the evaluation axes map onto the grid's axes (any translation, axis flips), the bounds are
    /// the interpolant's exact extremes over the region (see the code). Otherwise: trilinear values
    /// are convex combinations of the 8 nodes of their cell, so the nodes from ⌊lower corner⌋ to
    /// ⌈upper corner⌉ bound them. 0 joins the bounds where the region leaves the grid's support. nil
    /// when the region needs nodes this (cropped) grid does not hold.
    /// - Complexity: O(nodes in the region's index box).
    public func bounds(around centre: SIMD3<Double>, halfExtent: SIMD3<Double>) -> (lo: Float, hi: Float)? {
        let ijk = indexMap(centre) - shift
        // a hair wider than the region, for the rounding of the positions' own index computation
        let pad = halfExtent + 1e-9 * (Self.magnitude(ijk) + 1)
        let lower = ijk - pad, upper = ijk + pad
        let size = grid.geometry.size, last = SIMD3<Double>(size &- 1)
        // The whole grid's support (voxel centres ± the sampler's tolerance), in this grid's indices.
        let supportLower = sampler.lower - shift, supportUpper = sampler.upper - last + SIMD3<Double>(wholeSize &- 1) - shift
        // (comparisons and extremes written per component: the generic SIMD ones stay calls here)
        let leavesSupport = Self.anyBelow(lower, supportLower) || Self.anyBelow(supportUpper, upper)
        // the part inside the support must lie inside the held box
        let heldLower = componentMax(lower, supportLower), heldUpper = componentMin(upper, supportUpper)
        if Self.anyBelow(heldLower, sampler.lower - 1e-9) || Self.anyBelow(sampler.upper + 1e-9, heldUpper) { return nil }
        guard !Self.anyBelow(heldUpper, heldLower) else { return leavesSupport ? (0, 0) : nil }
        // positions within the tolerance outside the centres read the face values (`clampedToCentres`)
        let inLower = componentMin(componentMax(heldLower, SIMD3<Double>.zero), last)
        let inUpper = componentMax(componentMin(heldUpper, last), SIMD3<Double>.zero)
        let lo = SIMD3(Int(inLower.x.rounded(.down)), Int(inLower.y.rounded(.down)), Int(inLower.z.rounded(.down)))
        let hi = SIMD3(Int(inUpper.x.rounded(.up)), Int(inUpper.y.rounded(.up)), Int(inUpper.z.rounded(.up)))
        var minimum = leavesSupport ? Float(0) : .infinity, maximum = leavesSupport ? Float(0) : -.infinity
        let span = hi &- lo
        if indexMap.linear.isDiagonal, span.x <= 3, span.y <= 3, span.z <= 3 {
            // Axes map to axes: the region's index box is the image of the positions' box, split by the
            // node planes into pieces inside one cell each, on which the trilinear interpolant is
            // multilinear, so its extremes are at the pieces' corners: the exact bounds.
            let e = span.x == 1 && span.y == 1 && span.z == 1 ? cellExtremes(lower: inLower, upper: inUpper, lo: lo)
                : exactExtremes(lower: inLower, upper: inUpper, lo: lo, hi: hi)
            return (Swift.min(minimum, e.lo), Swift.max(maximum, e.hi))
        }
        grid.values.withUnsafeBufferPointer { v in
            for k in lo.z...hi.z {
                for j in lo.y...hi.y {
                    let row = (k * size.y + j) * size.x
                    for i in lo.x...hi.x {
                        let x = v[row + i]
                        minimum = Swift.min(minimum, x); maximum = Swift.max(maximum, x)
                    }
                }
            }
        }
        return (minimum, maximum)
    }

    private static func magnitude(_ v: SIMD3<Double>) -> SIMD3<Double> { SIMD3(v.x.magnitude, v.y.magnitude, v.z.magnitude) }

    /// True when some component of `a` is below that of `b` (`any(a .< b)`).
    @inline(__always) private static func anyBelow(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Bool { a.x < b.x || a.y < b.y || a.z < b.z }

    /// The extremes of the interpolant over the index box `lower … upper` (inside the held grid),
    /// whose nodes span `lo … hi` (at most 4 per axis): its values at the corners of the pieces the
    /// node planes cut it into, interpolated one axis at a time (x, then y, then z) from the nodes.
    /// Each axis has at most 4 stops (box ends and node planes between them), held in the lanes of a
    /// `SIMD4` (unused lanes repeat the last stop, which changes no extreme).
    private func exactExtremes(lower: SIMD3<Double>, upper: SIMD3<Double>, lo: SIMD3<Int>, hi: SIMD3<Int>) -> (lo: Float, hi: Float) {
        let sx = Self.stops(lower.x, upper.x, lo.x, hi.x), sy = Self.stops(lower.y, upper.y, lo.y, hi.y), sz = Self.stops(lower.z, upper.z, lo.z, hi.z)
        let nodes = hi &- lo &+ 1
        let size = grid.geometry.size
        var minimum = SIMD4<Double>(repeating: .infinity), maximum = SIMD4<Double>(repeating: -.infinity)
        grid.values.withUnsafeBufferPointer { v in
            withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 32) { scratch in
                // xs[k·4 + j]: along x at the x stops (lanes), on node row (j, k)
                let xs = scratch.baseAddress!, ys = xs + 16
                for k in 0..<nodes.z {
                    for j in 0..<nodes.y {
                        let row = ((lo.z + k) * size.y + lo.y + j) * size.x + lo.x
                        var out = SIMD4<Double>()
                        for x in 0..<4 {
                            let i = sx.node[x], t = sx.at[x], a = Double(v[row + i])
                            out[x] = t == 0 ? a : a + t * (Double(v[row + i + 1]) - a)
                        }
                        xs[k * 4 + j] = out
                    }
                }
                // ys[k·4 + y]: then along y at each y stop
                for k in 0..<nodes.z {
                    for y in 0..<4 {
                        let j = sy.node[y], t = sy.at[y], a = xs[k * 4 + j]
                        ys[k * 4 + y] = t == 0 ? a : a + t * (xs[k * 4 + j + 1] - a)
                    }
                }
                // then along z at each z stop
                for z in 0..<4 {
                    let k = sz.node[z], t = sz.at[z]
                    for y in 0..<4 {
                        let a = ys[k * 4 + y]
                        let value = t == 0 ? a : a + t * (ys[(k + 1) * 4 + y] - a)
                        for lane in 0..<4 {
                            minimum[lane] = Swift.min(minimum[lane], value[lane]); maximum[lane] = Swift.max(maximum[lane], value[lane])
                        }
                    }
                }
            }
        }
        let low = minimum.min(), high = maximum.max()
        // widened by one Float step each way (the sample path rounds its own sums to Float), but not
        // below 0 when no node is: a0 + t·(a1 − a0) of non-negative nodes is never negative
        let lower = Float(low).nextDown
        return (low >= 0 ? Swift.max(0, lower) : lower, Float(high).nextUp)
    }

    /// `exactExtremes` for a box inside one cell (nodes `lo … lo + 1` on every axis), with the same
    /// stops, operations and order, without scratch memory: the 8 corners of the box.
    private func cellExtremes(lower: SIMD3<Double>, upper: SIMD3<Double>, lo: SIMD3<Int>) -> (lo: Float, hi: Float) {
        // per axis, the two stops as (node offset 0 or 1, weight), as `stops` sets them
        @inline(__always) func stop(_ s: Double, _ first: Int) -> (Int, Double) {
            let n = Swift.min(Int(s.rounded(.down)), first + 1)
            return (n - first, s - Double(n))
        }
        @inline(__always) func along(_ a: Double, _ b: Double, _ s: (Int, Double)) -> Double {
            let (o, t) = s
            return o == 1 ? b : (t == 0 ? a : a + t * (b - a))
        }
        let x0 = stop(lower.x, lo.x), x1 = stop(upper.x, lo.x), y0 = stop(lower.y, lo.y), y1 = stop(upper.y, lo.y)
        let z0 = stop(lower.z, lo.z), z1 = stop(upper.z, lo.z)
        let size = grid.geometry.size, sy = size.x, sz = size.x * size.y
        let base = (lo.z * size.y + lo.y) * size.x + lo.x
        let (low, high) = grid.values.withUnsafeBufferPointer { v -> (Double, Double) in
            // along x on the four node rows (j, k), at both x stops
            func row(_ r: Int) -> (Double, Double) {
                let a = Double(v[r]), b = Double(v[r + 1])
                return (along(a, b, x0), along(a, b, x1))
            }
            let r00 = row(base), r10 = row(base + sy), r01 = row(base + sz), r11 = row(base + sy + sz)
            // then along y at both y stops, per k
            let k0 = (along(r00.0, r10.0, y0), along(r00.1, r10.1, y0), along(r00.0, r10.0, y1), along(r00.1, r10.1, y1))
            let k1 = (along(r01.0, r11.0, y0), along(r01.1, r11.1, y0), along(r01.0, r11.0, y1), along(r01.1, r11.1, y1))
            // then along z at both z stops
            let c = SIMD8<Double>(along(k0.0, k1.0, z0), along(k0.1, k1.1, z0), along(k0.2, k1.2, z0), along(k0.3, k1.3, z0),
                                  along(k0.0, k1.0, z1), along(k0.1, k1.1, z1), along(k0.2, k1.2, z1), along(k0.3, k1.3, z1))
            return (c.min(), c.max())
        }
        let lower = Float(low).nextDown
        return (low >= 0 ? Swift.max(0, lower) : lower, Float(high).nextUp)
    }

    /// The stops along one axis of the box `a … b` whose nodes span `first … last` (at most 4): the
    /// box ends and the node planes strictly between them, each as (node offset, weight toward the
    /// next node); lanes past the last stop repeat it.
    @inline(__always)
    private static func stops(_ a: Double, _ b: Double, _ first: Int, _ last: Int) -> (node: SIMD4<Int>, at: SIMD4<Double>) {
        var at = SIMD4<Double>(), node = SIMD4<Int>(), count = 0
        @inline(__always) func add(_ s: Double) {
            let n = Swift.min(Int(s.rounded(.down)), last)
            node[count] = n - first; at[count] = s - Double(n); count += 1
        }
        add(a)
        var n = first + 1
        while n < last && count < 3 { if Double(n) > a && Double(n) < b { add(Double(n)) }; n += 1 }
        add(b)
        while count < 4 { node[count] = node[count - 1]; at[count] = at[count - 1]; count += 1 }
        return (node, at)
    }
}
