import DoseMetrics
import RTCore

/// A named, cited list of constraint rows (one protocol or paper table).
public struct ConstraintSet: Hashable, Sendable, Identifiable {
    /// Stable identifier used on the command line, e.g. `npc-2021`, `ars-2022-care-carbon`.
    public var id: String
    public var title: String
    public var citation: String
    public var note: String
    public var constraints: [Constraint]
    /// The set's own version (a user set's revision, e.g. "2026-04"); empty when not given.
    public var version: String = ""
    /// True when the set's levels already assume partial recovery of the earlier course (NPC-2021:
    /// the 130 % level is "basically equivalent to partial recovery (30 %)"), so a recovery factor on
    /// top of them counts recovery twice.
    public var levelsIncludeRecovery: Bool = false

    public init(id: String, title: String, citation: String, note: String = "", constraints: [Constraint]) {
        self.id = id; self.title = title; self.citation = citation; self.note = note; self.constraints = constraints
    }

    /// The organs any row applies to, in vocabulary order.
    public var organs: [Organ] { Array(Set(constraints.flatMap(\.organs))).sorted() }

    /// The metrics a caller must compute for `organ`, per scope, so every row can be evaluated.
    public func requiredMetrics(for organ: Organ, scope: Constraint.Scope) -> Set<DoseMetric> {
        Set(constraints.filter { $0.scope == scope && !$0.informational && $0.organs.contains(organ) }.map(\.metric))
    }
}
