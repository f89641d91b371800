import Foundation
import Testing
@testable import OutputFiles
import RTCore
import TestSupport

/// The one atomic writer: what it replaces, what it refuses, and that it never leaves a temporary.
/// Known answers: the bytes read back are the bytes given; a folder holds exactly the files named.
@Suite struct AtomicFileWriterTests {
    func entries(_ tmp: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted()
    }

    @Test func writesTheBytesAndNothingElse() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        try AtomicFileWriter.write("hello\n", to: tmp.file("a.txt"), overwrite: false)
        #expect(try String(contentsOfFile: tmp.file("a.txt"), encoding: .utf8) == "hello\n")
        #expect(try entries(tmp) == ["a.txt"])
        #expect(TemporaryFileRegistry.shared.inFlight.isEmpty)
    }

    @Test func refusesAnExistingFileWithoutOverwriteAndReplacesItWith() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        try "old".write(toFile: tmp.file("a.txt"), atomically: false, encoding: .utf8)
        #expect(throws: DoseSumError.self) { try AtomicFileWriter.write("new", to: tmp.file("a.txt"), overwrite: false) }
        #expect(try String(contentsOfFile: tmp.file("a.txt"), encoding: .utf8) == "old")
        try AtomicFileWriter.write("new", to: tmp.file("a.txt"), overwrite: true)
        #expect(try String(contentsOfFile: tmp.file("a.txt"), encoding: .utf8) == "new")
        #expect(try entries(tmp) == ["a.txt"])
    }

    @Test func neverReplacesAFIFOOrAFolderEvenWithOverwrite() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        #expect(mkfifo(tmp.file("fifo"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: tmp.file("dir"), withIntermediateDirectories: false)
        for name in ["fifo", "dir"] {
            let error = #expect(throws: DoseSumError.self) { try AtomicFileWriter.write("x", to: tmp.file(name), overwrite: true) }
            #expect(error?.file == tmp.file(name))
        }
        #expect(OutputNode(at: tmp.file("fifo")) == .special("a FIFO (named pipe)"))
        #expect(OutputNode(at: tmp.file("dir")) == .directory)
        #expect(try entries(tmp) == ["dir", "fifo"])
    }

    @Test func aDanglingLinkIsReplacedOnlyWithOverwriteAndItsTargetIsNotCreated() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        try FileManager.default.createSymbolicLink(atPath: tmp.file("link"), withDestinationPath: tmp.file("target"))
        let error = #expect(throws: DoseSumError.self) { try AtomicFileWriter.write("x", to: tmp.file("link"), overwrite: false) }
        #expect(error?.message.contains("dangling") == true)
        try AtomicFileWriter.write("x", to: tmp.file("link"), overwrite: true)
        #expect(OutputNode(at: tmp.file("link")) == .regularFile)
        #expect(try entries(tmp) == ["link"])
    }

    @Test func aSetIsAllOrNothingWhenOneFolderIsMissing() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        #expect(throws: DoseSumError.self) {
            try AtomicFileWriter.writeAll([.init(path: tmp.file("a.json"), text: "a"), .init(path: tmp.file("b.csv"), text: "b"),
                                           .init(path: tmp.file("missing/c.html"), text: "c")], overwrite: false)
        }
        #expect(try entries(tmp) == [])
    }

    @Test func aSetWhoseLastNameIsTakenRemovesTheOnesItNamed() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        try "keep".write(toFile: tmp.file("c.html"), atomically: false, encoding: .utf8)
        #expect(throws: DoseSumError.self) {
            try AtomicFileWriter.writeAll([.init(path: tmp.file("a.json"), text: "a"), .init(path: tmp.file("c.html"), text: "c")],
                                          overwrite: false)
        }
        #expect(try entries(tmp) == ["c.html"])
        #expect(try String(contentsOfFile: tmp.file("c.html"), encoding: .utf8) == "keep")
    }

    @Test func aPathOnlyWriterWritesThroughTheTemporary() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        var seen = ""
        try AtomicFileWriter.write(to: tmp.file("d.dcm"), overwrite: false) { path in
            seen = path
            #expect(path != tmp.file("d.dcm"))
            try Data("DICM".utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(!seen.isEmpty)
        #expect(try String(contentsOfFile: tmp.file("d.dcm"), encoding: .utf8) == "DICM")
        #expect(try entries(tmp) == ["d.dcm"])
    }

    #if os(Linux)
    @Test func onLinuxTheTemporaryHasNoNameWhileItIsWritten() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        try AtomicFileWriter.write(to: tmp.file("e.dcm"), overwrite: false) { path in
            #expect(path.hasPrefix("/proc/self/fd/"))
            #expect(try entries(tmp) == [])  // nothing to be left behind by a SIGKILL now
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(try entries(tmp) == ["e.dcm"])
    }
    #endif

    @Test func namedTemporariesAreRegisteredAndRemovedByTheRegistry() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        let registry = TemporaryFileRegistry()
        let staged = try StagedFile(for: tmp.file("f.json"), registry: registry, allowAnonymous: false)
        try staged.write(Data("partial".utf8))
        #expect(registry.inFlight.count == 1)
        #expect(try entries(tmp).count == 1 && entries(tmp)[0].hasPrefix(".f.json.dosesum-tmp-"))
        #expect(registry.removeAll() == 1)
        #expect(try entries(tmp) == [])
        #expect(throws: DoseSumError.self) { _ = try StagedFile(for: tmp.file("g.json"), registry: registry, allowAnonymous: false) }
        staged.discard()
    }

    @Test func staleTemporariesOfADeadProcessAreRemovedByTheNextWrite() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        // PIDs never exceed 2^22 on Linux, so this process cannot be running.
        let stale = ".h.json" + StagedFile.temporaryMarker + "4194399-abcd"
        let other = ".other.json" + StagedFile.temporaryMarker + "4194399-abcd"
        for name in [stale, other] { try "half".write(toFile: tmp.file(name), atomically: false, encoding: .utf8) }
        try AtomicFileWriter.write("whole", to: tmp.file("h.json"), overwrite: false)
        #expect(try entries(tmp) == [other, "h.json"].sorted())
    }

    @Test func namedFallbackCommitsWithoutAndWithOverwrite() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-output")
        for (text, overwrite) in [("one", false), ("two", true)] {
            let staged = try StagedFile(for: tmp.file("i.json"), allowAnonymous: false)
            try staged.write(Data(text.utf8))
            try staged.sync()
            try staged.commit(overwrite: overwrite, forceHint: "test")
            #expect(try String(contentsOfFile: tmp.file("i.json"), encoding: .utf8) == text)
            #expect(try entries(tmp) == ["i.json"])
        }
    }
}
