import ArgumentParser
import DoseSumKit
import Foundation
import OutputFiles

/// `dosesum batch-merge`: joins the shard summaries of one batch into one summary.
struct BatchMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch-merge",
        abstract: "Join `dosesum batch --shard I/N` summaries into one summary (JSON and CSV).",
        discussion: """
        Refuses shards of different manifests, a shard given twice, a patient in two shards, and missing \
        shards. Exit status: as `batch` for the merged patients (0 all within, 1 a limit exceeded, 2 an \
        error row or bad input).
        """)

    @Argument(help: "Shard summaries (OUT/summary.shard-*.json).") var shards: [String]
    @Option(help: "Merged summary JSON; the CSV is written beside it with the .csv extension.")
    var output: String
    @OptionGroup var force: OutputOptions

    func run() throws {
        try BatchMerge.outputPlan(output: output, shards: shards, overwrite: force.force, label: "--output").check()
        let merged = try BatchMerge.merge(shards)
        try BatchMerge.write(merged, output: output, overwrite: force.force)
        let c = merged.counts
        Terminal.note("dosesum: merged \(shards.count) shard(s), \(merged.patients.count) of \(merged.patientsInManifest) patient(s): \(c["within"] ?? 0) within, \(c["exceeds"] ?? 0) exceeding, \(c["error"] ?? 0) error(s)\(merged.interrupted ? "; a shard was INTERRUPTED" : "") → \(output)")
        if merged.exitStatus != 0 { throw ExitCode(merged.exitStatus) }
    }
}
