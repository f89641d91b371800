import Foundation
import Testing
import DoseSumKit
import Reports
import RTCore
import TestSupport

/// Provenance in every check report, against values known without DoseSum: each input file's
/// SHA-256 from coreutils' `sha256sum` and its size from the file system, the arguments the test
/// passed, and the commit `git rev-parse HEAD` names.
@Suite(.serialized) struct ProvenanceTests {
    static let available = CLI.executable != nil
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `sha256sum FILE` (coreutils), lower-case hex.
    static func sha256sum(_ path: String) throws -> String {
        String(try Subprocess.run(["sha256sum", path]).stdout.prefix(64))
    }

    @Test(.requires(available, "the dosesum executable was not built beside the tests"))
    func everyReportNamesItsInputsWithTheirSHA256() throws {
        let f = try DemoFolder()
        let protocolFile = f.out("my limits.yaml")  // a space: quoted in `command`
        try """
            id: test-limits
            title: Test limits
            citation: written by the test
            constraints:
              - {organ: BrainStem, metric: D0.03cc, level: desirable, comparator: "<=", limit_gy: 500, priority: 1}
            """.write(toFile: protocolFile, atomically: true, encoding: .utf8)
        let args = ["check", "--course1-dose", f.path(DemoCase.course1Dose), "--course1-plan", f.path(DemoCase.course1Plan),
                    "--course2-dose", f.path(DemoCase.course2Dose), "--course2-fractions", "30",
                    "--structures", f.path(DemoCase.structures), "--protocol", protocolFile,
                    "--json", f.out("check.json"), "--csv", f.out("check.csv"), "--html", f.out("report.html")]
        let r = try CLI.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        let expectedFiles: [(String, String)] = [
            ("course1_dose", f.path(DemoCase.course1Dose)), ("course1_plan", f.path(DemoCase.course1Plan)),
            ("course2_dose", f.path(DemoCase.course2Dose)), ("structure_set", f.path(DemoCase.structures)),
            ("constraint_set", protocolFile),
        ]
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.out("check.json")))) as? [String: Any])
        let p = try #require(root["provenance"] as? [String: Any])
        let files = try #require(p["files"] as? [[String: Any]])
        #expect(files.map { $0["role"] as? String } == expectedFiles.map(\.0))
        #expect(files.map { $0["path"] as? String } == expectedFiles.map(\.1))
        for (file, (_, path)) in zip(files, expectedFiles) {
            #expect(file["sha256"] as? String == (try Self.sha256sum(path)), "\(path)")
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            #expect(file["bytes"] as? Int == size, "\(path)")
        }
        let commandLine = try #require(p["command_line"] as? [String])
        #expect(Array(commandLine.dropFirst()) == args)
        #expect((p["command"] as? String)?.contains(" --protocol '\(protocolFile)' --json ") == true)
        #expect(p["dosesum_version"] as? String == DoseSumVersion.string)
        if FileManager.default.fileExists(atPath: Self.repo.appendingPathComponent(".git").path),
           let head = try? Self.git(["rev-parse", "HEAD"]) {
            let revision = try #require(p["source_revision"] as? [String: Any])
            #expect(revision["commit"] as? String == head)
        }
        // CSV: `# key: value` lines, then the header row unchanged.
        let csv = try String(contentsOfFile: f.out("check.csv"), encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n")
        let comments = lines.prefix { $0.hasPrefix("#") }
        #expect(lines[comments.count] == CSVReportRenderer.header.joined(separator: ","))
        for file in files {
            #expect(comments.contains("# sha256 \(file["role"] as! String): \(file["sha256"] as! String) \(file["path"] as! String)"))
        }
        #expect(comments.contains { $0.hasPrefix("# dcmtk_version: 3.") })
        // HTML: every hash and the blank sign-off block.
        let html = try String(contentsOfFile: f.out("report.html"), encoding: .utf8)
        for file in files { #expect(html.contains(file["sha256"] as! String)) }
        #expect(html.contains("<th>Checked by</th>") && html.contains("<th>Approved by</th>"))
        // Text: one short footer line.
        #expect(r.stdout.contains("DCMTK 3.") && r.stdout.contains("SHA-256 of 5 input file(s)"))
    }

    static func git(_ args: [String]) throws -> String {
        let r = try Subprocess.run(["git", "-C", repo.path] + args)
        guard r.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// FIPS 180-2 test vectors ("abc", the empty message) and a 3.5 MiB file that spans several read
    /// chunks against coreutils' `sha256sum`; an unreadable file is an `.io` error naming it.
    @Test func sha256OfFilesMatchesKnownDigests() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let abc = dir.appendingPathComponent("abc").path, empty = dir.appendingPathComponent("empty").path
        let big = dir.appendingPathComponent("big").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: abc))
        try Data().write(to: URL(fileURLWithPath: empty))
        try Data((0..<(3 * 1_048_576 + 524_288)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }).write(to: URL(fileURLWithPath: big))
        let p = try ProvenanceCollector.collect([.init(role: "a", path: abc), .init(role: "e", path: empty), .init(role: "b", path: big)],
                                                commandLine: ["dosesum"], now: Date(timeIntervalSince1970: 0))
        #expect(p.files.map(\.sha256) == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                                          try Self.sha256sum(big)])
        #expect(p.files.map(\.bytes) == [3, 0, 3 * 1_048_576 + 524_288])
        #expect(p.dateUTC == "1970-01-01T00:00:00Z")
        let missing = dir.appendingPathComponent("missing.dcm").path
        let error = #expect(throws: DoseSumError.self) {
            try ProvenanceCollector.collect([.init(role: "course1_dose", path: missing)], commandLine: [], now: Date())
        }
        #expect(error?.kind == .io && error?.file == missing)
    }

    /// Shell quoting: plain words stay, others are single-quoted with inner quotes escaped.
    @Test func shellQuotingRoundTripsThroughAShell() throws {
        let words = ["dosesum", "--map", "SPINAL CORD=SpinalCord", "it's", "", "a$b", "plain/path.dcm"]
        #expect(ShellQuoting.join(words) == #"dosesum --map 'SPINAL CORD=SpinalCord' 'it'\''s' '' 'a$b' plain/path.dcm"#)
        let text = try Subprocess.run(["sh", "-c", "for a in " + ShellQuoting.join(words) + "; do printf '%s\\n' \"$a\"; done"]).stdout
        #expect(text == words.map { $0 + "\n" }.joined())
    }
}
