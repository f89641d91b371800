/// Where the α/β a value is computed with came from (or that the value is a physical dose), as every
/// report names it. One type from the policy that chooses it to the renderers, so no two places spell
/// the same source differently. Encoded as its `description`.
public enum AlphaBetaSource: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The constraint row states its own α/β and is judged at it.
    case constraintRow
    /// A value given for this ROI (command line or manifest).
    case givenForROI
    /// The default value given for ROIs without their own (command line or manifest).
    case givenDefault
    /// The convention for the organ kind named (e.g. "brain stem").
    case convention(String)
    /// The organ's α/β declared in the constraint file (`organs:`).
    case constraintFile
    /// The α/β the constraint set's rows state for the organ, taken as its default.
    case statedByRows
    /// No α/β: the row judges physical dose.
    case physicalDose
    /// Any other source, in words (tests, callers outside the pipelines).
    case other(String)

    public var description: String {
        switch self {
        case .constraintRow: "constraint row"
        case .givenForROI: "given for the ROI"
        case .givenDefault: "given default"
        case .convention(let kind): "convention for \(kind)"
        case .constraintFile: "constraint file"
        case .statedByRows: "stated by the set's rows"
        case .physicalDose: "physical dose"
        case .other(let words): words
        }
    }

    /// True for an α/β a constraint row states (the row's own, or the rows' as the organ default):
    /// reports mark such values "(row)".
    public var isConstraintRow: Bool { self == .constraintRow || self == .statedByRows }

    public init(from decoder: Decoder) throws {
        let words = try decoder.singleValueContainer().decode(String.self)
        switch words {
        case "constraint row": self = .constraintRow
        case "given for the ROI": self = .givenForROI
        case "given default": self = .givenDefault
        case "physical dose": self = .physicalDose
        case "constraint file": self = .constraintFile
        case "stated by the set's rows": self = .statedByRows
        default:
            self = words.hasPrefix("convention for ") ? .convention(String(words.dropFirst("convention for ".count))) : .other(words)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
