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
        let leavesSupport = any(lower .< supportLower) || any(upper .> supportUpper)
        // the part inside the support must lie inside the held box
        let heldLower = pointwiseMax(lower, supportLower), heldUpper = pointwiseMin(upper, supportUpper)
        if any(heldLower .< sampler.lower - 1e-9) || any(heldUpper .> sampler.upper + 1e-9) { return nil }
        guard all(heldLower .<= heldUpper) else { return leavesSupport ? (0, 0) : nil }
        // positions within the tolerance outside the centres read the face values (`clampedToCentres`)
        let inLower = pointwiseMin(pointwiseMax(heldLower, SIMD3<Double>.zero), last)
        let inUpper = pointwiseMax(pointwiseMin(heldUpper, last), SIMD3<Double>.zero)
        let l = inLower.rounded(.down), h = inUpper.rounded(.up)
        let lo = SIMD3(Int(l.x), Int(l.y), Int(l.z)), hi = SIMD3(Int(h.x), Int(h.y), Int(h.z))
        var minimum = leavesSupport ? Float(0) : .infinity, maximum = leavesSupport ? Float(0) : -.infinity
        if indexMap.linear.isDiagonal, all(hi &- lo .<= 3) {
            // Axes map to axes: the region's index box is the image of the positions' box, split by the
            // node planes into pieces inside one cell each, on which the trilinear interpolant is
            // multilinear, so its extremes are at the pieces' corners: the exact bounds.
            let e = exactExtremes(lower: inLower, upper: inUpper, lo: lo, hi: hi)
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

    /// The extremes of the interpolant over the index box `lower … upper` (inside the held grid),
    /// whose nodes span `lo … hi` (at most 4 per axis): its values at the corners of the pieces the
    /// node planes cut it into, interpolated one axis at a time (x, then y, then z) from the nodes.
    private func exactExtremes(lower: SIMD3<Double>, upper: SIMD3<Double>, lo: SIMD3<Int>, hi: SIMD3<Int>) -> (lo: Float, hi: Float) {
        // Per axis, the stops (box ends and the node planes between them) as (node offset, weight).
        func stops(_ a: Double, _ b: Double, _ first: Int, _ last: Int) -> (count: Int, at: SIMD8<Double>, node: SIMD8<Int>) {
            var at = SIMD8<Double>(), node = SIMD8<Int>(), count = 0
            func add(_ s: Double) {
                let n = Swift.min(Int(s.rounded(.down)), last)
                node[count] = n - first; at[count] = s - Double(n); count += 1
            }
            add(a)
            var n = first + 1
            while n < last { if Double(n) > a && Double(n) < b { add(Double(n)) }; n += 1 }
            add(b)
            return (count, at, node)
        }
        let sx = stops(lower.x, upper.x, lo.x, hi.x), sy = stops(lower.y, upper.y, lo.y, hi.y), sz = stops(lower.z, upper.z, lo.z, hi.z)
        let nodes = hi &- lo &+ 1
        let size = grid.geometry.size
        var minimum = Double.infinity, maximum = -Double.infinity
        grid.values.withUnsafeBufferPointer { v in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * 4 * 8 + 4 * 8 * 8) { scratch in
                // xs[(k·4 + j)·8 + x]: along x at each x stop, on node rows (j, k)
                let xs = scratch.baseAddress!, ys = xs + 4 * 4 * 8
                for k in 0..<nodes.z {
                    for j in 0..<nodes.y {
                        let row = ((lo.z + k) * size.y + lo.y + j) * size.x + lo.x
                        for x in 0..<sx.count {
                            let i = sx.node[x], t = sx.at[x], a = Double(v[row + i])
                            xs[(k * 4 + j) * 8 + x] = t == 0 ? a : a + t * (Double(v[row + i + 1]) - a)
                        }
                    }
                }
                // ys[(k·8 + y)·8 + x]: then along y at each y stop
                for k in 0..<nodes.z {
                    for y in 0..<sy.count {
                        let j = sy.node[y], t = sy.at[y]
                        for x in 0..<sx.count {
                            let a = xs[(k * 4 + j) * 8 + x]
                            ys[(k * 8 + y) * 8 + x] = t == 0 ? a : a + t * (xs[(k * 4 + j + 1) * 8 + x] - a)
                        }
                    }
                }
                // then along z at each z stop
                for z in 0..<sz.count {
                    let k = sz.node[z], t = sz.at[z]
                    for y in 0..<sy.count {
                        for x in 0..<sx.count {
                            let a = ys[(k * 8 + y) * 8 + x]
                            let value = t == 0 ? a : a + t * (ys[((k + 1) * 8 + y) * 8 + x] - a)
                            minimum = Swift.min(minimum, value); maximum = Swift.max(maximum, value)
                        }
                    }
                }
            }
        }
        // widened by one Float step each way (the sample path rounds its own sums to Float), but not
        // below 0 when no node is: a0 + t·(a1 − a0) of non-negative nodes is never negative
        let lower = Float(minimum).nextDown
        return (minimum >= 0 ? Swift.max(0, lower) : lower, Float(maximum).nextUp)
    }
}
