import Foundation
import OutputFiles
import Reports
import RTCore

/// The report files a check writes (any subset of JSON, CSV and HTML), as one all-or-nothing set.
public struct ReportOutputs: Sendable, Hashable {
    public var json: String?
    public var csv: String?
    public var html: String?
    /// How messages name each report (the CLI passes its option names; defaults describe the file).
    public var labels: Labels

    /// How messages name the three reports.
    public struct Labels: Sendable, Hashable {
        public var json: String, csv: String, html: String
        public init(json: String, csv: String, html: String) { self.json = json; self.csv = csv; self.html = html }
        public static let files = Labels(json: "the JSON report", csv: "the CSV report", html: "the HTML report")
    }

    public init(json: String? = nil, csv: String? = nil, html: String? = nil, labels: Labels = .files) {
        self.json = json; self.csv = csv; self.html = html; self.labels = labels
    }

    /// The three reports in a folder, named `check.json`, `check.csv`, `report.html`.
    public init(folder: String, labels: Labels = .files) {
        let url = URL(fileURLWithPath: folder)
        self.init(json: url.appendingPathComponent("check.json").path, csv: url.appendingPathComponent("check.csv").path,
                  html: url.appendingPathComponent("report.html").path, labels: labels)
    }

    public var paths: [String] { [json, csv, html].compactMap { $0 } }

    /// The requested reports as plan entries, each with its label.
    public var planned: [OutputPlan.Output] {
        [(json, labels.json), (csv, labels.csv), (html, labels.html)].compactMap { path, label in
            path.map { OutputPlan.Output(label: label, path: $0) }
        }
    }

    /// Fails before any work is done when an output cannot be written: see `OutputPlan` (empty path,
    /// missing or unwritable folder, two reports on one file, a report on an input file, an existing
    /// file without `overwrite`, anything but a regular file even with it).
    ///
    /// - Parameters:
    ///   - inputs: every file the run reads; no report may be one of them.
    ///   - createsFolders: the caller creates missing report folders itself (the demo).
    public func checkWritable(overwrite: Bool, inputs: [String] = [], createsFolders: Bool = false) throws {
        try OutputPlan(outputs: planned, inputs: inputs, overwrite: overwrite, createsFolders: createsFolders).check()
    }

    /// Renders every requested report, then writes them as one set: all of them or, if any write
    /// fails, none (the ones written in this call are removed again).
    public func write(_ report: CheckReport, overwrite: Bool) throws {
        var files: [AtomicFileWriter.PendingFile] = []
        if let json { files.append(.init(path: json, data: try JSONReportRenderer.render(report))) }
        if let csv { files.append(.init(path: csv, text: CSVReportRenderer.render(report))) }
        if let html { files.append(.init(path: html, text: HTMLReportRenderer.render(report))) }
        try AtomicFileWriter.writeAll(files, overwrite: overwrite)
    }
}
