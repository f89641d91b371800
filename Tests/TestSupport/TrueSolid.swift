import Foundation

/// A solid whose true shape is known in closed form (spheres, ellipsoids, cylinders along x, y and z,
/// cones), described by its axial cross-section at each height: a disc, an axis-aligned ellipse or an
/// axis-aligned rectangle (LPS, mm). Its exact volume, extremes and hot-cap volumes in a linear
/// gradient along any direction come from closed-form areas of each section beyond a line (circle
/// segments, scaled for ellipses; half-plane clips of rectangles) integrated along z
/// (`volume(beyond:direction:)`), independent of any contour or voxel code; `phantom()` contours it
/// on axial planes (a uniform lattice, or any planes given by `onPlanes`).
///
/// Flat faces perpendicular to z are placed half a spacing beyond the outermost contour plane (the one
/// place contours can put them: a face between two planes is invisible to them), by the builders
/// taking `spacing` and `phase`. Rounded ends (sphere poles, a lying cylinder's top, a cone's apex)
/// fall wherever the shape puts them.
public struct TrueSolid: Sendable, CustomStringConvertible {
    public enum Section: Sendable {
        case disc(centre: SIMD2<Double>, radius: Double)
        case rect(lo: SIMD2<Double>, hi: SIMD2<Double>)
        /// Semi-axes a along x and b along y.
        case ellipse(centre: SIMD2<Double>, a: Double, b: Double)
    }
    public var name: String
    /// z range (mm) of the solid.
    public var zLo: Double, zHi: Double
    /// Plane positions are z = (m + phase)·spacing.
    public var spacing: Double, phase: Double
    public var section: @Sendable (Double) -> Section?
    /// Contour planes given explicitly (non-uniform spacing), else the lattice of spacing and phase.
    public var planeZs: [Double]?
    public var description: String { planeZs == nil ? "\(name) t=\(spacing) phase=\(phase)" : "\(name) irregular" }

    public init(name: String, zLo: Double, zHi: Double, spacing: Double, phase: Double, section: @escaping @Sendable (Double) -> Section?) {
        self.name = name; self.zLo = zLo; self.zHi = zHi; self.spacing = spacing; self.phase = phase; self.section = section
    }

    /// The same solid contoured on the planes `zs` (those strictly inside its z range; mm).
    public func onPlanes(_ zs: [Double]) -> TrueSolid {
        var s = self
        s.planeZs = zs.filter { $0 > zLo + 1e-9 && $0 < zHi - 1e-9 }
        return s
    }

    /// Plane z of the contour lattice strictly inside (lo, hi).
    static func planes(lo: Double, hi: Double, spacing t: Double, phase: Double) -> [Double] {
        let m0 = Int(((lo / t) - phase).rounded(.down)), m1 = Int(((hi / t) - phase).rounded(.up))
        return (m0...m1).map { (Double($0) + phase) * t }.filter { $0 > lo + 1e-9 && $0 < hi - 1e-9 }
    }

    /// The mid-point between planes nearest to z (where a flat face must sit).
    static func midPlane(near z: Double, spacing t: Double, phase: Double) -> Double {
        ((z / t - phase - 0.5).rounded() + 0.5 + phase) * t
    }

    public static func sphere(centre c: SIMD3<Double>, radius r: Double, spacing t: Double, phase: Double) -> TrueSolid {
        TrueSolid(name: "sphere R\(r)", zLo: c.z - r, zHi: c.z + r, spacing: t, phase: phase) { z in
            let q = r * r - (z - c.z) * (z - c.z)
            return q > 0 ? .disc(centre: SIMD2(c.x, c.y), radius: q.squareRoot()) : nil
        }
    }

    /// Cylinder along z of about `length` mm, flat faces at mid-planes.
    public static func cylinderZ(centre c: SIMD3<Double>, radius r: Double, length: Double, spacing t: Double, phase: Double) -> TrueSolid {
        let lo = midPlane(near: c.z - length / 2, spacing: t, phase: phase), hi = midPlane(near: c.z + length / 2, spacing: t, phase: phase)
        return TrueSolid(name: "cylinderZ R\(r)", zLo: lo, zHi: hi, spacing: t, phase: phase) { z in
            .disc(centre: SIMD2(c.x, c.y), radius: r)
        }
    }

    /// Ellipsoid with semi-axes `axes` (x, y, z; mm).
    public static func ellipsoid(centre c: SIMD3<Double>, axes: SIMD3<Double>, spacing t: Double, phase: Double) -> TrueSolid {
        TrueSolid(name: "ellipsoid \(axes.x)x\(axes.y)x\(axes.z)", zLo: c.z - axes.z, zHi: c.z + axes.z, spacing: t, phase: phase) { z in
            let u = (z - c.z) / axes.z, q = 1 - u * u
            return q > 0 ? .ellipse(centre: SIMD2(c.x, c.y), a: axes.x * q.squareRoot(), b: axes.y * q.squareRoot()) : nil
        }
    }

    /// Cylinder along y (lying across the slices): |y − cy| ≤ halfLength, (x − cx)² + (z − cz)² ≤ r².
    public static func cylinderY(centre c: SIMD3<Double>, radius r: Double, halfLength: Double, spacing t: Double, phase: Double) -> TrueSolid {
        lyingCylinder(along: 1, centre: c, radius: r, halfLength: halfLength, spacing: t, phase: phase)
    }

    /// Cylinder along x (lying across the slices): |x − cx| ≤ halfLength, (y − cy)² + (z − cz)² ≤ r².
    public static func cylinderX(centre c: SIMD3<Double>, radius r: Double, halfLength: Double, spacing t: Double, phase: Double) -> TrueSolid {
        lyingCylinder(along: 0, centre: c, radius: r, halfLength: halfLength, spacing: t, phase: phase)
    }

    /// Cylinder along patient x (`axis` 0) or y (1): its sections are rectangles of the full length
    /// along the axis and the chord 2·√(r² − (z − cz)²) across.
    static func lyingCylinder(along axis: Int, centre c: SIMD3<Double>, radius r: Double, halfLength: Double, spacing t: Double, phase: Double) -> TrueSolid {
        TrueSolid(name: "cylinder\(axis == 0 ? "X" : "Y") R\(r)", zLo: c.z - r, zHi: c.z + r, spacing: t, phase: phase) { z in
            let q = r * r - (z - c.z) * (z - c.z)
            guard q > 0 else { return nil }
            var half = SIMD2(q.squareRoot(), q.squareRoot())
            half[axis] = halfLength
            return .rect(lo: SIMD2(c.x, c.y) - half, hi: SIMD2(c.x, c.y) + half)
        }
    }

    /// Cone with its apex up (`apexUp`) or down: base radius `r`, height about `height`; the flat base
    /// at a mid-plane near `baseZ`.
    public static func cone(centre c: SIMD2<Double>, baseZ: Double, radius r: Double, height h: Double, apexUp: Bool = true,
                            spacing t: Double, phase: Double) -> TrueSolid {
        let base = midPlane(near: baseZ, spacing: t, phase: phase)
        let lo = apexUp ? base : base - h, hi = apexUp ? base + h : base
        return TrueSolid(name: "cone\(apexUp ? "Up" : "Down") R\(r) H\(h)", zLo: lo, zHi: hi, spacing: t, phase: phase) { z in
            let rz = r * (apexUp ? 1 - (z - base) / h : 1 - (base - z) / h)
            return rz > 0 && z >= lo && z <= hi ? .disc(centre: c, radius: rz) : nil
        }
    }

    /// The solid contoured on its planes (polygons of `vertices` points on the section's boundary).
    public func phantom(vertices: Int = 256) -> SlabPhantom {
        let zs = planeZs ?? Self.planes(lo: zLo, hi: zHi, spacing: spacing, phase: phase)
        return SlabPhantom(name: name, planes: zs.compactMap { z in
            guard let s = section(z) else { return nil }
            switch s {
            case let .disc(centre, radius):
                return .init(z: z, rings: [.init(SlabPhantom.circle(centre: centre, radius: radius, vertices: vertices))])
            case let .rect(lo, hi):
                return .init(z: z, rings: [.init([lo, SIMD2(hi.x, lo.y), hi, SIMD2(lo.x, hi.y)])])
            case let .ellipse(centre, a, b):
                return .init(z: z, rings: [.init(SlabPhantom.circle(centre: .zero, radius: 1, vertices: vertices).map { centre + SIMD2(a * $0.x, b * $0.y) })])
            }
        }, spacing: spacing)
    }

    /// Area (mm²) of a section where n·(x, y) > c (n the in-plane part of a direction, any length; all
    /// of it when n = 0 and c < 0).
    public static func area(_ s: Section, beyond c: Double, normal n: SIMD2<Double>) -> Double {
        let len = (n * n).sum().squareRoot()
        switch s {
        case let .disc(centre, r):
            return ellipseArea(centre: centre, a: r, b: r, beyond: c, normal: n, len: len)
        case let .ellipse(centre, a, b):
            return ellipseArea(centre: centre, a: a, b: b, beyond: c, normal: n, len: len)
        case let .rect(lo, hi):
            let full = (hi.x - lo.x) * (hi.y - lo.y)
            guard len > 0 else { return c < 0 ? full : 0 }
            // clip the rectangle to the half-plane n·p > c (Sutherland–Hodgman), shoelace area
            let poly = [lo, SIMD2(hi.x, lo.y), hi, SIMD2(lo.x, hi.y)]
            var out: [SIMD2<Double>] = []
            for k in poly.indices {
                let p = poly[k], q = poly[(k + 1) % poly.count]
                let fp = (n * p).sum() - c, fq = (n * q).sum() - c
                if fp > 0 { out.append(p) }
                if (fp > 0) != (fq > 0) { out.append(p + (q - p) * (fp / (fp - fq))) }
            }
            var a2 = 0.0
            for k in out.indices { let p = out[k], q = out[(k + 1) % out.count]; a2 += p.x * q.y - q.x * p.y }
            return abs(a2) / 2
        }
    }

    /// The ellipse {((x − cx)/a)² + ((y − cy)/b)² ≤ 1} beyond the line n·p > c: the unit disc's segment
    /// beyond distance d = (c − n·centre)/|(a·nx, b·ny)|, scaled by a·b.
    static func ellipseArea(centre: SIMD2<Double>, a: Double, b: Double, beyond c: Double, normal n: SIMD2<Double>, len: Double) -> Double {
        let full = Double.pi * a * b
        guard len > 0 else { return c < 0 ? full : 0 }
        let m = SIMD2(a * n.x, b * n.y), ml = (m * m).sum().squareRoot()
        let d = (c - (n * centre).sum()) / ml
        if d >= 1 { return 0 }
        if d <= -1 { return full }
        return a * b * (acos(d) - d * (1 - d * d).squareRoot())
    }

    /// Largest n·(x, y) over a section.
    static func support(_ s: Section, normal n: SIMD2<Double>) -> Double {
        switch s {
        case let .disc(centre, r): return (n * centre).sum() + r * (n * n).sum().squareRoot()
        case let .ellipse(centre, a, b): return (n * centre).sum() + ((a * n.x) * (a * n.x) + (b * n.y) * (b * n.y)).squareRoot()
        case let .rect(lo, hi): return max(n.x * lo.x, n.x * hi.x) + max(n.y * lo.y, n.y * hi.y)
        }
    }

    /// Volume (mm³) where u·p > c (u a unit direction), integrated along z (midpoint rule, `steps`
    /// slices, each section's area beyond the line u_xy·(x, y) > c − u_z·z in closed form).
    public func volume(beyond c: Double, direction u: SIMD3<Double>, steps: Int = 20000) -> Double {
        var lo = zLo, hi = zHi
        let n = SIMD2(u.x, u.y)
        if (n * n).sum() == 0 {
            // a cut along z: whole sections above (or below) it
            if u.z > 0 { lo = max(lo, c / u.z) } else if u.z < 0 { hi = min(hi, c / u.z) }
            guard hi > lo else { return 0 }
        }
        let dz = (hi - lo) / Double(steps)
        var v = 0.0
        for k in 0..<steps {
            let z = lo + (Double(k) + 0.5) * dz
            if let s = section(z) { v += Self.area(s, beyond: (n * n).sum() == 0 ? -1 : c - u.z * z, normal: n) * dz }
        }
        return v
    }

    /// Volume (mm³) where sign·p[axis] > c.
    public func volume(beyond c: Double, axis: Int, sign: Double, steps: Int = 20000) -> Double {
        var u = SIMD3<Double>.zero
        u[axis] = sign
        return volume(beyond: c, direction: u, steps: steps)
    }

    public var volumeMM3: Double { volume(beyond: -.infinity, axis: 2, sign: 1) }

    /// Largest u·p over the solid (mm): the sections' support along u_xy plus u_z·z, over z (finely
    /// sampled, ends included).
    public func extreme(direction u: SIMD3<Double>) -> Double {
        let n = SIMD2(u.x, u.y)
        var best = -Double.infinity
        let steps = 20000
        for k in 0...steps {
            // ends nudged inside, where a section exists
            let z = zLo + (zHi - zLo) * min(max(Double(k) / Double(steps), 1e-9), 1 - 1e-9)
            guard let s = section(z) else { continue }
            best = max(best, Self.support(s, normal: n) + u.z * z)
        }
        return best
    }

    /// Largest sign·p[axis] over the solid (mm).
    public func extreme(axis: Int, sign: Double) -> Double {
        if axis == 2 { return sign > 0 ? zHi : -zLo }
        var u = SIMD3<Double>.zero
        u[axis] = sign
        return extreme(direction: u)
    }

    /// Exact D0.03cc-like near-maximum (the dose at the cut holding `nearMaxMM3`) and Dmax (Gy) of
    /// d0 + g·u·p over the solid (u a unit direction).
    public func exactMetrics(d0: Double, g: Double, direction u: SIMD3<Double>, nearMaxMM3: Double = 30) -> (dmax: Double, dNearMax: Double) {
        let top = (u.x == 0 && u.y == 0) ? (u.z > 0 ? zHi : -zLo) : extreme(direction: u)
        let bottom = (u.x == 0 && u.y == 0) ? (u.z > 0 ? -zLo : zHi) : extreme(direction: -u)
        var hi = top, lo = -bottom
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if volume(beyond: mid, direction: u, steps: 3000) > nearMaxMM3 { lo = mid } else { hi = mid }
        }
        return (d0 + g * top, d0 + g * (lo + hi) / 2)
    }

    /// As `exactMetrics(d0:g:direction:)` along sign × patient axis `axis`.
    public func exactMetrics(d0: Double, g: Double, axis: Int, sign: Double, nearMaxMM3: Double = 30) -> (dmax: Double, dNearMax: Double) {
        var u = SIMD3<Double>.zero
        u[axis] = sign
        return exactMetrics(d0: d0, g: g, direction: u, nearMaxMM3: nearMaxMM3)
    }
}
