import Foundation
import Testing
import DoseSumKit
import TestSupport

/// Real outputs of the built `dosesum` validated against the JSON Schemas in `Schemas/` by an
/// independent validator (Python `jsonschema`, run by `scripts/validate_json.py`), and the schemas
/// shown to be strict: a document with an unknown key, a status outside the enumeration or a missing
/// required field is refused.
@Suite(.serialized) struct SchemaValidationTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let available = CLI.executable != nil && SharedRequirement.pythonHas("jsonschema, referencing")
    static let needs = "the dosesum executable or python3 with jsonschema is missing"

    /// Runs `scripts/validate_json.py` on the files; its exit status and output.
    static func validate(_ paths: [String], schema: String? = nil) throws -> (status: Int32, output: String) {
        let r = try Subprocess.run(["python3", repo.appendingPathComponent("scripts/validate_json.py").path]
                                   + (schema.map { ["--schema", $0] } ?? []) + paths, mergeStderr: true)
        return (r.status, r.stdout)
    }

    static func expectValid(_ paths: [String], _ comment: String) throws {
        let r = try validate(paths)
        #expect(r.status == 0, "\(comment): \(r.output)")
    }

    /// Writes a command's standard output (a JSON document) to `path`.
    static func runToFile(_ arguments: [String], _ path: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.stderr)")
        try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test(.requires(available, needs))
    func demoCheckReportValidates() throws {
        let f = try DemoFolder()
        let plain = f.out("check.json"), withPlans = f.out("plans.json")
        let r = try CLI.run(f.checkArguments(extra: ["--json", plain]))
        #expect([0, 1, 3].contains(r.status), "\(r.stderr)")  // within, exceeds or incomplete: the verdict is not the point
        let p = try CLI.run(["check", "--course1-dose", f.path(DemoCase.course1Dose), "--course1-plan", f.path(DemoCase.course1Plan),
                             "--course2-dose", f.path(DemoCase.course2Dose), "--course2-plan", f.path(DemoCase.course2Plan),
                             "--structures", f.path(DemoCase.structures), "--protocol", "ars-2022-care-carbon",
                             "--interval-months", "30", "--json", withPlans])
        #expect([0, 1, 3].contains(p.status), "\(p.stderr)")
        try Self.expectValid([plain, withPlans], "demo check")
    }

    @Test(.requires(available, needs))
    func metricsAndInspectOfTheDemoValidate() throws {
        let f = try DemoFolder()
        try Self.runToFile(["metrics", "--json", "--dose", f.path(DemoCase.course1Dose), "--structures", f.path(DemoCase.structures)],
                           f.out("metrics.json"))
        try Self.runToFile(["inspect", "--json"] + [DemoCase.course1Dose, DemoCase.course1Plan, DemoCase.course2Dose,
                                                   DemoCase.course2Plan, DemoCase.structures].map(f.path), f.out("inspect.json"))
        try Self.expectValid([f.out("metrics.json"), f.out("inspect.json")], "demo metrics/inspect")
    }

    static let publicRoot = SharedRequirement.sharedRoot.appendingPathComponent("data/public")
    /// A few real files of several vendors and syntaxes, every modality.
    static let publicFiles = [
        "dicompyler-breast-eclipse/rtdose.dcm", "dicompyler-breast-eclipse/rtplan.dcm", "dicompyler-breast-eclipse/rtss.dcm",
        "hn-cetuximab-monaco-proknow/RD.dcm", "hn-cetuximab-monaco-proknow/RP.dcm", "hn-cetuximab-monaco-proknow/RS.dcm",
        "pydicom-rt-syntax-variants/rtdose_rle.dcm", "pydicom-rt-syntax-variants/rtdose_expb_1frame.dcm",
        "pymedphys-dose-variants/RD.DICOMORIENT.Dose_HFP_empty.dcm", "pymedphys-dose-variants/RD.Pinnacle16.dcm",
    ]

    @Test(.requires(available && SharedRequirement.sharedExists("data/public"), "\(needs), or ../shared/data/public is absent"))
    func inspectAndMetricsOfPublicFilesValidate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = Self.publicFiles.map { Self.publicRoot.appendingPathComponent($0).path }
        let inspect = dir.appendingPathComponent("inspect.json").path
        try Self.runToFile(["inspect", "--json"] + files, inspect)
        let metrics = dir.appendingPathComponent("metrics.json").path
        let breast = Self.publicRoot.appendingPathComponent("dicompyler-breast-eclipse")
        try Self.runToFile(["metrics", "--json", "--dose", breast.appendingPathComponent("rtdose.dcm").path,
                            "--structures", breast.appendingPathComponent("rtss.dcm").path], metrics)
        try Self.expectValid([inspect, metrics], "public files")
    }

    @Test(.requires(available, needs))
    func batchSummaryWithAnErrorRowAndItsReportsValidate() throws {
        let f = try DemoFolder()
        let csv = """
            id,course1_dose,course1_fractions,course2_dose,course2_fractions,structures
            good,case/\(DemoCase.course1Dose),35,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures)
            bad,case/no-such-dose.dcm,35,case/\(DemoCase.course2Dose),30,case/\(DemoCase.structures)
            """
        try csv.write(toFile: f.out("manifest.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["batch", f.out("manifest.csv"), "--out", f.out("out"), "--jobs", "1"])
        #expect(r.status == 2, "an error row makes the batch exit 2: \(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.out("out/summary.json")))) as? [String: Any])
        let statuses = (summary["patients"] as? [[String: Any]])?.map { $0["status"] as? String }
        #expect(statuses?.contains("error") == true)
        let provenance = summary["provenance"] as? [String: Any]
        let manifestFile = (provenance?["files"] as? [[String: Any]])?.first
        #expect(manifestFile?["role"] as? String == "manifest" && manifestFile?["path"] as? String == f.out("manifest.csv"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.out("out/good/check.json")))) as? [String: Any])
        let reportCommand = (report["provenance"] as? [String: Any])?["command_line"] as? [String]
        #expect(Array(reportCommand?.dropFirst() ?? []) == ["batch", f.out("manifest.csv"), "--out", f.out("out"), "--jobs", "1"],
                "each patient's report names the batch command")
        try Self.expectValid([f.out("out/summary.json"), f.out("out/good/check.json")], "batch")
    }

    /// The `small` and `clinical` peer cases (`../shared/peers/gen_cases.py`, a few seconds; `large`
    /// takes about 40 s and 300 MB, so it is left out) checked with their case.json fractions and α/β.
    @Test(.requires(available && SharedRequirement.sharedExists("peers/gen_cases.py") && SharedRequirement.pythonHas("numpy, scipy, pydicom, skimage"),
                    "\(needs), or ../shared/peers or python3 with numpy, scipy, pydicom and scikit-image is missing"))
    func peerCaseChecksValidate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-peers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let generator = SharedRequirement.sharedRoot.appendingPathComponent("peers/gen_cases.py").path
        let gen = try Subprocess.run(["python3", generator, "--out-dir", dir.path, "--cases", "small,clinical"], mergeStderr: true)
        try #require(gen.status == 0, "gen_cases.py: \(gen.stdout)")
        var reports: [String] = []
        for name in ["small", "clinical"] {
            let c = dir.appendingPathComponent(name)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: c.appendingPathComponent("case.json"))) as? [String: Any])
            let fx = try #require(json["fractions"] as? [String: Int])
            let ab = try #require(json["alpha_beta"] as? [String: Double])
            let out = c.appendingPathComponent("check.json").path
            let r = try CLI.run(["check", "--course1-dose", c.appendingPathComponent("dose_course1.dcm").path,
                                 "--course1-fractions", String(try #require(fx["course1"])),
                                 "--course2-dose", c.appendingPathComponent("dose_course2.dcm").path,
                                 "--course2-fractions", String(try #require(fx["course2"])),
                                 "--structures", c.appendingPathComponent("rtstruct.dcm").path, "--json", out]
                                + ab.sorted { $0.key < $1.key }.flatMap { ["--alpha-beta", "\($0.key)=\($0.value)"] })
            #expect([0, 1, 3].contains(r.status), "\(name): \(r.stderr)")
            reports.append(out)
        }
        try Self.expectValid(reports, "peer cases")
    }

    /// The schemas catch drift: each mutation of a valid demo report is refused.
    @Test(.requires(available, needs))
    func schemasRefuseDrift() throws {
        let f = try DemoFolder()
        let r = try CLI.run(f.checkArguments(extra: ["--json", f.out("check.json")]))
        #expect([0, 1, 3].contains(r.status), "\(r.stderr)")  // within, exceeds or incomplete: the verdict is not the point
        let data = try Data(contentsOf: URL(fileURLWithPath: f.out("check.json")))
        let mutations: [(String, (inout [String: Any]) -> Void)] = [
            ("unknown top-level key", { $0["surprise"] = 1 }),
            ("missing provenance", { $0["provenance"] = nil }),
            ("older schema id", { $0["schema"] = "dosesum.check/1" }),
            ("unknown verdict status", { root in
                var verdicts = root["verdicts"] as! [[String: Any]]
                verdicts[0]["status"] = "fine"
                root["verdicts"] = verdicts
            }),
            ("unknown verdict key", { root in
                var verdicts = root["verdicts"] as! [[String: Any]]
                verdicts[0]["colour"] = "green"
                root["verdicts"] = verdicts
            }),
            ("hash that is not SHA-256", { root in
                var p = root["provenance"] as! [String: Any]
                var files = p["files"] as! [[String: Any]]
                files[0]["sha256"] = "abc"
                p["files"] = files
                root["provenance"] = p
            }),
        ]
        for (name, mutate) in mutations {
            var root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            mutate(&root)
            let path = f.out("mutated.json")
            try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: path))
            let v = try Self.validate([path], schema: "check/2")
            #expect(v.status == 1, "\(name) must be invalid: \(v.output)")
        }
    }
}
