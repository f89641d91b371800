import Foundation

/// A solid whose true shape is known in closed form (spheres, cylinders along and across z, cones),
/// described by its axial cross-section at each height: a disc or an axis-aligned rectangle (LPS, mm).
/// Its exact volume, extremes and hot-cap volumes in a linear gradient along a patient axis come from
/// segment/rectangle areas integrated along z (`volume(beyond:axis:sign:)`), independent of any
/// contour or voxel code; `phantom(spacing:phase:)` contours it on axial planes.
///
/// Flat faces perpendicular to z are placed half a spacing beyond the outermost contour plane (the one
/// place contours can put them: a face between two planes is invisible to them), by the builders
/// taking `spacing` and `phase`. Rounded ends (sphere poles, a lying cylinder's top, a cone's apex)
/// fall wherever the shape puts them.
public struct TrueSolid: Sendable, CustomStringConvertible {
    public enum Section: Sendable {
        case disc(centre: SIMD2<Double>, radius: Double)
        case rect(lo: SIMD2<Double>, hi: SIMD2<Double>)
    }
    public var name: String
    /// z range (mm) of the solid.
    public var zLo: Double, zHi: Double
    /// Plane positions are z = (m + phase)·spacing.
    public var spacing: Double, phase: Double
    public var section: @Sendable (Double) -> Section?
    public var description: String { "\(name) t=\(spacing) phase=\(phase)" }

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

    /// Cylinder along x (lying across the slices): |x − cx| ≤ halfLength, (y − cy)² + (z − cz)² ≤ r².
    public static func cylinderX(centre c: SIMD3<Double>, radius r: Double, halfLength: Double, spacing t: Double, phase: Double) -> TrueSolid {
        TrueSolid(name: "cylinderX R\(r)", zLo: c.z - r, zHi: c.z + r, spacing: t, phase: phase) { z in
            let q = r * r - (z - c.z) * (z - c.z)
            guard q > 0 else { return nil }
            let w = q.squareRoot()
            return .rect(lo: SIMD2(c.x - halfLength, c.y - w), hi: SIMD2(c.x + halfLength, c.y + w))
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
        let zs = Self.planes(lo: zLo, hi: zHi, spacing: spacing, phase: phase)
        return SlabPhantom(name: name, planes: zs.compactMap { z in
            guard let s = section(z) else { return nil }
            switch s {
            case let .disc(centre, radius):
                return .init(z: z, rings: [.init(SlabPhantom.circle(centre: centre, radius: radius, vertices: vertices))])
            case let .rect(lo, hi):
                return .init(z: z, rings: [.init([lo, SIMD2(hi.x, lo.y), hi, SIMD2(lo.x, hi.y)])])
            }
        }, spacing: spacing)
    }

    /// Area (mm²) of a section where sign·p[axis] > c (axis 0 or 1), or all of it (axis 2).
    static func area(_ s: Section, beyond c: Double, axis: Int, sign: Double) -> Double {
        switch s {
        case let .disc(centre, r):
            guard axis < 2 else { return Double.pi * r * r }
            let d = c - sign * centre[axis]
            if d >= r { return 0 }
            if d <= -r { return Double.pi * r * r }
            return r * r * acos(d / r) - d * (r * r - d * d).squareRoot()
        case let .rect(lo, hi):
            let w = hi - lo
            guard axis < 2 else { return w.x * w.y }
            let (a, b) = sign > 0 ? (lo[axis], hi[axis]) : (-hi[axis], -lo[axis])
            let len = max(0, b - max(a, c))
            return len * (axis == 0 ? w.y : w.x)
        }
    }

    /// Volume (mm³) where sign·p[axis] > c, integrated along z (midpoint rule, `steps` slices).
    public func volume(beyond c: Double, axis: Int, sign: Double, steps: Int = 20000) -> Double {
        var lo = zLo, hi = zHi
        if axis == 2 {
            if sign > 0 { lo = max(lo, c) } else { hi = min(hi, -c) }
            guard hi > lo else { return 0 }
        }
        let dz = (hi - lo) / Double(steps)
        var v = 0.0
        for k in 0..<steps {
            let z = lo + (Double(k) + 0.5) * dz
            if let s = section(z) { v += Self.area(s, beyond: c, axis: axis, sign: sign) * dz }
        }
        return v
    }

    public var volumeMM3: Double { volume(beyond: -.infinity, axis: 2, sign: 1) }

    /// Largest sign·p[axis] over the solid (mm).
    public func extreme(axis: Int, sign: Double) -> Double {
        if axis == 2 { return sign > 0 ? zHi : -zLo }
        var best = -Double.infinity
        let steps = 20000
        for k in 0...steps {
            let z = zLo + (zHi - zLo) * Double(k) / Double(steps)
            guard let s = section(z) else { continue }
            switch s {
            case let .disc(centre, r): best = max(best, sign * centre[axis] + r)
            case let .rect(lo, hi): best = max(best, sign > 0 ? hi[axis] : -lo[axis])
            }
        }
        return best
    }

    /// Exact D0.03cc-like near-maximum (the dose at the cut holding `nearMaxMM3`) and Dmax (Gy) of
    /// d0 + sign·g·p[axis] over the solid.
    public func exactMetrics(d0: Double, g: Double, axis: Int, sign: Double, nearMaxMM3: Double = 30) -> (dmax: Double, dNearMax: Double) {
        var hi = extreme(axis: axis, sign: sign), lo = -extreme(axis: axis, sign: -sign)
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if volume(beyond: mid, axis: axis, sign: sign, steps: 3000) > nearMaxMM3 { lo = mid } else { hi = mid }
        }
        return (d0 + g * extreme(axis: axis, sign: sign), d0 + g * (lo + hi) / 2)
    }
}
