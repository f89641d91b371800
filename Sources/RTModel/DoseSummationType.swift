import RTCore

/// DoseSummationType (3004,000A) of an RTDOSE: what the stored dose sums over. Kept as stored (upper
/// case), so a value DoseSum does not know is neither lost nor guessed; the values it acts on are named.
public struct DoseSummationType: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The stored code, upper case ("PLAN", "MULTI_PLAN", "FRACTION", …); empty when absent.
    public let rawValue: String

    public init(_ stored: String) { rawValue = stored.uppercased() }
    public init(stringLiteral value: String) { self.init(value) }
    public init(from decoder: Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
    public var description: String { rawValue }

    /// The whole plan (all fractions of one RTPLAN).
    public static let plan: Self = "PLAN"
    /// Several plans summed.
    public static let multiPlan: Self = "MULTI_PLAN"
    /// One fraction of a plan: a dose labelled so whose maximum looks like a plan total is a known trap
    /// (`DoseTraps.fractionLabelledPlanTotal`).
    public static let fraction: Self = "FRACTION"
    public static let beam: Self = "BEAM"
    public static let brachy: Self = "BRACHY"
    public static let record: Self = "RECORD"
}
