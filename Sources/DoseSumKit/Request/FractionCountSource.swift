/// Where a course's number of fractions came from: given with the request (command line or manifest
/// row), or read from its RTPLAN (NumberOfFractionsPlanned).
public enum FractionCountSource: Sendable, Hashable, CustomStringConvertible {
    case given
    case plan(path: String)

    /// "given", "read from the plan PATH" (as the reports' options list it).
    public var description: String {
        switch self {
        case .given: "given"
        case .plan(let path): "read from the plan \(path)"
        }
    }
}
