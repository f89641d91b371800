import CompositeDose
import Foundation
import Grids
import RTCore

/// Reads a `ScenarioSet` from the text of `--setup-uncertainty` (or the batch field
/// `setup_uncertainty`): `none`, sizes such as `2mm,1deg` (a translation in mm and a rotation in
/// degrees, either may be left out: it is then 0), or the path of a scenario file.
///
/// A scenario file has one scenario per line (`#` starts a comment; blank lines are skipped), an
/// optional `NAME:` first, then one of
/// - `shift X Y Z`: course 1's dose moved by (X, Y, Z) mm, LPS;
/// - `rotate RX RY RZ [shift X Y Z]`: rotated by RX, RY, RZ degrees about the L-R, A-P, S-I axes
///   through the centre of course 2's grid (in that order), then moved;
/// - `matrix M11 … M44`: a rigid 4×4 matrix, 16 numbers row-major (mm), last row 0 0 0 1.
/// Numbers are separated by spaces or commas. An error in the value names the field
/// (`RequestField.setupUncertainty`, which the caller spells); one in a file names the file, the line
/// and the field.
public enum ScenarioSetParser {
    /// - Parameters:
    ///   - relativeTo: the folder a relative file path is taken from (nil: the working directory).
    public static func parse(_ text: String, relativeTo folder: URL? = nil) throws -> ScenarioSet {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "none" { return .none }
        let path = trimmed.hasPrefix("/") || folder == nil ? trimmed : folder!.appendingPathComponent(trimmed).standardized.path
        var isFolder: ObjCBool = false
        if !trimmed.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            return try parseFile(at: path)
        }
        return try parseSizes(trimmed)
    }

    /// `2mm,1deg`, `2mm`, `1deg`, `1.5 mm, 0.5°`.
    static func parseSizes(_ text: String) throws -> ScenarioSet {
        func fail(_ what: String) -> DoseSumError {
            DoseSumError(.usage, "'\(text)': \(what) (expected e.g. 2mm,1deg, none, or the path of a scenario file)", field: .setupUncertainty)
        }
        guard !text.isEmpty else { throw fail("empty value") }
        var translation: Double?, rotation: Double?
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard !part.isEmpty else { throw fail("an empty size between commas") }
            let numberEnd = part.firstIndex { !("0123456789.+-eE".contains($0)) } ?? part.endIndex
            let numberText = String(part[..<numberEnd]), unit = part[numberEnd...].trimmingCharacters(in: .whitespaces).lowercased()
            guard let value = Double(numberText), value.isFinite else {
                if unit.isEmpty || numberText.isEmpty, part.contains("/") || part.contains(".") && Double(numberText) == nil {
                    throw fail("'\(part)' is neither a size nor an existing scenario file")
                }
                throw fail("'\(numberText.isEmpty ? part : numberText)' is not a number")
            }
            guard value >= 0 else { throw fail("size '\(part)' is negative") }
            switch unit {
            case "mm":
                guard translation == nil else { throw fail("two translation sizes") }
                translation = value
            case "deg", "°", "degree", "degrees":
                guard rotation == nil else { throw fail("two rotation sizes") }
                rotation = value
            case "": throw fail("size '\(part)' has no unit (mm or deg)")
            default: throw fail("unknown unit '\(unit)' in '\(part)' (use mm or deg)")
            }
        }
        let set = ScenarioSet.setup(translationMM: translation ?? 0, rotationDegrees: rotation ?? 0)
        return set.isEmpty ? .none : set
    }

    /// A scenario file (see the type's description).
    public static func parseFile(at path: String) throws -> ScenarioSet {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DoseSumError(.io, "cannot read the scenario file: \(error.localizedDescription)", file: path)
        }
        var specs: [ScenarioSpec] = []
        for (n, raw) in text.components(separatedBy: .newlines).enumerated() {
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            specs.append(try parseLine(line, number: n + 1, index: specs.count + 1, file: path))
        }
        guard !specs.isEmpty else {
            throw DoseSumError(.usage, "the scenario file has no scenario (one per line: shift X Y Z, rotate RX RY RZ, or matrix M11 … M44)", file: path)
        }
        return .listed(source: path, specs)
    }

    static func parseLine(_ line: String, number: Int, index: Int, file: String) throws -> ScenarioSpec {
        func fail(_ field: String, _ what: String) -> DoseSumError {
            DoseSumError(.usage, "line \(number): field '\(field)': \(what)", file: file)
        }
        var name = "scenario \(index)", body = line
        if let colon = line.firstIndex(of: ":") {
            name = line[..<colon].trimmingCharacters(in: .whitespaces)
            body = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw fail("name", "empty name before ':'") }
        }
        var words = body.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        guard let kind = words.first?.lowercased() else { throw fail("kind", "nothing after the name; expected shift, rotate or matrix") }
        words.removeFirst()
        func numbers(_ field: String, _ count: Int) throws -> [Double] {
            guard words.count >= count else { throw fail(field, "expected \(count) numbers, got \(words.count)") }
            let taken = Array(words.prefix(count))
            words.removeFirst(count)
            return try taken.map { w in
                guard let v = Double(w), v.isFinite else { throw fail(field, "'\(w)' is not a number") }
                return v
            }
        }
        let spec: ScenarioSpec
        switch kind {
        case "shift":
            let t = try numbers("shift", 3)
            spec = ScenarioSpec(name: name, motion: .shift(SIMD3(t[0], t[1], t[2])))
        case "rotate":
            let r = try numbers("rotate", 3)
            guard r.allSatisfy({ abs($0) <= 180 }) else { throw fail("rotate", "angles are degrees within ±180, got \(r)") }
            var shift = SIMD3<Double>.zero
            if let next = words.first {
                guard next.lowercased() == "shift" else { throw fail("rotate", "unexpected '\(next)' after the angles (only 'shift X Y Z' may follow)") }
                words.removeFirst()
                let t = try numbers("shift", 3)
                shift = SIMD3(t[0], t[1], t[2])
            }
            spec = ScenarioSpec(name: name, motion: .rotation(degrees: SIMD3(r[0], r[1], r[2]), shift: shift))
        case "matrix":
            let m = try numbers("matrix", 16)
            do { _ = try RigidTransform(rowMajor4x4: m) } catch let e as DoseSumError { throw fail("matrix", "not rigid: \(e.message)") }
            spec = ScenarioSpec(name: name, motion: .matrix(m))
        default:
            throw fail("kind", "unknown kind '\(kind)'; expected shift, rotate or matrix")
        }
        guard words.isEmpty else { throw fail(kind, "unexpected '\(words.joined(separator: " "))' at the end of the line") }
        return spec
    }
}
