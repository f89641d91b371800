import DoseSumKit
import Foundation

/// Batch progress on stderr: one updating line (`\r`) on a terminal, one plain line per finished
/// patient otherwise (logs, CI, Slurm).
final class BatchProgressDisplay: @unchecked Sendable {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()

    func show(_ p: BatchProgress) {
        let e = p.entry
        var what = e.status.rawValue
        if e.skipped { what += " (skipped: reports exist)" }
        if let err = e.error { what += ": " + err }
        let line = "[\(p.finished)/\(p.total)] \(e.id): \(what)"
        lock.lock(); defer { lock.unlock() }
        if isTerminal {
            let width = 100
            let shown = line.count > width ? String(line.prefix(width - 1)) + "…" : line
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + shown).utf8))
        } else {
            Terminal.note(line)
        }
    }

    func finish(_ summary: BatchSummary, folder: String, stem: String) {
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let c = summary.counts
        let skipped = summary.patients.filter(\.skipped).count
        for e in summary.patients where e.status == .error { Terminal.note("dosesum: \(e.id): error: \(e.error ?? "")") }
        Terminal.note("dosesum: \(summary.patients.count) patient(s): \(c["within"] ?? 0) within, \(c["exceeds"] ?? 0) exceeding, \(c["error"] ?? 0) error(s)\(skipped > 0 ? ", \(skipped) skipped (reports existed)" : "")\(summary.interrupted ? "; INTERRUPTED before all patients ran" : "")")
        let dir = URL(fileURLWithPath: folder)
        Terminal.note("dosesum: summary: \(dir.appendingPathComponent(stem + ".csv").path), \(dir.appendingPathComponent(stem + ".json").path)")
    }
}
