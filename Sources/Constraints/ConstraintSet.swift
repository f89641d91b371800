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
    /// Organs the set's file declares under `organs:` (new kinds, or more aliases and an α/β for a
    /// known one), in file order; already checked for alias clashes by the decoder.
    public var organDeclarations: [OrganVocabulary.Entry] = []

    public init(id: String, title: String, citation: String, note: String = "", constraints: [Constraint]) {
        self.id = id; self.title = title; self.citation = citation; self.note = note; self.constraints = constraints
    }

    /// The set with its prescription-relative rows (`limitPercentOfPrescription`) turned into limits
    /// in Gy of `prescriptionGy` (the re-irradiation course's, physical dose); with no prescription
    /// they stay informational and say why.
    public func resolvingPrescription(_ prescriptionGy: Double?) -> ConstraintSet {
        var out = self
        for n in out.constraints.indices {
            guard let pct = out.constraints[n].limitPercentOfPrescription else { continue }
            if let rx = prescriptionGy, rx > 0, rx.isFinite {
                let limit = pct / 100 * rx
                out.constraints[n].limit = limit
                out.constraints[n].informational = false
                let note = "\(formatGy(pct)) % of the \(formatGy(rx)) Gy prescription = \(formatGy((limit * 1000).rounded() / 1000)) Gy (physical dose of course 2)"
                out.constraints[n].note = out.constraints[n].note.isEmpty ? note : out.constraints[n].note + "; " + note
            } else {
                out.constraints[n].limit = nil
                out.constraints[n].informational = true
                let note = "no prescription known: shown, not judged"
                out.constraints[n].note = out.constraints[n].note.isEmpty ? note : out.constraints[n].note + "; " + note
            }
        }
        return out
    }

    /// True when some row's limit is a percentage of the prescription.
    public var hasPrescriptionRows: Bool { constraints.contains { $0.limitPercentOfPrescription != nil } }

    /// The organs ROI names are matched to when this set is judged: the shipped sets' organs (with
    /// their conventions), every kind a row names (with its TG-263 aliases), and the declared organs.
    /// An organ's default α/β is the one its declaration gives, else the shipped convention, else the
    /// α/β the first of its EQD2 rows states (source `statedByRows`); else it has none.
    public var vocabulary: OrganVocabulary {
        var v = OrganVocabulary.shipped
        for kind in constraints.map(\.organKind) where v.entry(for: kind) == nil {
            // cannot clash: the catalogue's entries are consistent with the shipped ones
            try? v.add(OrganVocabulary.catalogue.entry(for: kind) ?? OrganVocabulary.Entry(kind: kind))
        }
        // the decoder refused declarations whose aliases clash with the catalogue or each other
        for d in organDeclarations { try? v.add(d) }
        for row in constraints where row.doseKind == .eqd2 && !row.informational {
            guard let ab = row.alphaBeta, v.defaultAlphaBeta(for: row.organKind) == nil else { continue }
            v.setAlphaBeta(ab, source: .statedByRows, for: row.organKind)
        }
        return v
    }

    /// The organs any row applies to, in vocabulary order.
    public var organs: [Organ] { Array(Set(constraints.flatMap(\.organs))).sorted() }

    /// The metrics a caller must compute for `organ`, per scope, so every row can be evaluated.
    public func requiredMetrics(for organ: Organ, scope: Constraint.Scope) -> Set<DoseMetric> {
        Set(constraints.filter { $0.scope == scope && !$0.informational && $0.organs.contains(organ) }.map(\.metric))
    }
}
