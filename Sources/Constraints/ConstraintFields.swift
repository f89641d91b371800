import Foundation
import RTCore
import Yams

/// Typed, strict access to one YAML mapping; every error names the file, context and field.
struct Fields {
    let values: [String: Node]
    let context: String
    let file: String

    init(_ mapping: Node.Mapping, allowed: [String], context: String, file: String) throws {
        self.context = context; self.file = file
        var values: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.string else { throw DoseSumError(.invalidValue, "\(context): a key is not text", file: file) }
            guard allowed.contains(key) else {
                throw DoseSumError(.invalidValue, "\(context): unknown key '\(key)'; expected one of \(allowed.joined(separator: ", "))", file: file)
            }
            guard values[key] == nil else { throw DoseSumError(.invalidValue, "\(context): key '\(key)' appears twice", file: file) }
            values[key] = v
        }
        self.values = values
    }

    func error(_ field: String, _ what: String) -> DoseSumError {
        DoseSumError(.invalidValue, "\(context): field '\(field)' \(what)", file: file)
    }
    func node(_ key: String) -> Node? { values[key] }

    func string(_ key: String) throws -> String? {
        guard let n = values[key] else { return nil }
        guard let s = n.scalar?.string else { throw error(key, "must be text") }
        return s
    }
    func number(_ key: String) throws -> Double? {
        guard let s = try string(key) else { return nil }
        guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else { throw error(key, "'\(s)' is not a number") }
        return v
    }
    func integer(_ key: String) throws -> Int? {
        guard let s = try string(key) else { return nil }
        guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else { throw error(key, "'\(s)' is not an integer") }
        return v
    }
    func bool(_ key: String) throws -> Bool? {
        guard let s = try string(key) else { return nil }
        switch s.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error(key, "'\(s)' is not true or false")
        }
    }
    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let s = try string(key) else { return nil }
        guard let v = E(rawValue: s) else {
            throw error(key, "'\(s)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }
}
