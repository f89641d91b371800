/// Exact properties of a `SlabPhantom`'s slab solid (end caps: half the spacing), from polygon
/// geometry only: shoelace areas and first moments, half-plane clipping of polygons, and bisection
/// on the monotone hot-volume function. Lengths mm, volumes mm³.
public struct PhantomAnalysis: Sendable {
    public let phantom: SlabPhantom
    public init(_ phantom: SlabPhantom) { self.phantom = phantom }

    /// Signed shoelace area (mm²) and first moments (∫x dA, ∫y dA) of a polygon.
    static func moments(_ p: [SIMD2<Double>]) -> (area: Double, mx: Double, my: Double) {
        var a = 0.0, mx = 0.0, my = 0.0
        for n in p.indices {
            let u = p[n], v = p[(n + 1) % p.count]
            let c = u.x * v.y - v.x * u.y
            a += c; mx += (u.x + v.x) * c; my += (u.y + v.y) * c
        }
        return (a / 2, mx / 6, my / 6)
    }

    /// Even-odd area (mm²) of a plane: Σ sign × |area|.
    static func area(_ plane: SlabPhantom.Plane) -> Double {
        plane.rings.reduce(0) { $0 + $1.sign * abs(moments($1.points).area) }
    }

    /// Part of a polygon where `u · p > c` (Sutherland–Hodgman; area exact for simple polygons).
    static func clip(_ p: [SIMD2<Double>], _ u: SIMD2<Double>, _ c: Double) -> [SIMD2<Double>] {
        var out: [SIMD2<Double>] = []
        for n in p.indices {
            let a = p[n], b = p[(n + 1) % p.count]
            let da = (u * a).sum() - c, db = (u * b).sum() - c
            if da > 0 { out.append(a) }
            if (da > 0) != (db > 0) { out.append(a + (b - a) * (da / (da - db))) }
        }
        return out
    }

    /// Exact slab-solid volume (mm³).
    public var volumeMM3: Double { phantom.planes.reduce(0) { $0 + Self.area($1) } * phantom.spacing }

    /// Bounding box of the slab solid (mm).
    public var bounds: (SIMD3<Double>, SIMD3<Double>) {
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for plane in phantom.planes {
            for ring in plane.rings where ring.sign > 0 {
                for q in ring.points {
                    lo = pointwiseMin(lo, SIMD3(q.x, q.y, plane.z - phantom.spacing / 2))
                    hi = pointwiseMax(hi, SIMD3(q.x, q.y, plane.z + phantom.spacing / 2))
                }
            }
        }
        return (lo, hi)
    }

    /// Volume (mm³) of the solid where `u · p > c`, u a unit vector along one patient axis
    /// (`axis` 0, 1, 2 = x, y, z; `sign` ±1).
    public func volume(above c: Double, axis: Int, sign: Double) -> Double {
        let t = phantom.spacing
        var v = 0.0
        for plane in phantom.planes {
            if axis == 2 {
                // length of {z ∈ [z − t/2, z + t/2] : sign·z > c}
                let lo = plane.z - t / 2, hi = plane.z + t / 2
                let len = sign > 0 ? max(0, hi - max(lo, c)) : max(0, min(hi, -c) - lo)
                v += Self.area(plane) * min(t, len)
            } else {
                let u = axis == 0 ? SIMD2(sign, 0) : SIMD2(0, sign)
                for ring in plane.rings {
                    v += ring.sign * abs(Self.moments(Self.clip(ring.points, u, c)).area) * t
                }
            }
        }
        return v
    }

    /// Largest value of `sign · p[axis]` over the solid (mm).
    public func extreme(axis: Int, sign: Double) -> Double {
        let (lo, hi) = bounds
        return sign > 0 ? hi[axis] : -lo[axis]
    }

    /// Volume-weighted mean of p[axis] over the solid (mm).
    public func centroid(axis: Int) -> Double {
        var m = 0.0, v = 0.0
        for plane in phantom.planes {
            for ring in plane.rings {
                let mo = Self.moments(ring.points)
                let a = ring.sign * abs(mo.area)
                v += a
                switch axis {
                case 0: m += ring.sign * (mo.mx / mo.area) * abs(mo.area)
                case 1: m += ring.sign * (mo.my / mo.area) * abs(mo.area)
                default: m += a * plane.z
                }
            }
        }
        return m / v
    }

    /// c such that the solid holds `volume` mm³ where `sign · p[axis] > c` (bisection to 1e-9 mm).
    public func cut(holding volume: Double, axis: Int, sign: Double) -> Double {
        var hi = extreme(axis: axis, sign: sign), lo = -extreme(axis: axis, sign: -sign)
        for _ in 0..<200 where hi - lo > 1e-10 {
            let mid = (lo + hi) / 2
            if self.volume(above: mid, axis: axis, sign: sign) > volume { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// Exact metrics of the slab solid in the dose field D = d0 + g·(sign·p[axis]) (Gy; g Gy/mm):
    /// Dmax, Dmin, Dmean and D at absolute volume `nearMaxMM3` (the lowest dose in the hottest
    /// `nearMaxMM3` mm³).
    public func exactMetrics(d0: Double, g: Double, axis: Int, sign: Double, nearMaxMM3: Double = 30)
        -> (dmax: Double, dmin: Double, dmean: Double, dNearMax: Double) {
        (d0 + g * extreme(axis: axis, sign: sign),
         d0 - g * extreme(axis: axis, sign: -sign),
         d0 + g * sign * centroid(axis: axis),
         d0 + g * cut(holding: nearMaxMM3, axis: axis, sign: sign))
    }
}
