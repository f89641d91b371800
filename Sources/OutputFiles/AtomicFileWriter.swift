import Foundation
import RTCore

/// The one way DoseSum writes an output file (reports, RTDOSE exports, batch summaries, demo files).
///
/// Each file is written to a temporary in the destination's folder, flushed to disk (`fsync`) and only
/// then given its name, so a reader, a crash or a Ctrl-C never sees half a file; see `StagedFile` for
/// how no temporary is left behind. An existing destination is replaced only when `overwrite` is true,
/// and only when it is a regular file (or a symbolic link, which is replaced itself): never a folder,
/// FIFO, device or socket.
public enum AtomicFileWriter {
    /// Said after "exists already;" when `overwrite` is false. The CLI names its flag here at start-up.
    nonisolated(unsafe) public static var forceHint = "overwriting was not allowed"

    /// One file of a set: where it goes and its bytes.
    public struct PendingFile: Sendable {
        public var path: String
        public var data: Data
        public init(path: String, data: Data) { self.path = path; self.data = data }
        public init(path: String, text: String) { self.init(path: path, data: Data(text.utf8)) }
    }

    public static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        try writeAll([PendingFile(path: path, data: data)], overwrite: overwrite)
    }

    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        try write(Data(text.utf8), to: path, overwrite: overwrite)
    }

    /// Writes a set of files all-or-nothing: every file is first written and flushed as a temporary;
    /// only when all are ready are they given their names. If naming one fails, those already named in
    /// this call are removed again (a file they replaced is not brought back), so the set is never partial.
    public static func writeAll(_ files: [PendingFile], overwrite: Bool) throws {
        var staged: [StagedFile] = []
        defer { for s in staged { s.discard() } }
        for file in files {
            let s = try StagedFile(for: try nonEmpty(file.path))
            staged.append(s)
            try s.write(file.data)
            try s.sync()
        }
        try commit(staged, overwrite: overwrite)
    }

    /// Writes one file through a writer that only takes a path (DCMTK): `produce` writes the whole
    /// file at the path it is given, which is a temporary beside `path`; then it is flushed and named.
    public static func write(to path: String, overwrite: Bool, produce: (String) throws -> Void) throws {
        let target = try nonEmpty(path)
        // Refuse before producing (the commit checks again, atomically).
        if let refusal = OutputNode(at: target).refusal(overwrite: overwrite, forceHint: forceHint) {
            throw DoseSumError(.io, refusal, file: target)
        }
        let staged = try StagedFile(for: target)
        defer { staged.discard() }
        try produce(staged.writablePath)
        try staged.sync()
        try staged.commit(overwrite: overwrite, forceHint: forceHint)
    }

    /// Creates a folder (and parents) for outputs; fine when it exists.
    public static func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw DoseSumError(.io, "cannot create the folder: \(error.localizedDescription)", file: path)
        }
    }

    private static func commit(_ staged: [StagedFile], overwrite: Bool) throws {
        var committed: [String] = []
        do {
            for s in staged {
                try s.commit(overwrite: overwrite, forceHint: forceHint)
                committed.append(s.destination)
            }
        } catch {
            for path in committed { unlink(path) }
            throw error
        }
    }

    /// `path` itself, refused when empty (the kernel resolves `..` and links when it is used).
    static func nonEmpty(_ path: String) throws -> String {
        guard !path.isEmpty else { throw DoseSumError(.usage, "an output path is empty") }
        return path
    }
}
