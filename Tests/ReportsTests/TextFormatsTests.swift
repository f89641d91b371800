import Foundation
import Testing
@testable import Reports

@Suite struct TextFormatsTests {
    @Test func csvQuotingRFC4180() {
        #expect(CSVReportRenderer.field("plain") == "plain")
        #expect(CSVReportRenderer.field("a,b") == "\"a,b\"")
        #expect(CSVReportRenderer.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReportRenderer.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVReportRenderer.field("cr\r\nlf") == "\"cr\r\nlf\"")
    }

    /// Parses RFC 4180 text independently of the renderer.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false } }
                else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r" { continue }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    /// The CSV without its leading `#` comment lines.
    static func withoutComments(_ csv: String) -> String {
        csv.components(separatedBy: "\r\n").filter { !$0.hasPrefix("#") }.joined(separator: "\r\n")
    }

    @Test func csvOneRowPerOrganAndConstraint() throws {
        let report = try SampleReport.make()
        let csv = CSVReportRenderer.render(report)
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.components(separatedBy: "\r\n").first == "# overall: exceeds")  // comment lines come first
        let rows = Self.parseCSV(Self.withoutComments(csv))
        #expect(rows.first == CSVReportRenderer.header)
        #expect(rows.count == 1 + report.verdicts.count)
        #expect(rows.dropFirst().allSatisfy { $0.count == CSVReportRenderer.header.count })
        let roiColumn = CSVReportRenderer.header.firstIndex(of: "roi")!
        #expect(rows.contains { $0[roiColumn] == "Cord <PRV> & \"x\"" })  // quotes survive the round trip
        let status = CSVReportRenderer.header.firstIndex(of: "status")!, value = CSVReportRenderer.header.firstIndex(of: "value_gy")!
        let organ = CSVReportRenderer.header.firstIndex(of: "organ")!
        let bs = rows.filter { $0[organ] == "BrainStem" }
        #expect(bs.map { $0[status] } == ["exceeds", "within"])
        #expect(bs.map { Double($0[value]) } == [75, 75])
    }

    @Test func textTableReadable() throws {
        let text = TextReportRenderer.render(try SampleReport.make())
        #expect(text.contains("npc-2021"))
        #expect(text.contains("EXCEEDS") && text.contains("WITHIN"))
        #expect(text.contains("70.20") && text.contains("-4.80"))
        #expect(text.contains("Unmatched ROIs: External, z_opt"))
        #expect(text.contains("Organs without ROI: OpticNrv_R"))
        #expect(text.contains("84.00"))  // same-region worst case 54 + 30
    }
}

@Suite struct MetricColumnTests {
    @Test func emptyColumnsAreHidden() throws {
        let report = try SampleReport.make()  // has D0.03cc and Dmax, no Dmean
        #expect(report.shownMetricColumns.map(\.notation) == ["D0.03cc", "Dmax"])
        #expect(!TextReportRenderer.render(report).contains("Dmean"))
        #expect(!HTMLReportRenderer.render(report).contains("Dmean"))
    }
}
