import Foundation
import Testing
import OutputFiles
import RTCore
import TestSupport

/// The output check done before any work: each refusal names the option (label) and the path.
@Suite struct OutputPlanTests {
    func refusal(_ plan: OutputPlan) -> DoseSumError? {
        do { try plan.check(); return nil } catch { return error as? DoseSumError }
    }

    @Test func anEmptyPathIsRefusedNamingTheOption() {
        let e = refusal(OutputPlan(outputs: [.init(label: "--json", path: "")], overwrite: true))
        #expect(e?.description.contains("--json") == true && e?.description.contains("empty") == true)
    }

    @Test func aMissingFolderIsRefusedUnlessTheRunCreatesIt() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-plan")
        let path = tmp.file("missing/deeper/r.html")
        let e = refusal(OutputPlan(outputs: [.init(label: "--html", path: path)], overwrite: false))
        #expect(e?.file == path && e?.message.contains("--html") == true && e?.message.contains("does not exist") == true)
        #expect(refusal(OutputPlan(outputs: [.init(label: "--out", path: path)], overwrite: false, createsFolders: true)) == nil)
    }

    @Test func twoOutputsOnOneFileAreRefusedAfterResolvingDotDotAndLinks() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-plan")
        try FileManager.default.createDirectory(atPath: tmp.file("sub"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: tmp.file("alias"), withDestinationPath: tmp.file("sub"))
        for other in [tmp.file("sub/../sub/r.out"), tmp.file("alias/r.out")] {
            let e = refusal(OutputPlan(outputs: [.init(label: "--json", path: tmp.file("sub/r.out")),
                                                 .init(label: "--csv", path: other)], overwrite: true))
            #expect(e?.message.contains("--json and --csv name the same file") == true)
        }
        #expect(refusal(OutputPlan(outputs: [.init(label: "--json", path: tmp.file("sub/a")),
                                             .init(label: "--csv", path: tmp.file("sub/b"))], overwrite: true)) == nil)
    }

    @Test func anInputIsNeverAnOutputEvenWithOverwriteOrThroughALinkOrHardLink() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-plan")
        let input = tmp.file("rs.dcm")
        try "input".write(toFile: input, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: tmp.file("soft"), withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: tmp.file("hard"))
        try FileManager.default.createDirectory(atPath: tmp.file("x"), withIntermediateDirectories: false)
        for path in [input, tmp.file("soft"), tmp.file("hard"), tmp.file("./x/../rs.dcm")] {
            let e = refusal(OutputPlan(outputs: [.init(label: "--json", path: path)], inputs: [input], overwrite: true))
            #expect(e?.message.contains("input file") == true, "\(path)")
        }
    }

    @Test func onlyARegularFileOrALinkIsEverReplaced() throws {
        let tmp = try TemporaryFolder(prefix: "dosesum-plan")
        #expect(mkfifo(tmp.file("fifo"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: tmp.file("dir"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: tmp.file("dangling"), withDestinationPath: tmp.file("nowhere"))
        try "x".write(toFile: tmp.file("file"), atomically: false, encoding: .utf8)
        func check(_ name: String, _ overwrite: Bool) -> DoseSumError? {
            refusal(OutputPlan(outputs: [.init(label: "--json", path: tmp.file(name))], overwrite: overwrite))
        }
        #expect(check("fifo", true)?.message.contains("FIFO") == true)
        #expect(check("dir", true)?.message.contains("folder") == true)
        #expect(check("dangling", false)?.message.contains("dangling") == true)
        #expect(check("dangling", true) == nil)
        #expect(check("file", false)?.message.contains("exists already") == true)
        #expect(check("file", true) == nil)
        #expect(refusal(OutputPlan(outputs: [.init(label: "--json", path: "/dev/null")], overwrite: true)) != nil)
    }

    @Test func anUnwritableFolderIsRefused() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let tmp = try TemporaryFolder(prefix: "dosesum-plan")
        try FileManager.default.createDirectory(atPath: tmp.file("ro"), withIntermediateDirectories: false)
        chmod(tmp.file("ro"), 0o555)
        defer { chmod(tmp.file("ro"), 0o755) }
        #expect(refusal(OutputPlan(outputs: [.init(label: "--csv", path: tmp.file("ro/a.csv"))], overwrite: false))?
            .message.contains("not writable") == true)
    }
}
