import RTCore

/// The recovery factors of one tissue (ROI), per earlier course: the fraction r ∈ [0, 1] of that
/// course's EQD2 considered recovered (discounted) by the time of the last course. Either one factor
/// for every earlier course (`ROI=r`, `uniform`), or a factor per course number (`ROI=r@1,r@2`,
/// `byCourse`; an earlier course not listed keeps its whole EQD2). The last course — the one judged
/// or planned — is never discounted. Weights from the factors: `RecoveryWeighting`.
public struct RecoveryFactors: Sendable, Hashable, Codable, CustomStringConvertible,
                               ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The factor of every earlier course; nil when the factors are given per course.
    public let uniform: Double?
    /// Per course number (1 = the first course, in treatment order), the factor given for it; empty
    /// with `uniform`.
    public let byCourse: [Int: Double]

    /// No recovery: every course counts whole.
    public static let none = RecoveryFactors(0)

    /// One factor `r` for every earlier course.
    public init(_ r: Double) { uniform = r; byCourse = [:] }
    /// A factor per course number (1-based); courses not listed: 0.
    public init(byCourse: [Int: Double]) { uniform = nil; self.byCourse = byCourse }
    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(Double(value)) }

    /// The factor of course `n` (0-based, treatment order) among `count` courses: 0 for the last one.
    public func factor(ofCourse n: Int, of count: Int) -> Double {
        guard n < count - 1 else { return 0 }
        return uniform ?? byCourse[n + 1] ?? 0
    }

    /// Every factor given (the uniform one, or each course's).
    public var values: [Double] { uniform.map { [$0] } ?? byCourse.keys.sorted().map { byCourse[$0]! } }

    /// True when some course is discounted (a factor > 0).
    public var discounts: Bool { values.contains { $0 > 0 } }

    /// The largest factor given (0 when none): the scalar the reports' `recovery` field shows.
    public var largest: Double { values.max() ?? 0 }

    /// The first factor outside [0, 1] (or not a number), if any.
    public var invalidFactor: Double? { values.first { !($0 >= 0 && $0 <= 1) } }

    /// As the option is written: "0.3", or "0.5@1,0.25@2".
    public var description: String {
        if let uniform { return "\(uniform)" }
        return byCourse.keys.sorted().map { "\(byCourse[$0]!)@\($0)" }.joined(separator: ",")
    }

    /// The uniform form encodes as its number alone (as the scalar recovery always did, so the
    /// fingerprint of a request without per-course factors is unchanged); the per-course form as a
    /// map from course number to factor.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let r = try? c.decode(Double.self) { self.init(r); return }
        self.init(byCourse: try c.decode([Int: Double].self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let uniform { try c.encode(uniform) } else { try c.encode(byCourse) }
    }
}
