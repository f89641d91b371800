import Constraints
import Foundation
import RTCore

/// One row per (organ, constraint) verdict, RFC 4180: comma-separated, CRLF line ends, fields with a
/// comma, quote, CR or LF quoted and inner quotes doubled. Doses Gy EQD2, plain decimals. When the
/// report has provenance, `# key: value` comment lines come before the header row (skip lines that
/// start with `#`, e.g. pandas `comment="#"`).
public enum CSVReportRenderer {
    public static let header = ["protocol", "organ", "roi", "metric", "scope", "level", "comparator", "limit_gy",
                                "value_gy", "margin_gy", "status", "reason", "priority", "interval",
                                "alpha_beta_gy", "exception", "caveats", "source", "printed", "note"]

    public static func render(_ r: CheckReport) -> String {
        var lines = [ProvenanceRendering.csvComments(r.provenance) + header.map(field).joined(separator: ",")]
        for v in r.verdicts {
            let c = v.constraint
            let row: [String] = [
                r.protocolSet.id, v.organ.tg263Name, v.roiName ?? "", c.metric.notation, c.scope.rawValue,
                c.level.rawValue, c.comparator.rawValue, num(c.limit), num(v.value), num(v.margin), v.status.name,
                v.status.reason ?? "", v.priority.map(String.init) ?? "", c.interval?.description ?? "",
                num(c.alphaBeta), v.exception ?? "", v.caveats.joined(separator: "; "), c.source, c.printed, c.note,
            ]
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when RFC 4180 requires it.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Shortest round-trip decimal, empty when absent.
    static func num(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
}
