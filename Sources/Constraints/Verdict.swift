import RTCore

/// The judgement of one constraint row on one organ.
///
/// `value` and `limit` are Gy EQD2 (the metric of the row's scope). `margin` is signed room left:
/// `limit − value` for `≤`/`<` rows and `value − limit` for `≥`/`>` rows; negative when exceeded.
public struct Verdict: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        case within
        case exceeds
        /// The row applies but cannot be judged: no ROI, metric not evaluable, interval unknown.
        case notEvaluable(reason: String)
        /// The row's interval condition excludes this patient (e.g. a `< 24 months` row at 30 months).
        case notApplicable(reason: String)
        /// A row with no limit (shown for information: "no limit", "no constraint", context).
        case informational
        /// The organ was declared not contoured for this patient (`absent (declared)`); the row is not
        /// judged and does not make the check incomplete. The reason says who declared it.
        case absent(reason: String)
        /// Within on the computed value, but a course's grid misses part of the ROI (dose 0 assumed
        /// there) and the dose there could reach the limit: `within (conditional: …)`. The check is
        /// then incomplete.
        case conditional(reason: String)

        /// `within`, `exceeds`, `not-evaluable`, `not-applicable`, `informational` (JSON/CSV).
        public var name: String {
            switch self {
            case .within: return "within"
            case .exceeds: return "exceeds"
            case .notEvaluable: return "not-evaluable"
            case .notApplicable: return "not-applicable"
            case .informational: return "informational"
            case .absent: return "absent"
            case .conditional: return "conditional"
            }
        }
        /// How a report shows the status: `WITHIN`, `EXCEEDS`, `WITHIN (conditional: …)`,
        /// `ABSENT (declared)`, `NOT-EVALUABLE: …` (upper case, with the reason).
        public var display: String {
            switch self {
            case .conditional(let why): return "WITHIN (conditional: \(why))"
            case .absent: return "ABSENT (declared)"
            default: return name.uppercased() + (reason.map { ": \($0)" } ?? "")
            }
        }
        public var reason: String? {
            switch self {
            case .notEvaluable(let r), .notApplicable(let r), .absent(let r), .conditional(let r): return r
            default: return nil
            }
        }
    }

    public var constraint: Constraint
    public var organ: Organ
    /// The ROI that stood for the organ, when one did.
    public var roiName: String?
    public var status: Status
    /// Gy EQD2, when the metric was evaluable.
    public var value: Double?
    /// Signed room left in Gy (negative = exceeded), when both value and limit exist.
    public var margin: Double?
    /// The row's priority, lowered by the unilateral exception when it applies.
    public var priority: Int?
    /// Set when the NPC-2021 unilateral optic-nerve exception applies to an exceeded row.
    public var exception: String?
    /// Things the reader should weigh, e.g. the row assumes another α/β than the composite used.
    public var caveats: [String]
    /// α/β (Gy) of the value judged, and where it came from ("constraint row", the ROI's option, the
    /// organ convention); nil when nothing was judged.
    public var alphaBetaGy: Double?
    public var alphaBetaSource: AlphaBetaSource?
    /// With a recovery discount, the undiscounted composite value (Gy EQD2) beside the judged `value`.
    public var undiscountedValue: Double?
    /// How far `value` moves under registration, contour-convention and dose-grid uncertainty, when
    /// the check weighed them (set by the caller after judging).
    public var uncertainty: VerdictUncertainty?
    /// `robust` / `fragile` (see `VerdictUncertainty.robustness`); nil without bands or value.
    public var robustness: VerdictUncertainty.Robustness? { uncertainty?.robustness(comparator: constraint.comparator, limit: limit) }

    public init(constraint: Constraint, organ: Organ, roiName: String?, status: Status, value: Double?,
                margin: Double?, priority: Int?, exception: String? = nil, caveats: [String] = []) {
        self.constraint = constraint; self.organ = organ; self.roiName = roiName; self.status = status
        self.value = value; self.margin = margin; self.priority = priority; self.exception = exception
        self.caveats = caveats
    }

    /// Gy EQD2 limit of the row (nil for informational rows).
    public var limit: Double? { constraint.limit }
}
