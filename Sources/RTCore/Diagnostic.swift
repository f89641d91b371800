/// Something the engine noticed that a physicist should read: a trap in the input, a metric that
/// could not be evaluated, an assumption it had to make. The library returns diagnostics; only the
/// CLI prints them.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.info, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }
    public var severity: Severity
    /// A stable machine-readable code, e.g. `dose.fraction-labelled-plan-total`.
    public var code: String
    public var message: String
    /// The file or object the diagnostic is about, when there is one.
    public var subject: String?

    public init(_ severity: Severity, code: String, _ message: String, subject: String? = nil) {
        self.severity = severity; self.code = code; self.message = message; self.subject = subject
    }
    public var description: String {
        let where_ = subject.map { "\($0): " } ?? ""
        return "\(severity.rawValue): \(where_)\(message) [\(code)]"
    }
}

/// The one error type the library throws for bad input or impossible requests. Its description is a
/// single line naming the file, the attribute (tag and keyword) or ROI, and what was expected.
public struct DoseSumError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case io, notDICOM, wrongModality, missingAttribute, invalidValue, unsupported, usage, geometry, internalError
    }
    public var kind: Kind
    public var message: String
    public var file: String?
    public var tag: DICOMTag?
    /// The request value at fault, when the error is about one (see `RequestField`): the caller
    /// spells it as a flag or a manifest column (`description(spelling:)`).
    public var field: RequestField?

    public init(_ kind: Kind, _ message: String, file: String? = nil, tag: DICOMTag? = nil, field: RequestField? = nil) {
        self.kind = kind; self.message = message; self.file = file; self.tag = tag; self.field = field
    }
    /// One line: file, tag, the field as `spelling` writes it, then the message.
    public func description(spelling: (RequestField) -> String) -> String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let tag { parts.append(tag.description) }
        if let field { parts.append(spelling(field)) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
    /// As `description(spelling:)` with fields as manifest columns: `field 'alpha_beta'`.
    public var description: String { description(spelling: { "field '\($0.key)'" }) }
}
