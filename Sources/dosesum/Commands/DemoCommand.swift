import ArgumentParser
import DoseSumKit
import Foundation
import OutputFiles
import Reports
import RTCore

/// `dosesum demo`: the main job on the embedded default case.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: "Run `check` on the embedded two-course head-and-neck case (Fixtures/demo) and write its reports.")

    @Option(help: "The demo case folder (default: Fixtures/demo).") var fixture: String?
    @Option(help: "Folder for the reports.") var out: String = "dosesum-demo"
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let folder = fixture ?? DemoCase.locateFixture(executablePath: CommandLine.arguments[0]) else {
            throw DoseSumError(.io, "the demo case was not found in ./Fixtures/demo; run from the repository root or give --fixture DIR (regenerate with `dosesum make-demo-fixture Fixtures/demo`)")
        }
        let outputs = ReportOutputs(folder: out, labels: .init(json: "--out", csv: "--out", html: "--out"))
        var request = DemoCase.request(folder: folder)
        request.commandLine = CommandLine.arguments
        try outputs.checkWritable(overwrite: output.force, inputs: request.inputFiles, createsFolders: true)
        let started = ContinuousClock.now
        let outcome = try CheckPipeline.run(request)
        let elapsed = ContinuousClock.now - started
        print(TextReportRenderer.render(outcome.report), terminator: "")
        try AtomicFileWriter.makeDirectory(out)
        try outputs.write(outcome.report, overwrite: output.force)
        print("\nCheck took \(elapsed.formatted(.units(allowed: [.milliseconds]))).")
        print("Reports: \(outputs.paths.joined(separator: ", "))")
        switch outcome.status {
        case .within: return
        case .exceeds: throw ExitCode(1)
        case .incomplete: throw ExitCode(3)
        }
    }
}

/// `dosesum make-demo-fixture`: (re)writes the demo case's DICOM files from the analytic phantom.
struct MakeDemoFixtureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make-demo-fixture",
        abstract: "Write the demo case's DICOM files (two RTDOSE, two RTPLAN, one RTSTRUCT) from the analytic phantom.",
        shouldDisplay: false)
    @Argument(help: "Folder to write into.") var folder: String = "Fixtures/demo"
    @OptionGroup var output: OutputOptions
    func run() throws {
        try DemoCase.write(to: folder, overwrite: output.force)
        print("wrote \(DemoCase.files.joined(separator: ", ")) into \(folder)")
    }
}
