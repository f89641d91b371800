import ArgumentParser
import DoseSumKit
import Foundation
import RTCore

/// `dosesum batch`: `check` for every patient of a CSV/YAML manifest, in parallel, with a summary.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run `check` for every patient of a CSV or YAML manifest and write a batch summary.",
        discussion: """
        Manifest fields: id, course1_dose, course1_fractions and/or course1_plan, course2_dose, \
        course2_fractions and/or course2_plan, structures; optional registration, matrix, interval_months, \
        protocol, alpha_beta (ROI=GY;ROI=GY), default_alpha_beta, recovery (ROI=FRACTION;… or per earlier course ROI=FRACTION@K,FRACTION@K;…), map (ROI=ORGAN;…). \
        Relative paths are relative to the manifest's folder. Each patient's check.json, check.csv and \
        report.html go to OUT/<id>/; OUT/summary.csv and OUT/summary.json (dosesum.batch/2) list every patient. \
        A patient whose inputs fail becomes an error row; the others go on. A re-run skips patients whose \
        reports are complete unless --force. --shard I/N checks every N-th patient (0-based index % N == I-1) \
        and writes summary.shard-I-of-N.*; join them with `dosesum batch-merge`. \
        Exit status: 0 all within, 1 a limit exceeded (no errors), 3 some patient incomplete (none exceeds, no errors), 2 a patient failed or the manifest is bad, \
        130 interrupted by Ctrl-C (the summary lists the patients that finished).
        """)

    @Argument(help: "Manifest: a .csv with a header row or a .yaml list of patients.") var manifest: String
    @Option(help: "Folder for the summary and the per-patient report folders.") var out: String = "dosesum-batch"
    @Option(help: "Patients checked at once (default: the number of active processors).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Check only every N-th patient: those whose 0-based manifest index % N == I-1.", valueName: "I/N"))
    var shard: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        var options = BatchOptions(outputFolder: out, jobs: jobs, force: output.force,
                                   shard: try shard.map { try BatchSummary.Shard(parsing: $0) })
        options.commandLine = CommandLine.arguments
        guard jobs >= 1 else { throw DoseSumError(.usage, "--jobs must be at least 1, got \(jobs)") }
        let loaded = try BatchManifest.load(manifest)
        let cancellation = BatchCancellation()
        let interrupt = InterruptHandler(cancellation: cancellation)
        let display = BatchProgressDisplay()
        let summary = try BatchRunner.run(loaded, options: options, cancellation: cancellation) { display.show($0) }
        interrupt.stop()
        display.finish(summary, folder: out, stem: options.summaryStem)
        if cancellation.isCancelled && summary.interrupted { throw ExitCode(130) }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }
}

/// Ctrl-C during a batch: the first SIGINT stops new patients from starting (running ones finish and
/// the summary is written); a second one exits at once with 130 through `SignalCleanup`, which removes
/// any temporary in flight (every file written so far is whole, as all outputs are renamed into place).
final class InterruptHandler: Sendable {
    init(cancellation: BatchCancellation) {
        SignalCleanup.setInterruptHandler {
            if cancellation.isCancelled { return false }
            cancellation.cancel()
            Terminal.note("\ndosesum: interrupted; finishing the patients in progress and writing the summary (Ctrl-C again to stop now)")
            return true
        }
    }

    func stop() { SignalCleanup.setInterruptHandler(nil) }
}
