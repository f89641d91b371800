import Foundation
import RTCore

/// The one private folder a fuzz process writes its inputs to (the readers take paths), removed at exit.
enum FuzzScratch {
    nonisolated(unsafe) static var folder: String?

    /// Writes `bytes` to `name` inside the process's folder and returns its path.
    static func write(_ bytes: UnsafeRawBufferPointer, name: String) throws -> String {
        let dir = try prepareFolder()
        let path = dir + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw DoseSumError(.io, "fuzz scratch: cannot write", file: path)
        }
        return path
    }

    static func prepareFolder() throws -> String {
        if let folder { return folder }
        let dir = NSTemporaryDirectory() + "dosesum-fuzz-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        folder = dir
        atexit { FuzzScratch.remove() }
        return dir
    }

    static func remove() {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
