import Foundation
import Grids
import RTCore
import RTModel

/// A closed-form test structure: planar polygons on equally spaced axial planes (LPS, mm), whose
/// "slab" solid (each plane extruded ± half the plane spacing; several polygons on a plane combined
/// even-odd) has exact volume, extremes, centroid and hot-cap volumes computed from the polygons
/// alone (`PhantomAnalysis`), independent of any voxel code.
public struct SlabPhantom: Sendable, CustomStringConvertible {
    /// One polygon and its even-odd role: +1 for an island, −1 for a hole inside an island.
    public struct Ring: Sendable {
        public var points: [SIMD2<Double>]
        public var sign: Double
        public init(_ points: [SIMD2<Double>], sign: Double = 1) { self.points = points; self.sign = sign }
    }
    public struct Plane: Sendable {
        public var z: Double
        public var rings: [Ring]
    }
    public var name: String
    public var planes: [Plane]
    /// Distance between consecutive planes (mm) = slab thickness.
    public var spacing: Double
    public var description: String { "\(name) t=\(spacing)mm" }

    public init(name: String, planes: [Plane], spacing: Double) {
        self.name = name; self.planes = planes; self.spacing = spacing
    }

    /// The phantom as an ROI of closed planar contours.
    public func roi(number: Int = 1) -> ROI {
        ROI(number: ROINumber(number), name: name, contours: planes.flatMap { plane in
            plane.rings.map { ring in Contour(type: .closedPlanar, points: ring.points.map { SIMD3($0.x, $0.y, plane.z) }) }
        })
    }

    /// Regular polygon approximating a circle (vertices on the circle), counter-clockwise.
    public static func circle(centre: SIMD2<Double>, radius: Double, vertices: Int = 128, phase: Double = 0.0) -> [SIMD2<Double>] {
        (0..<vertices).map { n in
            let a = 2 * Double.pi * (Double(n) + phase) / Double(vertices)
            return centre + radius * SIMD2(cos(a), sin(a))
        }
    }

    /// Plane positions z = z0 + m·t (m integer) strictly inside (lo, hi).
    static func planeZs(lo: Double, hi: Double, t: Double, z0: Double) -> [Double] {
        let m0 = Int(((lo - z0) / t).rounded(.down)) + 1, m1 = Int(((hi - z0) / t).rounded(.up)) - 1
        return m0 <= m1 ? (m0...m1).map { z0 + Double($0) * t }.filter { $0 > lo && $0 < hi } : []
    }

    /// Sphere of radius `r` about `centre`, contoured on planes z = centre.z + phase·t + m·t.
    public static func sphere(centre: SIMD3<Double>, radius r: Double, spacing t: Double, phase: Double = 0,
                              vertices: Int = 128) -> SlabPhantom {
        let zs = planeZs(lo: centre.z - r, hi: centre.z + r, t: t, z0: centre.z + phase * t)
        return SlabPhantom(name: "sphere R\(r)", planes: zs.map { z in
            let rz = (r * r - (z - centre.z) * (z - centre.z)).squareRoot()
            return Plane(z: z, rings: [Ring(circle(centre: SIMD2(centre.x, centre.y), radius: rz, vertices: vertices))])
        }, spacing: t)
    }

    /// Cylinder with axis along z (circles of radius `r`) on planes from z0 to z1 inclusive.
    public static func cylinderZ(centre: SIMD2<Double>, radius r: Double, z0: Double, z1: Double, spacing t: Double,
                                 vertices: Int = 128) -> SlabPhantom {
        let count = Int(((z1 - z0) / t).rounded()) + 1
        return SlabPhantom(name: "cylinderZ R\(r)", planes: (0..<count).map { m in
            Plane(z: z0 + Double(m) * t, rings: [Ring(circle(centre: centre, radius: r, vertices: vertices))])
        }, spacing: t)
    }

    /// Cylinder with axis along x (rectangles x ∈ [x0, x1], half-height √(r² − (z−cz)²) in y).
    public static func cylinderX(centre: SIMD3<Double>, radius r: Double, halfLength: Double, spacing t: Double,
                                 phase: Double = 0) -> SlabPhantom {
        let zs = planeZs(lo: centre.z - r, hi: centre.z + r, t: t, z0: centre.z + phase * t)
        return SlabPhantom(name: "cylinderX R\(r)", planes: zs.map { z in
            let w = (r * r - (z - centre.z) * (z - centre.z)).squareRoot()
            let x0 = centre.x - halfLength, x1 = centre.x + halfLength
            return Plane(z: z, rings: [Ring([SIMD2(x0, centre.y - w), SIMD2(x1, centre.y - w), SIMD2(x1, centre.y + w), SIMD2(x0, centre.y + w)])])
        }, spacing: t)
    }

    /// Cone with base radius `r` at z = base and apex at base + height, contoured on planes
    /// base + m·t for m = 0 … while the radius is positive.
    public static func cone(centre: SIMD2<Double>, base: Double, radius r: Double, height h: Double, spacing t: Double,
                            vertices: Int = 128) -> SlabPhantom {
        var planes: [Plane] = []
        var m = 0
        while Double(m) * t < h - 1e-9 {
            let z = base + Double(m) * t
            planes.append(Plane(z: z, rings: [Ring(circle(centre: centre, radius: r * (1 - Double(m) * t / h), vertices: vertices))]))
            m += 1
        }
        return SlabPhantom(name: "cone R\(r) H\(h)", planes: planes, spacing: t)
    }

    /// Annulus (tube along z): outer circle `outer`, hole `inner`, both contours on every plane;
    /// the hole is wound clockwise when `reverseHole` (even-odd must not care).
    public static func annulus(centre: SIMD2<Double>, outer: Double, inner: Double, z0: Double, z1: Double,
                               spacing t: Double, reverseHole: Bool = false) -> SlabPhantom {
        let count = Int(((z1 - z0) / t).rounded()) + 1
        var hole = circle(centre: centre, radius: inner, vertices: 96, phase: 0.5)
        if reverseHole { hole.reverse() }
        return SlabPhantom(name: "annulus \(outer)/\(inner)", planes: (0..<count).map { m in
            Plane(z: z0 + Double(m) * t, rings: [Ring(circle(centre: centre, radius: outer)), Ring(hole, sign: -1)])
        }, spacing: t)
    }
}

/// A linear dose field D(p) = d0 + gradient · p (Gy, p in LPS mm). Trilinear interpolation of a grid
/// reproduces it exactly, so sampling it at points stands for any dose grid of that field.
public struct LinearDoseField: ScalarField {
    public var d0: Double
    public var gradient: SIMD3<Double>
    public init(d0: Double, gradient: SIMD3<Double>) { self.d0 = d0; self.gradient = gradient }
    public func value(at p: SIMD3<Double>) -> Double { d0 + (gradient * p).sum() }
}

extension SlabPhantom {
    /// Identity-oriented grid with the given spacing (mm, all axes) covering the phantom with a margin,
    /// its voxel centres shifted by `shift` × spacing from the integer lattice (e.g. 0.5 = half a voxel).
    public func grid(spacing s: Double, shift: SIMD3<Double> = .zero, margin: Double = 6) -> GridGeometry {
        let (lo, hi) = PhantomAnalysis(self).bounds
        let origin = ((lo - margin) / s).rounded(.down) * s + shift * s
        let size = SIMD3<Int>(((hi + margin - origin) / s).rounded(.up)) &+ 1
        return GridGeometry(origin: origin, spacing: SIMD3(repeating: s), size: size)
    }
}
