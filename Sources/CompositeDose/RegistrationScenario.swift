import Foundation
import Grids
import Radiobiology
import RTCore

/// One registration scenario: course 1's dose moved rigidly in the common (course-2) frame by
/// `doseMotion` (LPS, mm) while the structures stay. The dose a scenario gives at a position p is
/// the nominal course-1 dose at `doseMotion⁻¹(p)`.
public struct RegistrationScenario: Sendable, Hashable {
    /// e.g. "course 1 shifted 2 mm A", "course 1 rotated +1° about the S-I axis".
    public var name: String
    /// Where the scenario moves each position of course 1's dose as registered (common frame, mm).
    public var doseMotion: RigidTransform

    public init(name: String, doseMotion: RigidTransform) { self.name = name; self.doseMotion = doseMotion }

    /// Course 1's dose moved by `vector` (LPS, mm).
    public static func translation(_ vector: SIMD3<Double>, name: String) -> RegistrationScenario {
        RegistrationScenario(name: name, doseMotion: RigidTransform(translation: vector))
    }

    /// Course 1's dose rotated by `degrees` (right-handed) about `axis` (a unit vector, LPS) through
    /// `centre` (LPS, mm): a position at distance r from the axis moves along a chord of 2·r·sin(θ/2),
    /// r·sin θ of it across the radius.
    public static func rotation(axis: SIMD3<Double>, degrees: Double, centre: SIMD3<Double>, name: String) -> RegistrationScenario {
        let u = axis / (axis * axis).sum().squareRoot()
        let theta = degrees * .pi / 180, c = cos(theta), s = sin(theta), k = 1 - c
        // Rodrigues: R = cI + s[u]× + (1 − c)uuᵀ, row-major
        let r = Matrix3(rowMajor: [
            c + u.x * u.x * k, u.x * u.y * k - u.z * s, u.x * u.z * k + u.y * s,
            u.y * u.x * k + u.z * s, c + u.y * u.y * k, u.y * u.z * k - u.x * s,
            u.z * u.x * k - u.y * s, u.z * u.y * k + u.x * s, c + u.z * u.z * k,
        ])
        // p' = R (p − centre) + centre
        return RegistrationScenario(name: name, doseMotion: RigidTransform(rotation: r, translation: centre - r * centre))
    }

    /// Course 1 as this scenario sees it: its dose at p is the nominal dose at `doseMotion⁻¹(p)`
    /// (the perturbation is applied to the points before the nominal common→course-1 map).
    public func apply(to course: Course) throws -> Course {
        try Course(label: course.label, dose: course.dose, fractions: course.fractions,
                   commonToCourse: doseMotion.inverse.then(course.commonToCourse))
    }

    /// The farthest any position of the axis-aligned box `lo … hi` (common frame, mm) is sampled
    /// from where the nominal registration samples it, over `scenarios` (mm): max |S(p) − p| with
    /// S = doseMotion⁻¹. |S(p) − p| is convex in p (the norm of an affine map), so its maximum over
    /// the box is at one of the 8 corners.
    public static func displacementBound(_ scenarios: [RegistrationScenario], box lo: SIMD3<Double>, _ hi: SIMD3<Double>) -> Double {
        var out = 0.0
        for s in scenarios {
            let sample = s.doseMotion.inverse
            for c in 0..<8 {
                let p = SIMD3(c & 1 == 0 ? lo.x : hi.x, c & 2 == 0 ? lo.y : hi.y, c & 4 == 0 ? lo.z : hi.z)
                let d = sample.apply(p) - p
                out = max(out, (d * d).sum().squareRoot())
            }
        }
        return out
    }
}
