import Foundation
import Grids
import RTCore

/// Which registration scenarios a check evaluates besides the nominal registration
/// (`--setup-uncertainty`, batch field `setup_uncertainty`): none, the default setup set (±translation
/// along each patient axis, ±rotation about each axis through the centre of course 2's grid), or a
/// clinic's own list read from a file. Parsed at the edge (`ScenarioSetParser`); resolved into rigid
/// transforms once the course-2 grid is known (`scenarios(centre:)`).
public enum ScenarioSet: Sendable, Hashable, Codable {
    /// Nominal registration only: no band.
    case none
    /// ±`translationMM` (mm) along L-R, A-P, S-I and ±`rotationDegrees` (°) about each of those axes
    /// through the centre of course 2's grid: 12 scenarios (6 when one of the sizes is 0).
    case setup(translationMM: Double, rotationDegrees: Double)
    /// Scenarios listed in a file (`source`, its path), in file order.
    case listed(source: String, [ScenarioSpec])

    /// The default: 2 mm and 1°.
    public static let `default` = ScenarioSet.setup(translationMM: 2, rotationDegrees: 1)

    /// Whether any scenario is evaluated.
    public var isEmpty: Bool {
        switch self {
        case .none: return true
        case .setup(let t, let r): return t == 0 && r == 0
        case .listed(_, let specs): return specs.isEmpty
        }
    }

    /// In words, for reports: "±2 mm, ±1° (12 scenarios)", "none", "3 scenarios from FILE".
    public var summary: String {
        switch self {
        case .none: return "none"
        case .setup(let t, let r):
            return "±\(ScenarioSpec.number(t)) mm along and ±\(ScenarioSpec.number(r))° about each patient axis through the centre of course 2's grid (\(scenarios(centre: .zero).count) scenarios)"
        case .listed(let source, let specs): return "\(specs.count) scenario\(specs.count == 1 ? "" : "s") from \(source)"
        }
    }

    /// The scenarios, rotations about `centre` (common frame, LPS mm: the centre of course 2's grid).
    public func scenarios(centre: SIMD3<Double>) -> [RegistrationScenario] {
        switch self {
        case .none: return []
        case .setup(let t, let r):
            var out: [RegistrationScenario] = []
            let axes: [(SIMD3<Double>, String, String)] = [([1, 0, 0], "L", "R"), ([0, 1, 0], "P", "A"), ([0, 0, 1], "S", "I")]
            if t > 0 {
                for (axis, plus, minus) in axes {
                    out.append(.translation(axis * t, name: "course 1 shifted \(ScenarioSpec.number(t)) mm \(plus)"))
                    out.append(.translation(axis * -t, name: "course 1 shifted \(ScenarioSpec.number(t)) mm \(minus)"))
                }
            }
            if r > 0 {
                let names = ["L-R", "A-P", "S-I"]
                for (n, (axis, _, _)) in axes.enumerated() {
                    for sign in [1.0, -1.0] {
                        out.append(.rotation(axis: axis, degrees: sign * r, centre: centre,
                                             name: "course 1 rotated \(sign > 0 ? "+" : "−")\(ScenarioSpec.number(r))° about the \(names[n]) axis"))
                    }
                }
            }
            return out
        case .listed(_, let specs): return specs.map { $0.scenario(centre: centre) }
        }
    }
}

/// One scenario of a file: a name and how course 1's dose moves in course 2's frame.
public struct ScenarioSpec: Sendable, Hashable, Codable {
    public enum Motion: Sendable, Hashable, Codable {
        /// Moved by this vector (LPS, mm).
        case shift(SIMD3<Double>)
        /// Rotated by these angles (°) about the L-R, A-P and S-I axes through the centre of course 2's
        /// grid (applied in that order), then moved by `shift` (LPS, mm).
        case rotation(degrees: SIMD3<Double>, shift: SIMD3<Double>)
        /// A rigid 4×4 matrix, row-major (mm), mapping positions of course 1's dose as registered to
        /// where this scenario puts them (course 2's frame).
        /// (16 numbers, checked rigid when parsed: `ScenarioSetParser`).
        case matrix([Double])
    }
    public var name: String
    public var motion: Motion
    public init(name: String, motion: Motion) { self.name = name; self.motion = motion }

    public func scenario(centre: SIMD3<Double>) -> RegistrationScenario {
        switch motion {
        case .shift(let t): return .translation(t, name: name)
        case .rotation(let degrees, let shift):
            var motion = RigidTransform.identity
            for (n, axis) in [SIMD3<Double>(1, 0, 0), [0, 1, 0], [0, 0, 1]].enumerated() where degrees[n] != 0 {
                motion = motion.then(RegistrationScenario.rotation(axis: axis, degrees: degrees[n], centre: centre, name: "").doseMotion)
            }
            return RegistrationScenario(name: name, doseMotion: motion.then(RigidTransform(translation: shift)))
        case .matrix(let m):
            // checked rigid when parsed; a set built otherwise with a non-rigid matrix has no motion
            return RegistrationScenario(name: name, doseMotion: (try? RigidTransform(rowMajor4x4: m)) ?? .identity)
        }
    }

    /// `2`, `1.5`: a size without trailing zeros.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
    }
}
