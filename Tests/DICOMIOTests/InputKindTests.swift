import DICOMIO
import Foundation
import RTCore
import Testing
import TestSupport

/// Issue 19: an input that is not a regular file is named with what it is, in words — not "empty
/// (0 bytes)" for a FIFO, device or /proc file, nor "no such file" for a symbolic-link loop.
@Suite("Input file kinds")
struct InputKindTests {
    func message(_ path: String) -> String {
        do { _ = try DICOMReader.readDose(at: path); return "accepted" } catch { return "\(error)" }
    }

    @Test func fifoDeviceProcLoopDanglingAndDirectoryAreNamed() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-dicomio"), dir = tmp.path
        defer { tmp.remove() }
        let fifo = dir + "/pipe.dcm"
        #expect(mkfifo(fifo, 0o600) == 0)
        let loopA = dir + "/a.dcm", loopB = dir + "/b.dcm"
        try FileManager.default.createSymbolicLink(atPath: loopA, withDestinationPath: loopB)
        try FileManager.default.createSymbolicLink(atPath: loopB, withDestinationPath: loopA)
        let dangling = dir + "/dangling.dcm"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: dir + "/gone.dcm")
        let cases: [(String, String)] = [
            (fifo, "is a FIFO"), ("/dev/zero", "is a device"), ("/proc/self/status", "kernel pseudo-file"),
            (loopA, "symbolic link that loops"), (dangling, "symbolic link to a file that does not exist"),
            (dir, "is a directory"), (dir + "/nothere.dcm", "no such file"),
        ]
        for (path, words) in cases {
            let m = message(path)
            #expect(m.hasPrefix(path + ": ") && m.contains(words), "\(path): \(m)")
        }
    }
}
