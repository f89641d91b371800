import ArgumentParser
import DoseMetrics
import DoseSumKit
import Foundation
import Reports

/// `dosesum metrics`: per-ROI dose-volume metrics of one dose.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics",
        abstract: "Dose-volume metrics (Gy, cc) of one RTDOSE for the ROIs of an RTSTRUCT.",
        discussion: "Metric notation: Dmax, Dmin, Dmean, D<x>cc (e.g. D0.03cc), D<x>% (e.g. D95%), V<x>Gy, V<x>Gy%, volume.")

    @Option(help: "RTDOSE file.") var dose: String
    @Option(help: "RTSTRUCT file (same Frame of Reference).") var structures: String
    @Option(help: "A metric to compute (repeatable; default: Dmin Dmax Dmean D0.03cc D0.05cc D0.1cc D1% D5% D95% D99%).")
    var metric: [String] = []
    @Option(help: "An ROI to evaluate (repeatable; default: all).") var roi: [String] = []
    @Option(help: "End caps: half or none.") var endCap: String = "half"
    @Flag(help: "Print the dosesum.metrics/1 JSON document instead of a table.") var json = false
    @OptionGroup var memory: MemoryOptions
    @OptionGroup var surface: SurfaceOptions

    func run() throws {
        let metrics = metric.isEmpty ? DoseMetric.defaults : try metric.map { try DoseMetric(notation: $0) }
        var request = MetricsPipeline.Request(dosePath: dose, structuresPath: structures, metrics: metrics, rois: roi,
                                              endCap: try EndCapOption.parse(endCap), memoryBudget: try memory.budget)
        request.surface = try surface.model
        request.commandLine = CommandLine.arguments
        let report = try MetricsPipeline.run(request)
        if json {
            print(String(decoding: try JSONReportRenderer.render(report), as: UTF8.self))
        } else {
            print(TextReportRenderer.render(report), terminator: "")
        }
        Terminal.diagnostics(report.diagnostics.filter { $0.severity != .info })
    }
}
