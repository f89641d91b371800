import Foundation

/// How each report shows a `Provenance`; every renderer calls one of these in one line. Nil
/// provenance (a report built without it, e.g. in unit tests) renders as JSON null and as nothing
/// elsewhere.
public enum ProvenanceRendering {
    /// The JSON object (keys as `Provenance`'s Codable form), or null.
    static func json(_ p: Provenance?) -> Any {
        guard let p else { return NSNull() }
        return [
            "files": p.files.map { ["role": $0.role, "path": $0.path, "sha256": $0.sha256, "bytes": $0.bytes] as [String: Any] },
            "command_line": p.commandLine, "command": p.command, "dosesum_version": p.doseSumVersion,
            "source_revision": ["commit": p.sourceCommit, "dirty": p.sourceDirty.map { $0 as Any } ?? NSNull()] as [String: Any],
            "dcmtk_version": p.dcmtkVersion, "date_utc": p.dateUTC, "date_local": p.dateLocal, "host": p.host,
        ] as [String: Any]
    }

    /// `# key: value` lines (CRLF-terminated, as the CSV rows) to put before a CSV header row; a
    /// consumer skips lines that start with `#`. Values are kept on one line.
    public static func csvComments(_ p: Provenance?) -> String {
        guard let p else { return "" }
        func line(_ key: String, _ value: String) -> String {
            "# \(key): " + value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") + "\r\n"
        }
        var out = line("dosesum_version", p.doseSumVersion) + line("source_revision", p.revisionDescription)
        out += line("dcmtk_version", p.dcmtkVersion) + line("date_utc", p.dateUTC) + line("date_local", p.dateLocal)
        out += line("host", p.host) + line("command", p.command)
        for f in p.files { out += line("sha256 \(f.role)", "\(f.sha256) \(f.path)") }
        return out
    }

    /// A "Provenance" section (software, command, every file with its SHA-256) and a "Checked by /
    /// date" and "Approved by / date" block left blank for signatures.
    static func html(_ p: Provenance?) -> String {
        guard let p else { return "" }
        func e(_ s: String) -> String { HTML.escape(s) }
        var h = "<h2>Provenance</h2>\n<table class=\"provenance\">\n"
        h += "<tr><th>DoseSum</th><td>\(e(p.softwareDescription))</td></tr>\n"
        h += "<tr><th>DCMTK</th><td>\(e(p.dcmtkVersion))</td></tr>\n"
        h += "<tr><th>Date</th><td>\(e(p.dateUTC)) (UTC) · \(e(p.dateLocal)) (local)</td></tr>\n"
        h += "<tr><th>Host</th><td>\(e(p.host))</td></tr>\n"
        h += "<tr><th>Command</th><td><code>\(e(p.command))</code></td></tr>\n</table>\n"
        h += "<table class=\"provenance-files\">\n<tr><th>Input</th><th>File</th><th>SHA-256</th><th>Bytes</th></tr>\n"
        for f in p.files {
            h += "<tr><td>\(e(f.role))</td><td>\(e(f.path))</td><td><code>\(e(f.sha256))</code></td><td class=\"num\">\(f.bytes)</td></tr>\n"
        }
        h += "</table>\n<h2>Sign-off</h2>\n<table class=\"signoff\">\n"
        h += "<tr><th>Checked by</th><td style=\"width:280px;height:34px\"></td><th>Date</th><td style=\"width:140px\"></td></tr>\n"
        h += "<tr><th>Approved by</th><td style=\"width:280px;height:34px\"></td><th>Date</th><td style=\"width:140px\"></td></tr>\n"
        return h + "</table>\n"
    }

    /// The text report's short footer: software, date and host; the file hashes are in the other reports.
    static func textFooter(_ p: Provenance?) -> [String] {
        guard let p else { return [] }
        return ["", "DoseSum \(p.softwareDescription) · DCMTK \(p.dcmtkVersion) · \(p.dateUTC) · \(p.host)"
                + " · SHA-256 of \(p.files.count) input file(s) in the JSON/CSV/HTML reports"]
    }
}
