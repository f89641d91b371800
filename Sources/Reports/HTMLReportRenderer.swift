import Constraints
import DoseMetrics
import Foundation
import RTCore

/// One self-contained HTML page (inline CSS and SVG, no scripts, no external assets): patient and
/// course summary, verdict table coloured by status, cumulative DVH plots per organ (course 1,
/// course 2, composite EQD2), ROI metrics, inputs and assumptions, diagnostics. All text is escaped.
public enum HTMLReportRenderer {
    static let css = """
    body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1150px}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
    table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
    th{background:#f0f0f0}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
    tr.within td.status{background:#d8f0d8}tr.exceeds td.status{background:#f6c9c9;font-weight:bold}
    tr.not-evaluable td.status{background:#fbe7b5}tr.not-applicable td.status,tr.informational td.status{background:#eee;color:#555}
    .muted{color:#666;font-size:12px}b.fragile{color:#a15c00}.summary span{display:inline-block;margin-right:14px;padding:2px 8px;border-radius:3px}
    .s-within{background:#d8f0d8}.s-exceeds{background:#f6c9c9}.s-not-evaluable{background:#fbe7b5}.s-other{background:#eee}
    .plots{display:flex;flex-wrap:wrap;gap:12px}.plots svg{border:1px solid #eee}
    .organ{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start}.organ p.hotspot{flex-basis:100%;margin:0 0 10px;font-size:13px}
    .caveat{color:#8a5a00;font-size:12px}li.error{color:#a00}li.warning{color:#8a5a00}
    tr.conditional td.status{background:#fbe7b5}tr.absent td.status{background:#eee;color:#555}
    .overall{font-size:16px;padding:8px 12px;border-radius:4px;margin:10px 0}.overall ul{margin:4px 0 0;font-size:13px}
    .o-within{background:#d8f0d8}.o-exceeds{background:#f6c9c9}.o-incomplete{background:#fbe7b5}
    .override{background:#f6c9c9;padding:6px 10px;border-radius:4px}
    """

    public static func render(_ r: CheckReport) -> String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<title>DoseSum check \(e(r.patient.id))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
        h += "<h1>DoseSum re-irradiation check</h1>\n"
        h += "<p class=\"muted\">Protocol: <b>\(e(r.protocolSet.title))</b> [\(e(r.protocolSet.id))] · engine \(e(r.engineVersion))"
        if let t = r.generatedAt { h += " · \(e(t))" }
        h += "</p>\n"
        h += overall(r)
        h += summary(r)
        h += verdictTable(r)
        h += plots(r)
        h += roiTable(r)
        h += assumptions(r)
        h += diagnostics(r)
        h += ProvenanceRendering.html(r.provenance)
        h += "</body>\n</html>\n"
        return h
    }

    /// The overall status banner, the declared-absent organs and every override.
    static func overall(_ r: CheckReport) -> String {
        let text: String
        switch r.status {
        case .within: text = "Overall: <b>within</b>: every judged limit is met and nothing was left unevaluated"
        case .exceeds: text = "Overall: <b>EXCEEDS</b>: a limit is exceeded"
        case .incomplete: text = "Overall: <b>incomplete</b>: this check cannot say that every limit is met"
        }
        var h = "<div class=\"overall o-\(r.status.rawValue)\">\(text)"
        if !r.incompleteReasons.isEmpty { h += "<ul>" + r.incompleteReasons.map { "<li>\(e($0))</li>" }.joined() + "</ul>" }
        h += "</div>\n"
        if !r.absentOrgans.isEmpty {
            h += "<p>Declared absent (not contoured for this patient): \(e(r.absentOrgans.map(\.tg263Name).joined(separator: ", ")))</p>\n"
        }
        for o in r.overrides { h += "<p class=\"override\">Override (\(e(o.kind.rawValue))): \(e(o.detail))</p>\n" }
        return h
    }

    static func summary(_ r: CheckReport) -> String {
        let i = r.inputs
        var h = "<h2>Patient and courses</h2>\n<table>\n"
        h += "<tr><th>Patient</th><td colspan=\"3\">\(e(r.patient.id)) \(e(r.patient.name))</td></tr>\n"
        h += "<tr><th></th><th>Dose file</th><th>Fractions</th><th>Prescription</th></tr>\n"
        for c in i.courses {
            h += "<tr><th>\(e(c.label))</th><td>\(e(c.dosePath))<br><span class=\"muted\">\(e(c.doseUID))</span></td>"
            h += "<td class=\"num\">\(c.fractions)</td><td class=\"num\">\(c.prescriptionGy.map { ReportFormatting.gy($0) + " Gy" } ?? "—")</td></tr>\n"
        }
        h += "<tr><th>Interval</th><td colspan=\"3\">\(i.intervalMonths.map { ReportFormatting.gy($0) + " months" } ?? "unknown")</td></tr>\n"
        h += "</table>\n<p class=\"summary\">"
        let counts = r.statusCounts
        for (name, cls) in [("within", "s-within"), ("conditional", "s-not-evaluable"), ("exceeds", "s-exceeds"),
                            ("not-evaluable", "s-not-evaluable"), ("absent", "s-other"), ("not-applicable", "s-other"),
                            ("informational", "s-other")] {
            h += "<span class=\"\(cls)\">\(counts[name] ?? 0) \(name)</span>"
        }
        return h + "</p>\n"
    }

    static func verdictTable(_ r: CheckReport) -> String {
        typealias F = ReportFormatting
        var h = "<h2>Verdicts (Gy EQD2)</h2>\n<table class=\"verdicts\">\n"
        h += "<tr><th>Organ</th><th>ROI</th><th>Metric</th><th>Scope</th><th>Level</th><th>Condition</th><th>α/β used</th><th>Priority</th><th>Limit</th><th>Value [band]</th><th>Margin</th><th>Robust</th><th>Status</th><th>Source wording</th></tr>\n"
        for v in r.verdicts {
            let c = v.constraint
            var status: String
            switch v.status {
            case .absent: status = "absent (declared)"
            case .conditional: status = "within (conditional)"
            default: status = e(v.status.name)
            }
            if let why = v.status.reason { status += "<br><span class=\"muted\">\(e(why))</span>" }
            if let ex = v.exception { status += "<br><span class=\"muted\">\(e(ex))</span>" }
            for cav in v.caveats { status += "<br><span class=\"caveat\">\(e(cav))</span>" }
            var wording = e(c.printed) + (c.asPrinted ? " <i>(as printed)</i>" : "")
            if !c.note.isEmpty { wording += "<br><span class=\"muted\">\(e(c.note))</span>" }
            h += "<tr class=\"\(e(v.status.name))\"><td>\(e(v.organ.displayName))</td><td>\(e(v.roiName ?? "—"))</td>"
            h += "<td>\(e(c.metric.notation))</td><td>\(e(F.scope(c)))</td><td>\(e(c.level.rawValue))</td><td>\(e(condition(c)))</td>"
            h += "<td class=\"num\" title=\"\(e(v.alphaBetaSource?.description ?? ""))\">\(e(F.alphaBeta(v)))</td>"
            h += "<td class=\"num\">\(v.priority.map(String.init) ?? "")</td><td class=\"num\">\(e(F.limit(c)))</td>"
            h += "<td class=\"num\">\(e(UncertaintyFormatting.banded(v)))\(v.undiscountedValue.map { "<br><span class=\"muted\">undiscounted \(F.gy($0))</span>" } ?? "")</td><td class=\"num\">\(F.signed(v.margin))</td>"
            h += "<td class=\"robustness\">" + (v.robustness == .fragile ? "<b class=\"fragile\">fragile</b>" : e(UncertaintyFormatting.flag(v)))
                + (UncertaintyFormatting.worst(v).map { "<br><span class=\"muted\">worst: \(e($0))</span>" } ?? "")
                + (UncertaintyFormatting.kinds(v).map { "<br><span class=\"muted\">\(e($0))</span>" } ?? "") + "</td>"
            h += "<td class=\"status\">\(status)</td><td>\(wording)</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// `interval > 24 months; α/β 2 Gy`, or empty.
    static func condition(_ c: Constraint) -> String {
        var parts: [String] = []
        if let i = c.interval { parts.append("interval \(i)") }
        if let ab = c.alphaBeta { parts.append("α/β \(ReportFormatting.gy(ab)) Gy") }
        return parts.joined(separator: "; ")
    }

    /// Per ROI that has an organ and at least one curve: its DVH plot with a line per limit of its
    /// organ, and, when it has a hot spot, the axial slice through it and the hot spot in words.
    static func plots(_ r: CheckReport) -> String {
        let plotted = r.rois.filter { $0.organ != nil && !$0.dvh.labelled.isEmpty }
        guard !plotted.isEmpty else { return "" }
        var h = "<h2>Cumulative DVH and hot spot</h2>\n<div class=\"plots\">\n"
        for (n, roi) in plotted.enumerated() {
            let title = "\(roi.organ!.displayName) — \(roi.name)"
            h += "<div class=\"organ\">\n"
            h += SVGDVHPlot(title: title, curves: roi.dvh.labelled, limits: limitMarks(r, roi), envelope: roi.compositeEnvelope).render() + "\n"
            if let slice = roi.hotSpotSlice { h += SVGSliceImage(title: title, slice: slice, id: "slice\(n)").render() + "\n" }
            if let spot = roi.hotSpot { h += "<p class=\"hotspot\">\(hotSpotText(spot, discounted: roi.recovery > 0))</p>\n" }
            h += "</div>\n"
        }
        return h + "</div>\n"
    }

    /// The limits of an ROI's organ as DVH lines: one per verdict row with a limit, labelled with its
    /// level and limit (`desirable 70.2`), and its metric, scope and interval when they are not the
    /// plain cumulative D0.03cc; identical labels once.
    static func limitMarks(_ r: CheckReport, _ roi: ROIReport) -> [(label: String, dose: Double)] {
        var marks: [(label: String, dose: Double)] = []
        for v in r.verdicts(for: roi) {
            guard let limit = v.constraint.limit else { continue }
            let c = v.constraint
            var label = "\(c.level.rawValue) \(String(format: "%g", limit))"
            if c.metric != .doseAtAbsoluteVolume(cc: 0.03) { label += " \(c.metric.notation)" }
            if c.scope != .cumulative { label += " (\(ReportFormatting.scope(c)))" }
            if let i = c.interval { label += " [\(i)]" }
            if !marks.contains(where: { $0.label == label }) { marks.append((label, limit)) }
        }
        return marks
    }

    /// `Hot spot (centre of the hottest 0.03 cc of the composite EQD2): x, y, z mm (LPS) · course 1 71 % …`
    static func hotSpotText(_ h: HotSpot, discounted: Bool) -> String {
        let p = h.positionMM
        var t = "<b>Hot spot</b> (centre of the hottest \(String(format: "%g", h.volumeMM3 / 1000)) cc of the \(discounted ? "recovery-discounted " : "")composite EQD2, marked +): "
        t += "x \(ReportFormatting.mm(p.x)), y \(ReportFormatting.mm(p.y)), z \(ReportFormatting.mm(p.z)) mm (LPS)"
        if let shares = h.courseShares {
            t += " · " + shares.enumerated().map { "course \($0 + 1) \(ReportFormatting.percent($1))" }.joined(separator: " · ")
        }
        t += " of the mean \(ReportFormatting.gy(h.compositeMeanGy)) Gy EQD2 there"
        return t
    }

    static func roiTable(_ r: CheckReport) -> String {
        typealias F = ReportFormatting
        var h = "<h2>ROI metrics (Gy EQD2)</h2>\n<table>\n<tr><th>ROI</th><th>Organ</th><th>α/β (Gy)</th><th>Volume (cc)</th>"
        let courseCount = r.inputs.courses.count
        for m in r.shownMetricColumns {
            h += (1...courseCount).map { "<th>Course \($0) \(e(m.notation))</th>" }.joined() + "<th>Composite \(e(m.notation))</th>"
        }
        h += "<th>Same-region worst case</th></tr>\n"
        for roi in r.rois {
            h += "<tr><td>\(e(roi.name))</td><td>\(e(roi.organ?.tg263Name ?? "—"))</td><td class=\"num\">\(F.gy(roi.alphaBeta))</td>"
            h += "<td class=\"num\">\(F.gy(roi.volume?.value))</td>"
            for m in r.shownMetricColumns {
                h += (roi.courses.map { $0[m] } + [roi.composite[m]]).map { "<td class=\"num\">\(e(F.metric($0)))</td>" }.joined()
            }
            h += "<td class=\"num\">\(e(F.metric(roi.sameRegionWorstCase)))</td></tr>\n"
        }
        h += "</table>\n<p class=\"muted\">Same-region worst case = the sum of the courses' D0.03cc, as if every maximum fell on the same voxel. n/e = not evaluable.</p>\n"
        return h
    }

    static func assumptions(_ r: CheckReport) -> String {
        let i = r.inputs
        var h = "<h2>Inputs and assumptions</h2>\n<table>\n"
        h += "<tr><th>Protocol</th><td>\(e(r.protocolSet.title))<br><span class=\"muted\">\(e(r.protocolSet.citation))</span></td></tr>\n"
        h += "<tr><th>Structure set</th><td>\(e(i.structureSetPath)) <span class=\"muted\">\(e(i.structureSetUID))</span></td></tr>\n"
        h += "<tr><th>Registration</th><td>\(e(i.registration))"
        if let m = i.registrationMatrix, m.count == 16 {
            h += "<table>" + (0..<4).map { row in
                "<tr>" + (0..<4).map { "<td class=\"num\">\(String(format: "%.4f", m[row * 4 + $0]))</td>" }.joined() + "</tr>"
            }.joined() + "</table>"
        }
        h += "</td></tr>\n"
        let ab = i.alphaBeta.sorted { $0.key < $1.key }.map { "\(e($0.key)): \(ReportFormatting.gy($0.value))" }
        h += "<tr><th>α/β (Gy)</th><td>\(ab.joined(separator: ", "))\(i.defaultAlphaBeta.map { "\(ab.isEmpty ? "" : "; ")default \(ReportFormatting.gy($0))" } ?? "")</td></tr>\n"
        h += "<tr><th>Recovery</th><td>\(e(i.recovery))</td></tr>\n"
        for c in i.courses {
            h += "<tr><th>\(e(c.label)) plan</th><td>\(e(c.planPath ?? "—")) <span class=\"muted\">\(e(c.planUID ?? ""))</span></td></tr>\n"
        }
        h += "<tr><th>Unmatched ROIs</th><td>\(e(r.unmatchedROIs.joined(separator: ", ")))</td></tr>\n"
        if !r.roiSuggestions.isEmpty {
            h += "<tr><th>Suggested maps</th><td class=\"suggestions\">\(r.roiSuggestions.map { e(SuggestionFormatting.sentence($0)) }.joined(separator: "<br>"))</td></tr>\n"
        }
        h += "<tr><th>Organs without ROI</th><td>\(e(r.organsWithoutROI.map(\.tg263Name).joined(separator: ", ")))</td></tr>\n"
        for (name, value) in r.options { h += "<tr><th>Option: \(e(name))</th><td>\(e(value))</td></tr>\n" }
        return h + "</table>\n"
    }

    static func diagnostics(_ r: CheckReport) -> String {
        guard !r.diagnostics.isEmpty else { return "<h2>Diagnostics</h2>\n<p class=\"muted\">None.</p>\n" }
        let items = r.diagnostics.map { d in
            "<li class=\"\(e(d.severity.rawValue))\"><b>\(e(d.severity.rawValue))</b> \(e(d.subject.map { $0 + ": " } ?? ""))\(e(d.message)) <span class=\"muted\">[\(e(d.code))]</span></li>"
        }
        return "<h2>Diagnostics</h2>\n<ul>\n" + items.joined(separator: "\n") + "\n</ul>\n"
    }

    private static func e(_ s: String) -> String { HTML.escape(s) }
}
