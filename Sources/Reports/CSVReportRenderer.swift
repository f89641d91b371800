import Constraints
import DoseMetrics
import Foundation
import RTCore

/// One row per (organ, constraint) verdict, RFC 4180: comma-separated, CRLF line ends, fields with a
/// comma, quote, CR or LF quoted and inner quotes doubled. Doses Gy EQD2, plain decimals. When the
/// report has provenance, `# key: value` comment lines come before the header row (skip lines that
/// start with `#`, e.g. pandas `comment="#"`).
public enum CSVReportRenderer {
    public static let header = baseHeader + UncertaintyFormatting.csvHeader
    static let baseHeader = ["protocol", "organ", "roi", "metric", "scope", "level", "comparator", "limit_gy",
                                "value_gy", "margin_gy", "status", "reason", "priority", "interval",
                                "alpha_beta_gy", "exception", "caveats", "source", "printed", "note",
                                "alpha_beta_used_gy", "alpha_beta_source", "dose", "value_undiscounted_gy"] + hotSpotHeader + ["recovery_by_course"]
    /// Where the row's ROI's composite D0.03cc lies: centroid of its hottest 0.03 cc (LPS mm) and each
    /// course's share (0…1) of the composite there (the composite the verdict uses); empty without an ROI.
    public static let hotSpotHeader = ["hot_spot_x_mm", "hot_spot_y_mm", "hot_spot_z_mm",
                                       "hot_spot_course1_share", "hot_spot_course2_share"]

    /// Lines before the header start with `#`: the overall status (and why it is incomplete), the
    /// declared-absent organs and every override.
    public static func render(_ r: CheckReport) -> String {
        var lines = ["# overall: \(r.status.rawValue)"] + r.incompleteReasons.map { "# incomplete: \(oneLine($0))" }
        if !r.absentOrgans.isEmpty { lines.append("# declared absent: \(r.absentOrgans.map(\.tg263Name).joined(separator: " "))") }
        lines += r.overrides.map { "# override \($0.kind.rawValue): \(oneLine($0.detail))" }
        lines.append(ProvenanceRendering.csvComments(r.provenance) + header.map(field).joined(separator: ","))
        for v in r.verdicts {
            let c = v.constraint
            let row: [String] = [
                r.protocolSet.id, v.organ.tg263Name, v.roiName ?? "", c.metric.notation, c.scope.rawValue,
                c.level.rawValue, c.comparator.rawValue, num(c.limit), num(v.value), num(v.margin), v.status.name,
                v.status.reason ?? "", v.priority.map(String.init) ?? "", c.interval?.description ?? "",
                num(c.alphaBeta), v.exception ?? "", v.caveats.joined(separator: "; "), c.source, c.printed, c.note,
                num(v.alphaBetaGy), v.alphaBetaSource?.description ?? "", c.doseKind.rawValue, num(v.undiscountedValue),
            ] + hotSpotFields(r.rois.first { $0.name == v.roiName }?.hotSpot)
                + [recoveryField(r.rois.first { $0.name == v.roiName }?.recoveryByCourse)] + UncertaintyFormatting.csvFields(v)
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A comment line's text: CR and LF become spaces.
    static func oneLine(_ s: String) -> String { s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }

    /// The `hotSpotHeader` fields of a hot spot (empty fields without one).
    static func hotSpotFields(_ h: HotSpot?) -> [String] {
        guard let h else { return hotSpotHeader.map { _ in "" } }
        let shares = (0..<2).map { c in h.courseShares.flatMap { c < $0.count ? num($0[c]) : nil } ?? "" }
        return [num(h.positionMM.x), num(h.positionMM.y), num(h.positionMM.z)] + shares
    }

    /// `recovery_by_course`: the ROI's recovery factor per course, in order, separated by `;`
    /// (e.g. `0.5;0.25;0`); empty when no course is discounted.
    static func recoveryField(_ factors: [Double]?) -> String { factors.map { $0.map { num($0) }.joined(separator: ";") } ?? "" }

    /// Quotes a field when RFC 4180 requires it.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Shortest round-trip decimal, empty when absent.
    static func num(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
}
