import DICOMIO
import Foundation
import OutputFiles
import Reports
import RTCore

/// How `dosesum batch` runs a manifest.
public struct BatchOptions: Sendable, Hashable {
    /// Folder for `summary.*` and one `<id>/` report folder per patient (created if needed).
    public var outputFolder: String
    /// Patients checked at once (≥ 1); memory grows with it, as each holds its courses' doses.
    public var jobs: Int
    /// Re-run patients whose reports exist and overwrite them.
    public var force: Bool
    public var shard: BatchSummary.Shard?
    /// The program's arguments, for the provenance of the summary and of every patient's reports.
    public var commandLine: [String] = []

    public init(outputFolder: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, force: Bool = false,
                shard: BatchSummary.Shard? = nil) {
        self.outputFolder = outputFolder; self.jobs = jobs; self.force = force; self.shard = shard
    }

    /// `summary` or `summary.shard-I-of-N`.
    public var summaryStem: String { shard?.fileStem ?? "summary" }
}

/// Reported after each patient finishes (in the order they finish).
public struct BatchProgress: Sendable {
    public var finished: Int
    public var total: Int
    public var entry: BatchSummaryEntry
}

/// Runs the patients of a manifest (or one shard of it) on a bounded pool of workers and writes each
/// patient's `check.json`, `check.csv`, `report.html` into `OUT/<id>/` and the batch summary into
/// `OUT/summary.{csv,json}` (or `summary.shard-I-of-N.*`).
///
/// - A patient whose check fails (missing file, corrupt DICOM, mismatched frames, no fraction count…)
///   becomes an `error` row with the reason; the others go on. Stale reports in its folder are removed.
/// - Without `force`, a patient is skipped when the previous summary at the same path lists it as
///   `within`/`exceeds` with the same request fingerprint and its `check.json` is still there; its status
///   and worst verdict are read back from that `check.json`. Any other patient is (re-)checked, and its
///   report files are replaced: the summary, not the files' presence, says which reports are complete.
/// - Every file is written atomically; `check.json` is written last for each patient.
/// - When `cancellation` is set, no new patient starts; the summary lists those that finished and is
///   marked `interrupted`.
public enum BatchRunner {
    public static func run(_ manifest: BatchManifest, options: BatchOptions, cancellation: BatchCancellation = BatchCancellation(),
                           progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }) throws -> BatchSummary {
        guard options.jobs >= 1 else { throw DoseSumError(.usage, "must be at least 1, got \(options.jobs)", field: .jobs) }
        let selected = manifest.patients.filter { options.shard?.contains($0.index) ?? true }
        try outputPlan(selected, manifest: manifest.path, options: options).check()
        try AtomicFileWriter.makeDirectory(options.outputFolder)
        let out = URL(fileURLWithPath: options.outputFolder)
        let summaryPath = out.appendingPathComponent(options.summaryStem + ".json").path
        var earlier: [String: BatchSummaryEntry] = [:]
        if !options.force, FileManager.default.fileExists(atPath: summaryPath) {
            for e in try BatchSummary.read(summaryPath).patients { earlier[e.id] = e }
        }
        let previous = earlier
        let state = PoolState(total: selected.count)
        let workers = max(1, min(options.jobs, selected.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !cancellation.isCancelled, let n = state.next() {
                let patient = selected[n]
                var run = patient
                run.request.commandLine = options.commandLine
                let entry = process(run, out: out, previous: previous[patient.id])
                state.finish(entry, progress: progress)
            }
        }
        let entries = state.entries
        var summary = BatchSummary(manifest: manifest.path, manifestFingerprint: manifest.fingerprint,
                                   patientsInManifest: manifest.patients.count, shard: options.shard,
                                   interrupted: entries.count < selected.count, patients: entries)
        summary.provenance = try ProvenanceCollector.collect([.init(role: "manifest", path: manifest.path)],
                                                             commandLine: options.commandLine, now: Date())
        try summary.write(folder: options.outputFolder, stem: options.summaryStem, overwrite: true)
        return summary
    }

    static let reportFiles = ["check.csv", "report.html", "check.json"]

    /// Every file the run may write (the summary and each patient's reports), checked before any patient
    /// runs: folders writable, nothing but regular files replaced, no output on an input file. A batch
    /// always replaces its own reports, so they are planned as overwritable.
    static func outputPlan(_ patients: [BatchPatient], manifest: String, options: BatchOptions) -> OutputPlan {
        let out = URL(fileURLWithPath: options.outputFolder)
        var outputs = ["json", "csv"].map {
            OutputPlan.Output(label: "the batch summary", path: out.appendingPathComponent(options.summaryStem + "." + $0).path)
        }
        for p in patients {
            outputs += ReportOutputs(folder: out.appendingPathComponent(p.folderName).path,
                                     labels: .init(json: "patient '\(p.id)' report", csv: "patient '\(p.id)' report",
                                                   html: "patient '\(p.id)' report")).planned
        }
        return OutputPlan(outputs: outputs, inputs: [manifest] + patients.flatMap { $0.request.inputFiles },
                          overwrite: true, createsFolders: true)
    }

    /// One patient: skip (earlier reports still valid), check and write, or an error row.
    static func process(_ patient: BatchPatient, out: URL, previous: BatchSummaryEntry?) -> BatchSummaryEntry {
        let folder = out.appendingPathComponent(patient.folderName)
        let jsonPath = folder.appendingPathComponent("check.json").path
        let fingerprint = patient.requestFingerprint
        if let previous, previous.status != .error, previous.requestFingerprint == fingerprint,
           previous.reportFolder == patient.folderName, let data = FileManager.default.contents(atPath: jsonPath),
           let entry = try? BatchSummaryEntry.fromCheckJSON(data, index: patient.index, id: patient.id,
                                                            reportFolder: patient.folderName, seconds: previous.seconds,
                                                            skipped: true, requestFingerprint: fingerprint, file: jsonPath) {
            return entry
        }
        let started = ContinuousClock.now
        func seconds() -> Double {
            let d = ContinuousClock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        do {
            let outcome = try CheckPipeline.run(patient.request)
            let json = try JSONReportRenderer.render(outcome.report)
            try AtomicFileWriter.makeDirectory(folder.path)
            // One set, all or nothing, the JSON named last.
            try AtomicFileWriter.writeAll([
                .init(path: folder.appendingPathComponent("check.csv").path, text: CSVReportRenderer.render(outcome.report)),
                .init(path: folder.appendingPathComponent("report.html").path, text: HTMLReportRenderer.render(outcome.report)),
                .init(path: jsonPath, data: json),
            ], overwrite: true)
            return try BatchSummaryEntry.fromCheckJSON(json, index: patient.index, id: patient.id, reportFolder: patient.folderName,
                                                       seconds: seconds(), skipped: false, requestFingerprint: fingerprint, file: jsonPath)
        } catch {
            for name in reportFiles { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
            let reason = (error as? DoseSumError)?.description ?? String(describing: error)
            return BatchSummaryEntry(index: patient.index, id: patient.id, status: .error, error: reason,
                                     seconds: seconds(), requestFingerprint: fingerprint)
        }
    }
}

/// The work queue of a batch: hands out patient positions one at a time and collects the entries.
private final class PoolState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var done: [BatchSummaryEntry] = []
    let total: Int
    init(total: Int) { self.total = total }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < total else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    /// Records an entry and reports progress while holding the lock, so reports never interleave.
    func finish(_ entry: BatchSummaryEntry, progress: @Sendable (BatchProgress) -> Void) {
        lock.lock(); defer { lock.unlock() }
        done.append(entry)
        progress(BatchProgress(finished: done.count, total: total, entry: entry))
    }

    var entries: [BatchSummaryEntry] { lock.lock(); defer { lock.unlock() }; return done }
}
