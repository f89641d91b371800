import Constraints
import DoseMetrics
import Foundation

/// Number and table formatting shared by the text and HTML renderers.
enum ReportFormatting {
    /// Two decimals (`70.20`), `—` when absent.
    static func gy(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "—" }
    /// A share 0…1 as a whole percentage, `71 %`.
    static func percent(_ share: Double) -> String { String(format: "%.0f %%", 100 * share) }
    /// A position in mm with one decimal, `-0.0` written `0.0`.
    static func mm(_ v: Double) -> String { let s = String(format: "%.1f", v); return s == "-0.0" ? "0.0" : s }
    /// Signed margin, `+10.80` / `-4.80`.
    static func signed(_ v: Double?) -> String { v.map { String(format: "%+.2f", $0) } ?? "—" }
    static func metric(_ v: MetricValue?) -> String {
        switch v {
        case .value(let x)?: return gy(x)
        case .notEvaluable?: return "n/e"
        case nil: return "—"
        }
    }
    /// `≤ 70.20`, `no limit`.
    static func limit(_ c: Constraint) -> String {
        guard let l = c.limit else { return "no limit" }
        return "\(c.comparator.symbol) \(gy(l))" + (c.informational ? " (info)" : "")
    }
    /// What a row judges: `cumulative EQD2`, `course-2 EQD2`, `course-2 physical`.
    static func scope(_ c: Constraint) -> String { c.judgedDose }

    /// Left-aligned columns separated by two spaces, with a dashed rule under the header.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }

    /// The α/β a verdict's value was computed at: `3 (row)` when the constraint row states it, `2`
    /// otherwise, `—` when nothing was judged.
    static func alphaBeta(_ v: Verdict) -> String {
        guard let ab = v.alphaBetaGy else { return "—" }
        let text = ab == ab.rounded() && abs(ab) < 1e6 ? String(Int(ab)) : String(ab)
        return v.alphaBetaSource?.isConstraintRow == true ? text + " (row)" : text
    }
}

