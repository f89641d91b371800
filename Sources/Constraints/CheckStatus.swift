/// The overall answer of a check, from all its verdicts:
/// - `exceeds` when any row's limit is exceeded (an exceeded limit wins over incompleteness);
/// - else `incomplete` when any row of the set is not evaluable or only conditionally within (a
///   course's grid misses part of the ROI where the dose could reach the limit), or when no row was
///   judged within at all (nothing was evaluated);
/// - else `within`.
/// Rows declared absent, not applicable (interval) and informational rows do not make a check
/// incomplete on their own. The CLI maps these to exit statuses 0 (within), 1 (exceeds), 3 (incomplete).
public enum CheckStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case within, exceeds, incomplete

    public init(verdicts: [Verdict]) {
        self = Self.assess(verdicts).status
    }

    /// The status and, when incomplete, why (one line per reason, e.g. "SpinalCord D0.03cc: no ROI
    /// mapped to SpinalCord").
    public static func assess(_ verdicts: [Verdict]) -> (status: CheckStatus, reasons: [String]) {
        if verdicts.contains(where: { $0.status == .exceeds }) { return (.exceeds, []) }
        var reasons: [String] = []
        for v in verdicts {
            switch v.status {
            case .notEvaluable(let why), .conditional(let why):
                reasons.append("\(v.organ.tg263Name) \(v.constraint.metric.notation) (\(v.constraint.level.rawValue)): \(why)")
            default: break
            }
        }
        if reasons.isEmpty && !verdicts.contains(where: { $0.status == .within }) {
            reasons.append("no constraint row was judged within: nothing was evaluated")
        }
        return (reasons.isEmpty ? .within : .incomplete, reasons)
    }
}
