import Foundation
import Testing
@testable import Reports

/// How each report shows a hand-made provenance: escaped in HTML, one line per value in CSV
/// comments (the rows after them unchanged), every key in JSON, absent everywhere when nil.
@Suite struct ProvenanceRenderingTests {
    static let hash = String(repeating: "ab", count: 32)
    static let provenance = Provenance(
        files: [.init(role: "course1_dose", path: "/data/<b>p1</b>/RD \"1\".dcm", sha256: hash, bytes: 12),
                .init(role: "structure_set", path: "/data/two\nlines.dcm", sha256: hash, bytes: 0)],
        commandLine: ["dosesum", "check", "--structures", "/data/<b>p1</b>/RS.dcm"], doseSumVersion: "9.9.9",
        sourceCommit: String(repeating: "0f", count: 20), sourceDirty: nil, dcmtkVersion: "3.6.7",
        dateUTC: "2026-01-02T03:04:05Z", dateLocal: "2026-01-02T04:04:05+01:00", host: "ward-3")

    static func report(_ p: Provenance?) throws -> CheckReport {
        var r = try SampleReport.make()
        r.provenance = p
        return r
    }

    @Test func htmlEscapesPathsAndLeavesTheSignOffBlank() throws {
        let html = HTMLReportRenderer.render(try Self.report(Self.provenance))
        #expect(html.contains("/data/&lt;b&gt;p1&lt;/b&gt;/RD &quot;1&quot;.dcm"))
        #expect(!html.contains("<b>p1</b>"))
        #expect(html.contains("<code>\(Self.hash)</code>"))
        #expect(html.contains("<th>Checked by</th><td style=\"width:280px;height:34px\"></td>"))
        #expect(html.contains("<th>Approved by</th><td style=\"width:280px;height:34px\"></td>"))
        #expect(!HTMLReportRenderer.render(try Self.report(nil)).contains("Provenance"))
    }

    @Test func csvCommentsKeepOneValuePerLineBeforeTheUnchangedRows() throws {
        let plain = CSVReportRenderer.render(try Self.report(nil))
        let csv = CSVReportRenderer.render(try Self.report(Self.provenance))
        let lines = csv.components(separatedBy: "\r\n")
        let comments = lines.prefix { $0.hasPrefix("#") }
        // the overall status line, then 7 provenance lines and one per input file (2)
        #expect(comments.count == 1 + 7 + 2 && comments.first?.hasPrefix("# overall: ") == true)
        #expect(comments.contains("# sha256 structure_set: \(Self.hash) /data/two lines.dcm"))
        #expect(comments.contains("# source_revision: \(String(repeating: "0f", count: 20))"))
        let plainRows = plain.components(separatedBy: "\r\n").drop { $0.hasPrefix("#") }
        #expect(Array(lines.dropFirst(comments.count)) == Array(plainRows))
    }

    @Test func jsonHasEveryKeyAndNullWithoutProvenance() throws {
        func root(_ p: Provenance?) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: try JSONReportRenderer.render(try Self.report(p))) as? [String: Any])
        }
        let p = try #require(try root(Self.provenance)["provenance"] as? [String: Any])
        #expect(Set(p.keys) == ["files", "command_line", "command", "dosesum_version", "source_revision", "dcmtk_version",
                                "date_utc", "date_local", "host"])
        #expect(p["command"] as? String == "dosesum check --structures '/data/<b>p1</b>/RS.dcm'")
        let revision = try #require(p["source_revision"] as? [String: Any])
        #expect(revision["dirty"] is NSNull)
        #expect(try root(nil)["provenance"] is NSNull)
        // The Codable form (used by the batch summary) has the same keys and round-trips.
        let encoded = try JSONEncoder().encode(Self.provenance)
        let codable = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(Set(codable.keys) == Set(p.keys))
        #expect(try JSONDecoder().decode(Provenance.self, from: encoded) == Self.provenance)
    }
}
