import BoundedYAML
import DoseMetrics
import Foundation
import RTCore
import Yams

/// Reads a constraint set from YAML or JSON text (JSON is read as YAML, of which it is a subset).
///
/// Strict: an unknown key, an unknown organ, a bad metric notation, a bad scope, level, comparator or
/// interval, or a row without `limit_gy` that is not `informational: true` is an error that names the
/// file, the row (`constraints[3]`, 0-based, with its organ) and the field.
///
/// Top-level keys: `id`, `title`, `citation`, `note`, `version`, `levels_include_recovery` (true when the
/// levels already assume partial recovery), `organs`, `constraints`.
/// `organs` declares organs by name: `{NAME: {aliases: [..], alpha_beta_gy: 3, paired: false}}`. A
/// NAME that is a TG-263 or shipped organ gains the aliases and α/β; any other NAME is a new organ
/// (paired ones are then named NAME_L/NAME_R). An alias used by two organs (two declarations, or a
/// declaration and a TG-263/shipped organ) is an error naming the alias and both organs.
/// Row keys: `organ` (a shipped or TG-263 name or alias, or a declared organ or alias; a paired organ
/// without a side applies to both sides),
/// `metric` (`D0.03cc`, `Dmax`, `Dmean`, `D95%` …), `scope` (`cumulative` | `second-course-only`,
/// default cumulative), `dose` (`eqd2` default | `physical`, the latter only for second-course-only rows), `level` (`desirable` | `acceptable` | `protocol` | `acceptable-variation` |
/// `guidance`), `comparator` (`<=` default, `<`, `>=`, `>`), `limit_gy` (Gy EQD2), `informational`,
/// `alpha_beta_gy`, `interval` (`< 24 months`, `>= 2 y`), `priority`, `unilateral_exception`,
/// `unilateral_priority`, `source` (defaults to the set's citation), `printed`, `as_printed`, `note`,
/// `limit_pct_of_prescription` (instead of `limit_gy`: a percentage of the re-irradiation course's
/// prescription, judged on its physical dose).
public enum ConstraintSetDecoder {
    static let topKeys = ["id", "title", "citation", "note", "version", "levels_include_recovery", "organs", "constraints"]
    static let rowKeys = ["organ", "metric", "scope", "dose", "level", "comparator", "limit_gy", "limit_pct_of_prescription", "informational",
                          "alpha_beta_gy", "interval", "priority", "unilateral_exception", "unilateral_priority",
                          "source", "printed", "as_printed", "note"]

    /// Decodes a set from file contents; `file` names the origin in error messages.
    public static func decode(_ text: String, file: String) throws -> ConstraintSet {
        try BoundedYAML.read(text, file: file, kind: .invalidValue, maximumDepth: maximumYAMLDepth,
                             shape: "a set of constraints is a mapping with a list of flat rows") { root in try decode(root, file: file) }
    }

    /// Deepest nesting refused with a line number before parsing; a set needs 4 (mapping → list →
    /// row → list value).
    static let maximumYAMLDepth = 32

    private static func decode(_ root: Node?, file: String) throws -> ConstraintSet {
        guard let top = root?.mapping else {
            throw DoseSumError(.invalidValue, "expected a mapping with keys \(topKeys.joined(separator: ", "))", file: file)
        }
        let fields = try Fields(top, allowed: topKeys, context: "top level", file: file)
        guard let rows = fields.node("constraints")?.sequence else {
            throw DoseSumError(.invalidValue, "top level: 'constraints' must be a list of rows", file: file)
        }
        let citation = try fields.string("citation") ?? ""
        let declarations = try OrganDeclarationDecoder.decode(fields.node("organs"), file: file)
        var names = OrganVocabulary.catalogue
        for d in declarations { try? names.add(d) }  // clashes were refused by the declaration decoder
        var constraints: [Constraint] = []
        for (i, row) in rows.enumerated() {
            constraints.append(try decodeRow(row, index: i, defaultSource: citation, names: names, file: file))
        }
        guard let id = try fields.string("id"), !id.isEmpty else {
            throw DoseSumError(.invalidValue, "top level: field 'id' is missing", file: file)
        }
        var set = ConstraintSet(id: id, title: try fields.string("title") ?? id, citation: citation,
                                note: try fields.string("note") ?? "", constraints: constraints)
        set.version = try fields.string("version") ?? ""
        set.levelsIncludeRecovery = try fields.bool("levels_include_recovery") ?? false
        set.organDeclarations = declarations
        return set
    }

    /// Reads a `.yaml`, `.yml` or `.json` file.
    public static func load(contentsOf url: URL) throws -> ConstraintSet {
        try InputFile.requireRegularFile(url.path, expected: "a YAML or JSON constraint set")
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DoseSumError(.io, "cannot read constraint file: \(error.localizedDescription)", file: url.path)
        }
        return try decode(text, file: url.path)
    }

    static func decodeRow(_ node: Node, index: Int, defaultSource: String, names: OrganVocabulary, file: String) throws -> Constraint {
        let organText = node.mapping?["organ"]?.string
        let context = "constraints[\(index)]" + (organText.map { " (\($0))" } ?? "")
        guard let mapping = node.mapping else {
            throw DoseSumError(.invalidValue, "\(context): expected a mapping", file: file)
        }
        let f = try Fields(mapping, allowed: rowKeys, context: context, file: file)
        guard let organText = try f.string("organ") else { throw f.error("organ", "is missing") }
        let (kind, side) = try parseOrgan(organText, names: names, f)
        guard let metricText = try f.string("metric") else { throw f.error("metric", "is missing") }
        let metric: DoseMetric
        do { metric = try DoseMetric(notation: metricText) } catch {
            throw f.error("metric", "'\(metricText)' is not a dose metric (e.g. D0.03cc, Dmax, Dmean, D95%)")
        }
        let scope = try f.enumValue("scope", Constraint.Scope.self) ?? .cumulative
        let doseKind = try f.enumValue("dose", Constraint.DoseKind.self) ?? .eqd2
        if doseKind == .physical && scope == .cumulative {
            throw f.error("dose", "'physical' applies only to second-course-only rows (a cumulative dose is summed in EQD2)")
        }
        guard let level = try f.enumValue("level", Constraint.Level.self) else { throw f.error("level", "is missing") }
        var comparator = Constraint.Comparator.lessOrEqual
        if let c = try f.string("comparator") {
            guard let parsed = Constraint.Comparator(symbol: c) else { throw f.error("comparator", "'\(c)' is not one of <=, <, >=, >") }
            comparator = parsed
        }
        let informational = try f.bool("informational") ?? false
        let limit = try f.number("limit_gy")
        let percent = try f.number("limit_pct_of_prescription")
        if let percent {
            guard limit == nil else { throw f.error("limit_pct_of_prescription", "and limit_gy cannot both be given") }
            guard percent > 0 && percent <= 1000 else { throw f.error("limit_pct_of_prescription", "'\(percent)' must be a percentage > 0") }
            if f.node("scope") != nil && scope != .secondCourseOnly || f.node("dose") != nil && doseKind != .physical {
                throw f.error("limit_pct_of_prescription", "rows relative to the prescription are judged on course 2's physical dose: give scope: second-course-only, dose: physical, or leave both out")
            }
        }
        if limit == nil && percent == nil && !informational {
            throw f.error("limit_gy", "is missing (give a limit in Gy EQD2, limit_pct_of_prescription, or set informational: true)")
        }
        var interval: IntervalCondition?
        if let t = try f.string("interval") {
            guard let parsed = IntervalCondition(text: t) else { throw f.error("interval", "'\(t)' is not like '< 24 months' or '>= 2 y'") }
            interval = parsed
        }
        var row = Constraint(
            organKind: kind, side: side, metric: metric, scope: scope, level: level, comparator: comparator,
            limit: limit, informational: informational, alphaBeta: try f.number("alpha_beta_gy"),
            interval: interval, priority: try f.integer("priority"),
            unilateralException: try f.bool("unilateral_exception") ?? false,
            unilateralPriority: try f.integer("unilateral_priority"),
            source: try f.string("source") ?? defaultSource, printed: try f.string("printed") ?? "",
            asPrinted: try f.bool("as_printed") ?? false, note: try f.string("note") ?? "")
        row.doseKind = doseKind
        if let percent {
            row.limitPercentOfPrescription = percent
            row.scope = .secondCourseOnly
            row.doseKind = .physical
        }
        return row
    }

    /// The organ a row names, in `names` (the TG-263 catalogue, the shipped organs and the file's
    /// declarations).
    static func parseOrgan(_ text: String, names: OrganVocabulary, _ f: Fields) throws -> (OrganKind, Laterality?) {
        if let organ = names.organ(forROIName: text) { return (organ.kind, organ.side) }
        if let kind = names.kind(forName: text) { return (kind, nil) }
        let hint = ROINameSuggester.suggestion(for: text, among: names.organs, vocabulary: names)
            .map { " (did you mean \($0.organ.tg263Name)?)" } ?? ""
        let known = OrganKind.shipped.map(\.tg263Stem).joined(separator: ", ")
        throw f.error("organ", "'\(text)' is not a known organ\(hint): expected a TG-263 name (e.g. Esophagus, Heart, Lung_L, Kidney_R), one of \(known), with _L/_R for one side, or an organ the file declares under 'organs:' with its aliases and alpha_beta_gy")
    }
}
