import Foundation
import Testing
import DoseSumKit
import TestSupport

/// End-to-end behaviour of `dosesum check` through the real executable: exit codes, reports, the
/// `--force` rule and clear errors for bad input.
@Suite(.serialized) struct CheckCommandTests {
    static let available = CLI.executable != nil

    /// A user constraint set with one brain-stem D0.03cc limit.
    func writeProtocol(_ folder: DemoFolder, limit: Double, name: String = "limits.yaml", key: String = "limit_gy") throws -> String {
        let yaml = """
            id: test-set
            title: Test limits
            citation: written by the test
            constraints:
              - {organ: BrainStem, metric: D0.03cc, level: desirable, comparator: "<=", \(key): \(limit), priority: 1}
            """
        let path = folder.out(name)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func exitCodeFollowsTheVerdict() throws {
        let folder = try DemoFolder()
        // The demo brain stem's composite D0.03cc is about 54 Gy EQD2 (analytic phantom: course 1's
        // 62 Gy plateau edge at the brain stem's front); 10 Gy must be exceeded, 500 Gy cannot be.
        let low = try CLI.run(folder.checkArguments(extra: ["--protocol", try writeProtocol(folder, limit: 10, name: "low.yaml")]))
        #expect(low.status == 1, "stderr: \(low.stderr)")
        #expect(low.stdout.contains("EXCEEDS"))
        let high = try CLI.run(folder.checkArguments(extra: ["--protocol", try writeProtocol(folder, limit: 500, name: "high.yaml")]))
        #expect(high.status == 0, "stderr: \(high.stderr)")
        #expect(high.stdout.contains("WITHIN"))
    }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func writesReportsAndNeverOverwritesWithoutForce() throws {
        let folder = try DemoFolder()
        let json = folder.out("c.json"), csv = folder.out("c.csv"), html = folder.out("c.html")
        // The demo phantom has no right carotid: declared absent, the NPC-2021 check is complete.
        let args = folder.checkArguments(extra: ["--json", json, "--csv", csv, "--html", html, "--absent", "A_Carotid_R"])
        let first = try CLI.run(args)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(doc["schema"] as? String == "dosesum.check/2")
        #expect(doc["status"] as? String == "within" && doc["absent_organs"] as? [String] == ["A_Carotid_R"])
        let rois = try #require(doc["rois"] as? [[String: Any]])
        #expect(rois.count == 8)
        for roi in rois {
            for key in ["name", "organ", "alpha_beta_gy", "volume_cc", "course1", "course2", "composite", "verdicts"] {
                #expect(roi[key] != nil, "ROI item lacks \(key)")
            }
        }
        let html1 = try String(contentsOfFile: html, encoding: .utf8)
        #expect(html1.contains("<svg"))
        // A second run without --force refuses before computing and leaves the files as they were.
        let before = try Data(contentsOf: URL(fileURLWithPath: json))
        let second = try CLI.run(args)
        #expect(second.status == 2)
        #expect(second.stderr.contains("exists already"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: json)) == before)
        let forced = try CLI.run(args + ["--force"])
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        // No temporary files are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func badInputGetsAClearErrorAndExitCode2() throws {
        let folder = try DemoFolder()
        let c1 = folder.path(DemoCase.course1Dose), c2 = folder.path(DemoCase.course2Dose), rs = folder.path(DemoCase.structures)
        // Missing fractions.
        let noFx = try CLI.run(["check", "--course1-dose", c1, "--course2-dose", c2, "--course2-fractions", "30", "--structures", rs])
        #expect(noFx.status == 2)
        #expect(noFx.stderr.contains("--course1-fractions"))
        // Unknown protocol.
        let unknown = try CLI.run(folder.checkArguments(extra: ["--protocol", "npc-2099"]))
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("npc-2099"))
        // --map naming an ROI the structure set does not have.
        let badMap = try CLI.run(folder.checkArguments(extra: ["--map", "NoSuchROI=BrainStem"]))
        #expect(badMap.status == 2)
        #expect(badMap.stderr.contains("NoSuchROI"))
        // A YAML constraint set with a typo in a key.
        let typo = try CLI.run(folder.checkArguments(extra: ["--protocol", try writeProtocol(folder, limit: 50, key: "limit_gyy")]))
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("limit_gyy"))
        // A structure set given where a dose is expected names the file and the modality.
        let wrong = try CLI.run(["check", "--course1-dose", rs, "--course1-fractions", "35", "--course2-dose", c2,
                                 "--course2-fractions", "30", "--structures", rs])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains(rs))
        #expect(wrong.stderr.contains("Modality"))
        // Not a DICOM file.
        let text = folder.out("notes.txt")
        try "not dicom".write(toFile: text, atomically: true, encoding: .utf8)
        let notDicom = try CLI.run(["check", "--course1-dose", text, "--course1-fractions", "35", "--course2-dose", c2,
                                    "--course2-fractions", "30", "--structures", rs])
        #expect(notDicom.status == 2)
        #expect(notDicom.stderr.contains(text))
        // Zero fractions and an α/β for an ROI that does not exist.
        #expect(try CLI.run(folder.checkArguments(extra: []).map { $0 == "35" ? "0" : $0 }).status == 2)
        let abTypo = try CLI.run(folder.checkArguments(extra: ["--alpha-beta", "BrainStam=2"]))
        #expect(abTypo.status == 2)
        #expect(abTypo.stderr.contains("BrainStam"))
        // Two different frames of reference without a registration.
        // (covered in RadiobiologyTests at the library level; here the matrix option must parse.)
        let badMatrix = try CLI.run(folder.checkArguments(extra: ["--matrix", "1,0,0"]))
        #expect(badMatrix.status == 2)
        #expect(badMatrix.stderr.contains("16 numbers"))
    }
}
