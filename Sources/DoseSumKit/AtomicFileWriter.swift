import Foundation
import RTCore

/// Writes output files atomically: the bytes go to a temporary file in the destination's directory,
/// which is then renamed over the destination, so a reader (or a Ctrl-C) never sees half a file.
/// An existing destination is never replaced unless `overwrite` is true.
public enum AtomicFileWriter {
    public static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw DoseSumError(.io, "is a directory, expected a file path for output", file: path) }
            if !overwrite { throw DoseSumError(.io, "exists already; pass --force to overwrite it", file: path) }
        }
        let dir = url.deletingLastPathComponent()
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw DoseSumError(.io, "the output folder \(dir.path) does not exist", file: path)
        }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try data.write(to: tmp)
        } catch {
            try? fm.removeItem(at: tmp)
            throw DoseSumError(.io, "cannot write: \(error.localizedDescription)", file: path)
        }
        if rename(tmp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: tmp)
            throw DoseSumError(.io, "cannot move the finished file into place: \(reason)", file: path)
        }
    }

    public static func write(_ text: String, to path: String, overwrite: Bool) throws {
        try write(Data(text.utf8), to: path, overwrite: overwrite)
    }

    /// Creates a folder (and parents) for outputs; fine when it exists.
    public static func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw DoseSumError(.io, "cannot create the folder: \(error.localizedDescription)", file: path)
        }
    }
}
