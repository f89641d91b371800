import DICOMIO
import Foundation
import Testing
import DoseSumKit
import TestSupport

/// Outputs through the real executable (issue 19, item 3; fuzz-repro cases P1, P4, P5, U6, U7): every
/// refusal happens before computing (nothing on stdout, nothing written, exit 2) and names the option
/// and the path; `--force` replaces only regular files; an interrupted run leaves no temporary.
@Suite(.serialized) struct OutputSafetyTests {
    static let available = CLI.executable != nil

    func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    /// An output folder of its own beside the demo case.
    func outFolder(_ f: DemoFolder) throws -> String {
        let path = f.out("out")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func p1AnHTMLReportInAMissingFolderWritesNoReportAtAll() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        let html = out + "/missing/p1.html"
        let r = try CLI.run(f.checkArguments(extra: ["--json", out + "/p1.json", "--csv", out + "/p1.csv", "--html", html]))
        #expect(r.status == 2)
        #expect(r.stderr.contains("--html") && r.stderr.contains(html) && r.stderr.contains("does not exist"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "refused before computing")
        #expect(try entries(out) == [])
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func p4AFIFOStaysAFIFOWithForce() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        let fifo = out + "/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        let r = try CLI.run(f.checkArguments(extra: ["--json", fifo, "--force"]))
        #expect(r.status == 2)
        #expect(r.stderr.contains("--json") && r.stderr.contains(fifo) && r.stderr.contains("FIFO"), "\(r.stderr)")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        #expect(try entries(out) == ["fifo"])
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func p5AnOutputOnAnInputIsRefusedWithForceAndTheInputIsUnchanged() throws {
        let f = try DemoFolder()
        let copy = f.out("rs_copy.dcm")
        try FileManager.default.copyItem(atPath: f.path(DemoCase.structures), toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        var args = f.checkArguments(extra: ["--json", copy, "--force"])
        args[args.firstIndex(of: "--structures")! + 1] = copy
        let r = try CLI.run(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--json") && r.stderr.contains(copy) && r.stderr.contains("input file"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
        // export: the output is course 2's dose.
        let dose = f.path(DemoCase.course2Dose)
        let doseBefore = try Data(contentsOf: URL(fileURLWithPath: dose))
        let e = try CLI.run(exportArguments(f, output: dose) + ["--force"])
        #expect(e.status == 2 && e.stderr.contains("--output") && e.stderr.contains("input file"), "\(e.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dose)) == doseBefore)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func u6TwoReportsOnOneFileAreRefusedNamingBoth() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        let same = out + "/same"
        let r = try CLI.run(f.checkArguments(extra: ["--json", same, "--csv", out + "/./same"]))
        #expect(r.status == 2)
        #expect(r.stderr.contains("--json and --csv name the same file") && r.stderr.contains(out), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try entries(out) == [])
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func u7AnEmptyOutputPathIsRefusedBeforeComputing() throws {
        let f = try DemoFolder()
        let r = try CLI.run(f.checkArguments(extra: ["--json", ""]))
        #expect(r.status == 2)
        #expect(r.stderr.contains("--json names an empty output path"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func aFolderIsNeverReplaced() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        try FileManager.default.createDirectory(atPath: out + "/dir", withIntermediateDirectories: false)
        let r = try CLI.run(f.checkArguments(extra: ["--html", out + "/dir", "--force"]))
        #expect(r.status == 2 && r.stderr.contains("--html") && r.stderr.contains("is a folder"), "\(r.stderr)")
        #expect(try entries(out) == ["dir"] && entries(out + "/dir") == [])
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func aDanglingLinkIsReplacedOnlyWithForce() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        let link = out + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: out + "/target.json")
        let refused = try CLI.run(f.checkArguments(extra: ["--json", link]))
        #expect(refused.status == 2 && refused.stderr.contains("dangling") && refused.stderr.contains(link), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        let forced = try CLI.run(f.checkArguments(extra: ["--json", link, "--force", "--absent", "A_Carotid_R"]))
        #expect(forced.status == 0, "\(forced.stderr)")
        var st = stat()
        #expect(lstat(link, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
        #expect(try entries(out) == ["link.json"], "the link's target is not created")
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func aDemoFixtureIsNeverWrittenOverAnExistingFileWithoutForce() throws {
        let f = try DemoFolder()
        let r = try CLI.run(["make-demo-fixture", f.url.appendingPathComponent("case").path])
        #expect(r.status == 2 && r.stderr.contains("exists already"), "\(r.stderr)")
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func batchBudgetAndMergeOutputsAreCheckedBeforeAnyWork() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // batch: --out is a regular file, not a folder.
        let notAFolder = out + "/plain"
        try "keep".write(toFile: notAFolder, atomically: false, encoding: .utf8)
        let b = try CLI.run(["batch", repo.appendingPathComponent("Fixtures/batch/example.csv").path, "--out", notAFolder, "--force"])
        #expect(b.status == 2 && b.stderr.contains(notAFolder) && b.stderr.contains("is not a folder"), "\(b.stderr)")
        #expect(try String(contentsOfFile: notAFolder, encoding: .utf8) == "keep")
        // batch-merge: the merged summary would be one of its shards.
        let shard = out + "/summary.shard-1-of-2.json"
        try "{}".write(toFile: shard, atomically: false, encoding: .utf8)
        let m = try CLI.run(["batch-merge", shard, "--output", shard, "--force"])
        #expect(m.status == 2 && m.stderr.contains("--output") && m.stderr.contains("input file"), "\(m.stderr)")
        #expect(try String(contentsOfFile: shard, encoding: .utf8) == "{}")
        // budget: --json on the structure set.
        let rs = f.path(DemoCase.structures)
        let before = try Data(contentsOf: URL(fileURLWithPath: rs))
        let g = try CLI.run(["budget", "--course1-dose", f.path(DemoCase.course1Dose), "--course1-fractions", "35",
                             "--structures", rs, "--course2-fractions", "30", "--json", rs, "--force"])
        #expect(g.status == 2 && g.stderr.contains("--json") && g.stderr.contains("input file"), "\(g.stderr)")
        #expect(g.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: rs)) == before)
    }

    // MARK: - Interrupted exports

    func exportArguments(_ f: DemoFolder, output: String) -> [String] {
        ["export", "--course1-dose", f.path(DemoCase.course1Dose), "--course1-fractions", "35",
         "--course2-dose", f.path(DemoCase.course2Dose), "--course2-fractions", "30",
         "--default-alpha-beta", "2", "--output", output]
    }

    /// Starts a large export (0.6 mm grid) into `out` and sends `signal` once `writing(pid)` is true;
    /// returns the exit status, or nil when the export finished before the write was seen.
    func interruptedExport(_ f: DemoFolder, out: String, signal: Int32, environment: [String: String] = [:],
                           writing: (pid_t) -> Bool) throws -> Int32? {
        let p = Process()
        p.executableURL = try #require(CLI.executable)
        p.arguments = exportArguments(f, output: out + "/big.dcm") + ["--grid", "0.6"]
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(240)
        var sent = false
        while p.isRunning && Date() < deadline {
            if writing(p.processIdentifier) { kill(p.processIdentifier, signal); sent = true; break }
            usleep(1000)
        }
        if !sent && p.isRunning { p.terminate() }
        p.waitUntilExit()
        return sent ? p.terminationStatus : nil
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"),
          arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func sigtermOrSigintDuringALargeExportLeavesNoTemporary(signal: Int32, expected: Int32) throws {
        let f = try DemoFolder(), out = try outFolder(f)
        // Named temporaries (the fallback), so the test can see the write begin and the handler remove it.
        let status = try interruptedExport(f, out: out, signal: signal, environment: ["DOSESUM_NAMED_TEMPORARIES": "1"]) { _ in
            ((try? entries(out)) ?? []).contains { $0.contains(".dosesum-tmp-") }
        }
        #expect(status == expected, "signal \(signal) exits \(expected) (nil: the write was never seen)")
        #expect(try entries(out) == [])
    }

    #if os(Linux)
    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func sigkillDuringALargeExportLeavesNothingVisible() throws {
        let f = try DemoFolder(), out = try outFolder(f)
        // The anonymous temporary shows in /proc/PID/fd as "OUT/#NNN (deleted)" while it is written.
        let status = try interruptedExport(f, out: out, signal: SIGKILL) { pid in
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            return fds.contains { fd in
                ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")) ?? "").hasPrefix(out + "/#")
            }
        }
        #expect(status != nil, "the write was never seen")
        #expect(try entries(out) == [])
    }
    #endif
}
