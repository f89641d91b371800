import Foundation
import DoseMetrics
import RTCore

/// One row of a constraint set: "organ, metric, compared with a limit in Gy EQD2, under conditions".
///
/// Units: `limit` is Gy EQD2 (equivalent dose in 2 Gy fractions) for both scopes; `alphaBeta` is the
/// α/β in Gy the source assumed (nil when the source does not state one: the engine's per-organ α/β
/// table then applies). "max" rows of the sources are stored as `D0.03cc` (ARS-2022 Table 2: D0.03cc,
/// D0.05cc and D0.1cc all stand for a single-voxel maximum); rows printed with D0.05cc or D0.1cc keep
/// that metric. `printed` keeps the source's wording so a physicist can judge the transcription.
public struct Constraint: Hashable, Sendable {
    /// Which dose the row judges.
    public enum Scope: String, Hashable, Sendable, CaseIterable {
        /// Course 1 + course 2 (the composite EQD2).
        case cumulative
        /// The second (re-irradiation) course alone.
        case secondCourseOnly = "second-course-only"
    }

    /// Which kind of dose the limit is in: EQD2 (the default), or the physical dose of the course
    /// judged (course-2-only rows of trial protocols that limit the re-irradiation plan itself and do
    /// not say EQD2).
    public enum DoseKind: String, Hashable, Sendable, CaseIterable {
        case eqd2, physical
    }

    /// The row's standing in its source.
    public enum Level: String, Hashable, Sendable, CaseIterable {
        case desirable, acceptable
        /// "Per protocol" limit of a trial.
        case `protocol`
        /// A trial's "acceptable variation" beyond the protocol limit.
        case acceptableVariation = "acceptable-variation"
        /// A limit reported by a series or survey, or a trial's "guidance" value.
        case guidance
    }

    /// How the value is compared with the limit: the row is met when `value <comparator> limit`.
    public enum Comparator: String, Hashable, Sendable, CaseIterable {
        case lessOrEqual = "<=", less = "<", greaterOrEqual = ">=", greater = ">"
        public func holds(_ value: Double, _ limit: Double) -> Bool {
            switch self {
            case .lessOrEqual: return value <= limit
            case .less: return value < limit
            case .greaterOrEqual: return value >= limit
            case .greater: return value > limit
            }
        }
        /// Typographic symbol for reports (≤, <, ≥, >).
        public var symbol: String {
            switch self {
            case .lessOrEqual: return "≤"
            case .less: return "<"
            case .greaterOrEqual: return "≥"
            case .greater: return ">"
            }
        }
        /// Accepts `<=`, `≤`, `<`, `>=`, `≥`, `>`.
        public init?(symbol: String) {
            switch symbol.trimmingCharacters(in: .whitespaces) {
            case "<=", "≤": self = .lessOrEqual
            case "<": self = .less
            case ">=", "≥": self = .greaterOrEqual
            case ">": self = .greater
            default: return nil
            }
        }
    }

    /// The organ kind the row is about; a paired kind with `side == nil` applies to each side.
    public var organKind: OrganKind
    public var side: Laterality?
    public var metric: DoseMetric
    public var scope: Scope
    /// EQD2 or physical dose; physical only with `scope == .secondCourseOnly`.
    public var doseKind: DoseKind = .eqd2
    /// A limit given as a percentage of the re-irradiation course's prescription (target rows: GTV
    /// Dmin ≥ 98 %). Such a row is judged on that course's physical dose; `limit` is filled in (Gy) by
    /// `ConstraintSet.resolvingPrescription` when the prescription is known, and the row stays
    /// informational when it is not.
    public var limitPercentOfPrescription: Double?
    public var level: Level
    public var comparator: Comparator
    /// Gy EQD2; nil exactly when `informational` ("no limit", "no constraint", context rows).
    public var limit: Double?
    /// Shown, not judged: no limit, or a limit the engine cannot evaluate (relative to prescription,
    /// sub-structure such as a brain-stem core).
    public var informational: Bool
    /// α/β (Gy) the source assumed, nil when it does not state one.
    public var alphaBeta: Double?
    /// Applies only when the interval since course 1 satisfies this; nil = always.
    public var interval: IntervalCondition?
    /// 1 = most important. Nil when the source gives none.
    public var priority: Int?
    /// NPC-2021 optic nerves: exceeding the limit on one side only is allowed when the patient
    /// accepts the risk (the row's priority then drops to `unilateralPriority`).
    public var unilateralException: Bool
    public var unilateralPriority: Int?
    /// Citation of the row (paper, table, series).
    public var source: String
    /// The source's wording for this row.
    public var printed: String
    /// True when the printed row is ambiguous and the transcription is a judgement ("as printed").
    public var asPrinted: Bool
    public var note: String

    public init(organKind: OrganKind, side: Laterality? = nil, metric: DoseMetric, scope: Scope = .cumulative,
                level: Level, comparator: Comparator = .lessOrEqual, limit: Double?, informational: Bool = false,
                alphaBeta: Double? = nil, interval: IntervalCondition? = nil, priority: Int? = nil,
                unilateralException: Bool = false, unilateralPriority: Int? = nil, source: String = "",
                printed: String = "", asPrinted: Bool = false, note: String = "") {
        self.organKind = organKind; self.side = side; self.metric = metric; self.scope = scope
        self.level = level; self.comparator = comparator; self.limit = limit
        self.informational = informational || limit == nil
        self.alphaBeta = alphaBeta; self.interval = interval; self.priority = priority
        self.unilateralException = unilateralException; self.unilateralPriority = unilateralPriority
        self.source = source; self.printed = printed; self.asPrinted = asPrinted; self.note = note
    }

    /// The organs the row is evaluated on (both sides of a paired kind unless `side` is set).
    public var organs: [Organ] {
        organKind.organs.filter { side == nil || $0.side == side }
    }

    /// What the row judges, in words: `cumulative EQD2`, `course-2 EQD2` or `course-2 physical`.
    public var judgedDose: String {
        switch (scope, doseKind) {
        case (.cumulative, _): return "cumulative EQD2"
        case (.secondCourseOnly, .eqd2): return "course-2 EQD2"
        case (.secondCourseOnly, .physical): return "course-2 physical"
        }
    }

    /// Every field of the row as `name: value` pairs, for listings (`dosesum protocols ID`).
    public var fields: [(String, String)] {
        var bound: String = limit.map { "\(comparator.symbol) \(formatGy($0)) Gy" } ?? "none"
        if let pct = limitPercentOfPrescription {
            bound = "\(comparator.symbol) \(formatGy(pct)) % of the prescription" + (limit.map { " = \(formatGy($0)) Gy" } ?? " (prescription unknown: shown, not judged)")
        }
        let ab: String
        if let stated = alphaBeta { ab = "\(formatGy(stated)) Gy (stated by the row)" }
        else { ab = doseKind == .physical ? "n/a (physical dose)" : "the ROI's (not stated by the row)" }
        let exception: String = unilateralException ? "yes (priority \(unilateralPriority.map(String.init) ?? "—") when one side exceeds)" : "no"
        var out: [(String, String)] = [("judges", judgedDose), ("level", level.rawValue), ("limit", bound)]
        out.append(("informational", informational ? "yes (shown, not judged)" : "no"))
        out.append(("alpha/beta", ab))
        out.append(("interval", interval.map { "\($0)" } ?? "any"))
        out.append(("priority", priority.map(String.init) ?? "none"))
        out.append(("unilateral exception", exception))
        out.append(("as printed", asPrinted ? "yes (ambiguous in the source)" : "no"))
        out += [("printed", printed), ("source", source)]
        if !note.isEmpty { out.append(("note", note)) }
        return out
    }

    /// `BrainStem D0.03cc ≤ 70.2 Gy (desirable)`.
    public var summary: String {
        let who = side.map { "\(organKind.tg263Stem)_\($0.rawValue)" } ?? organKind.tg263Stem
        let bound = limit.map { "\(comparator.symbol) \(formatGy($0)) Gy" } ?? "no limit"
        return "\(who) \(metric.notation) \(bound) (\(level.rawValue))"
    }
}

/// `70.2`, `81`, `64.8`: shortest decimal without trailing zeros.
func formatGy(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v)
}
