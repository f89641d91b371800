import Constraints
import DoseMetrics
import RTCore

/// A readable plain-text report for the terminal (no colour codes; the CLI may add them).
public enum TextReportRenderer {
    public static func render(_ r: CheckReport) -> String {
        typealias F = ReportFormatting
        var out: [String] = []
        out.append("DoseSum check — \(r.protocolSet.title) [\(r.protocolSet.id)]")
        if !r.patient.id.isEmpty || !r.patient.name.isEmpty { out.append("Patient: \(r.patient.id) \(r.patient.name)") }
        let i = r.inputs
        out.append(i.courses.map { "\($0.label): \($0.dosePath) (\($0.fractions) fx)" }.joined(separator: "   "))
        out.append("Interval: \(i.intervalMonths.map { F.gy($0) + " months" } ?? "unknown")   Recovery: \(i.recovery)   Registration: \(i.registration)")
        if !r.options.isEmpty { out.append("Options: " + r.options.map { "\($0.0) \($0.1)" }.joined(separator: " · ")) }
        out.append("")
        out.append("Verdicts (Gy EQD2)")
        let rows = r.verdicts.map { v -> [String] in
            var status = v.status.display
            if let e = v.exception { status += " (\(e))" }
            for c in v.caveats { status += " [\(c)]" }
            return [v.organ.tg263Name, v.roiName ?? "—", v.constraint.metric.notation, F.scope(v.constraint),
                    v.constraint.level.rawValue, F.alphaBeta(v), F.limit(v.constraint),
                    UncertaintyFormatting.banded(v) + (v.undiscountedValue.map { " (undiscounted \(F.gy($0)))" } ?? ""), F.signed(v.margin),
                    UncertaintyFormatting.flag(v) + (v.robustness == .fragile ? UncertaintyFormatting.worst(v).map { " (worst \($0))" } ?? "" : ""),
                    status]
        }
        out.append(F.table(["Organ", "ROI", "Metric", "Scope", "Level", "α/β", "Limit", "Value [band]", "Margin", "Robust", "Status"], rows))
        out.append("")
        out.append("ROIs (Gy EQD2; worst case = the sum of the courses' D0.03cc)")
        var header = ["ROI", "Organ", "α/β", "Volume cc"]
        for m in r.shownMetricColumns { header += (1...i.courses.count).map { "C\($0) \(m.notation)" } + ["Sum \(m.notation)"] }
        header.append("Worst case")
        let roiRows = r.rois.map { roi -> [String] in
            var row = [roi.name, roi.organ?.tg263Name ?? "—", F.gy(roi.alphaBeta), F.gy(roi.volume?.value)]
            for m in r.shownMetricColumns { row += roi.courses.map { F.metric($0[m]) } + [F.metric(roi.composite[m])] }
            row.append(F.metric(roi.sameRegionWorstCase))
            return row
        }
        out.append(F.table(header, roiRows))
        out += hotSpotLines(r)
        let counts = r.statusCounts
        out.append("")
        out.append("Summary: " + ["within", "conditional", "exceeds", "not-evaluable", "absent", "not-applicable", "informational"]
            .map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", "))
        out += UncertaintyFormatting.fragileLines(r)
        out += UncertaintyFormatting.kindLines(r)
        if !r.absentOrgans.isEmpty {
            out.append("Declared absent (not contoured for this patient): \(r.absentOrgans.map(\.tg263Name).joined(separator: ", "))")
        }
        for o in r.overrides { out.append("OVERRIDE (\(o.kind.rawValue)): \(o.detail)") }
        if !r.unmatchedROIs.isEmpty { out.append("Unmatched ROIs: \(r.unmatchedROIs.joined(separator: ", "))") }
        out += r.roiSuggestions.map { "  \(SuggestionFormatting.sentence($0))" }
        if !r.organsWithoutROI.isEmpty { out.append("Organs without ROI: \(r.organsWithoutROI.map(\.tg263Name).joined(separator: ", "))") }
        if !r.diagnostics.isEmpty {
            out.append("")
            out.append("Diagnostics")
            out += r.diagnostics.map { "  \($0)" }
        }
        out += ProvenanceRendering.textFooter(r.provenance)
        out.append("")
        out.append(overallLine(r))
        return out.joined(separator: "\n") + "\n"
    }

    /// `Overall: within`, `Overall: EXCEEDS`, or `Overall: incomplete — reason; reason`: the report's
    /// last line, in every case.
    public static func overallLine(_ r: CheckReport) -> String {
        switch r.status {
        case .within: return "Overall: within (every judged limit is met; nothing left unevaluated)"
        case .exceeds: return "Overall: EXCEEDS (a limit is exceeded)"
        case .incomplete: return "Overall: incomplete — " + r.incompleteReasons.joined(separator: "; ")
        }
    }

    /// The hot-spot block: one row per ROI with a hot spot (position LPS mm, each course's share of
    /// the composite there, the composite's mean there); empty when no ROI has one.
    static func hotSpotLines(_ r: CheckReport) -> [String] {
        let rows = r.rois.compactMap { roi -> [String]? in
            guard let h = roi.hotSpot else { return nil }
            let shares = h.courseShares.map { $0.map(ReportFormatting.percent) } ?? h.courseEQD2.map { _ in "—" }
            return [roi.name, ReportFormatting.mm(h.positionMM.x), ReportFormatting.mm(h.positionMM.y),
                    ReportFormatting.mm(h.positionMM.z)] + shares
                + [ReportFormatting.gy(h.compositeMeanGy), roi.recovery > 0 ? "discounted composite" : "composite"]
        }
        guard let courses = r.rois.compactMap(\.hotSpot).first?.courseEQD2.count else { return [] }
        let header = ["ROI", "x", "y", "z"] + (0..<courses).map { "Course \($0 + 1)" } + ["Mean", "Of"]
        return ["", "Hot spots (centre of the hottest 0.03 cc of the composite EQD2, LPS mm; each course's share of the composite there; Mean: the composite's mean there, Gy EQD2)",
                ReportFormatting.table(header, rows)]
    }

    public static func render(_ r: MetricsReport) -> String {
        typealias F = ReportFormatting
        let header = ["ROI", "#", "Volume cc"] + r.metricColumns.map(\.notation)
        let rows = r.rois.map { roi in
            [roi.name, roi.number.description, F.gy(roi.volume?.value)] + r.metricColumns.map { F.metric(roi.metrics[$0]) }
        }
        var out = ["Metrics of \(r.dosePath) (\(r.doseDescription); \(r.surface) surface model)", F.table(header, rows)]
        let reasons = r.rois.flatMap { roi in
            roi.metrics.compactMap { m, v -> String? in
                if case .notEvaluable(let why) = v { return "  \(roi.name) \(m.notation): \(why)" } else { return nil }
            }.sorted()
        }
        if !reasons.isEmpty { out += ["", "Not evaluable (n/e):"] + reasons }
        if !r.diagnostics.isEmpty { out += ["", "Diagnostics"] + r.diagnostics.map { "  \($0)" } }
        return out.joined(separator: "\n") + "\n"
    }
}
