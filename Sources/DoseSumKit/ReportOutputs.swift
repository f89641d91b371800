import Foundation
import Reports
import RTCore

/// The report files a check writes (any subset of JSON, CSV and HTML), written atomically.
public struct ReportOutputs: Sendable, Hashable {
    public var json: String?
    public var csv: String?
    public var html: String?
    public init(json: String? = nil, csv: String? = nil, html: String? = nil) { self.json = json; self.csv = csv; self.html = html }

    /// The three reports in a folder, named `check.json`, `check.csv`, `report.html`.
    public init(folder: String) {
        let url = URL(fileURLWithPath: folder)
        self.init(json: url.appendingPathComponent("check.json").path, csv: url.appendingPathComponent("check.csv").path,
                  html: url.appendingPathComponent("report.html").path)
    }

    public var paths: [String] { [json, csv, html].compactMap { $0 } }

    /// Fails before any work is done when an output exists and `overwrite` is false, or two outputs
    /// share a path, so a run never stops half-way through writing its reports.
    public func checkWritable(overwrite: Bool) throws {
        guard Set(paths).count == paths.count else { throw DoseSumError(.usage, "two report outputs name the same file") }
        for p in paths where !overwrite && FileManager.default.fileExists(atPath: p) {
            throw DoseSumError(.io, "exists already; pass --force to overwrite it", file: p)
        }
    }

    /// Renders and writes every requested report (each atomically).
    public func write(_ report: CheckReport, overwrite: Bool) throws {
        if let json { try AtomicFileWriter.write(try JSONReportRenderer.render(report), to: json, overwrite: overwrite) }
        if let csv { try AtomicFileWriter.write(CSVReportRenderer.render(report), to: csv, overwrite: overwrite) }
        if let html { try AtomicFileWriter.write(HTMLReportRenderer.render(report), to: html, overwrite: overwrite) }
    }
}
