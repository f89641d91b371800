/// A value of a request, named the same way wherever it was given. The library names fields in its
/// errors (`DoseSumError.field`) and never spells a command-line flag; the command line spells a
/// field as a flag (`--alpha-beta`) and a batch manifest as a column (`alpha_beta`), each saying where
/// the value came from.
public struct RequestField: Hashable, Sendable, CustomStringConvertible {
    /// The manifest column name (snake case); also the flag's name with `_` as `-`.
    public let key: String
    public init(_ key: String) { self.key = key }
    public var description: String { key }

    public static let alphaBeta = RequestField("alpha_beta")
    public static let defaultAlphaBeta = RequestField("default_alpha_beta")
    public static let recovery = RequestField("recovery")
    public static let map = RequestField("map")
    public static let matrix = RequestField("matrix")
    public static let registration = RequestField("registration")
    public static let structures = RequestField("structures")
    public static let intervalMonths = RequestField("interval_months")
    public static let setupUncertainty = RequestField("setup_uncertainty")
    public static let roi = RequestField("roi")
    public static let jobs = RequestField("jobs")
    public static let shard = RequestField("shard")
    public static let grid = RequestField("grid")
    public static let endCap = RequestField("end_cap")
    /// The fraction count of the course labelled `course` ("course1", "course2").
    public static func fractions(of course: String) -> RequestField { RequestField("\(course)_fractions") }
    /// The plan of the course labelled `course`.
    public static func plan(of course: String) -> RequestField { RequestField("\(course)_plan") }
}
