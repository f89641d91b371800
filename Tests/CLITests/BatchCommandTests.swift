import Foundation
import Testing
import TestSupport
import DoseSumKit
import TestSupport

/// `dosesum batch` and `batch-merge` through the real executable: exit codes and messages.
@Suite(.serialized) struct BatchCommandTests {
    static let available = CLI.executable != nil
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func tempFolder() throws -> TemporaryFolder { try TemporaryFolder(prefix: "dosesum-batch-cli") }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func badManifestExits2BeforeAnythingRuns() throws {
        let tmp = try tempFolder(), dir = tmp.url
        defer { tmp.remove() }
        let manifest = dir.appendingPathComponent("m.csv")
        try "id,course1_dose,course2_dose,structures\np1,a.dcm,b.dcm,s.dcm\n".write(to: manifest, atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", manifest.path, "--out", dir.appendingPathComponent("out").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("m.csv") && r.stderr.contains("line 2") && r.stderr.contains("course1_fractions"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let shard = try CLI.run(["batch", manifest.path, "--shard", "3/2"])
        #expect(shard.status == 2 && shard.stderr.contains("--shard"))
    }

    /// The shipped example manifest: demo-001 is the demo case, demo-002's dose file does not exist.
    @Test(.requires(available && FileManager.default.fileExists(atPath: repo.appendingPathComponent("Fixtures/demo/rtstruct.dcm").path),
                   "the dosesum executable or Fixtures/demo is missing"))
    func exampleManifestGivesOneResultAndOneErrorRow() throws {
        let tmp = try tempFolder(), dir = tmp.url
        defer { tmp.remove() }
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(["batch", Self.repo.appendingPathComponent("Fixtures/batch/example.yaml").path, "--out", out, "--jobs", "2"])
        #expect(r.status == 2, "stderr: \(r.stderr)")
        // Not a terminal: one plain progress line per patient.
        #expect(r.stderr.contains("[1/2] ") && r.stderr.contains("[2/2] ") && !r.stderr.contains("\r"))
        let s = try BatchSummary.read(out + "/summary.json")
        #expect(s.patients.map(\.id) == ["demo-001", "demo-002 (dose file missing)"])
        #expect(s.patients[0].status != .error && s.patients[1].status == .error)
        #expect(s.patients[1].error?.contains("course1_rtdose_MISSING.dcm") == true)

        // batch-merge refuses an unsharded summary and writes nothing.
        let m = try CLI.run(["batch-merge", out + "/summary.json", "--output", dir.appendingPathComponent("merged.json").path])
        #expect(m.status == 2 && m.stderr.contains("not a shard summary"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("merged.json").path))
    }
}
