import Dispatch
import Foundation
import Reports

/// Input files being hashed on a background thread (`ProvenanceCollector.start`).
public final class PendingProvenance: @unchecked Sendable {
    // Safe: `files` is written once on the background thread before it leaves `group`, and read
    // only after `group.wait()`.
    private let group = DispatchGroup()
    private var files: Result<[Provenance.File], Error>?

    init(_ work: @escaping @Sendable () throws -> [Provenance.File]) {
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            files = Result { try work() }
        }
    }

    /// Waits for the hashes and completes the provenance. Throws the hashing's error (`.io` naming
    /// an unreadable file).
    public func finish(commandLine: [String], now: Date) throws -> Provenance {
        group.wait()
        return ProvenanceCollector.make(files: try files!.get(), commandLine: commandLine, now: now)
    }
}
