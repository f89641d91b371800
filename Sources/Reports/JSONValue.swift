import Foundation
import RTCore

/// A JSON document tree, encoded with Foundation's `JSONEncoder`.
///
/// The renderers build their documents as `[String: Any]` literals (readable next to the schema
/// they document). `JSONValue(_:)` turns such a tree into this typed form, and `encoded()` writes it.
/// Output: pretty-printed, keys sorted by code unit ("D0.03cc" before "D0.1cc"), slashes unescaped,
/// shortest round-trip doubles, integral doubles without ".0", non-finite numbers as null. Built
/// without Foundation's Any bridging, which made `JSONSerialization` take about 37 ms for a 45 kB
/// check report on Linux.
enum JSONValue: Encodable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case double(Double)
    case integer(Int)
    case bool(Bool)
    case null

    /// The typed tree of a value built from `[String: Any]`, `[Any]`, `String`, `Double`, `Int`,
    /// `Bool` and `NSNull` (or nil). Throws for anything else, naming its type.
    init(_ any: Any?) throws {
        // `NSNull` last, as casting to a Foundation class is slow on Linux; Bool and Int before Double,
        // so that no platform's number bridging can turn them into a Double.
        switch any {
        case nil: self = .null
        case let v as String: self = .string(v)
        case let v as Bool: self = .bool(v)
        case let v as Int: self = .integer(v)
        case let v as Double: self = v.isFinite ? .double(v) : .null
        case let v as [String: Any]: self = .object(try v.mapValues { try JSONValue($0) })
        case let v as [Any]: self = .array(try v.map { try JSONValue($0) })
        case is NSNull: self = .null
        case let v?: throw DoseSumError(.internalError, "cannot encode a value of type \(type(of: v)) as JSON")
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .object(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .integer(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .null: try c.encodeNil()
        }
    }

    /// Pretty-printed UTF-8 JSON with sorted keys and unescaped slashes.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
