import DICOMIO
import DoseSumKit
import Foundation
import Grids
import Reports
import RTCore
import RTModel
import Testing
import TestSupport

/// A thoracic uniform-dose phantom: course 1 66 Gy in 30 fractions (2.2 Gy each), course 2 30 Gy in
/// 10 (3 Gy each), everywhere on a grid x, y, z ∈ [−20, 20] mm. ROIs (cylinders along z, contours
/// every 2 mm from z = −4 to 4): `Esophagus`, `HEART`, `SPINAL CORD2`, `PRV_Esophagus`, `Ring_HEART`.
/// By hand, EQD2 = D·(d + α/β)/(2 + α/β):
/// - α/β 3: 66·5.2/5 = 68.64 and 30·6/5 = 36, sum 104.64 Gy;
/// - α/β 2.5: 66·4.7/4.5 = 68.9333… and 30·5.5/4.5 = 36.6667…, sum 105.6 Gy.
struct ThoraxPhantom {
    let folder: URL
    static let patient = PatientIdentity(name: "Thorax^Phantom", id: "THX-1")
    static let frame: UID = "1.2.826.0.1.3680043.10.1.83"
    static let sumAt3 = 104.64, sumAt2p5 = 105.6

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-thorax-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let g = GridGeometry(origin: SIMD3(-20, -20, -20), spacing: SIMD3(repeating: 2.5), size: SIMD3(17, 17, 17))
        for (name, dose) in [("rd1.dcm", 66.0), ("rd2.dcm", 30.0)] {
            let d = DoseDistribution(grid: Fields.grid(g) { _ in dose }, frameOfReference: Self.frame, patient: Self.patient)
            try DICOMWriter.writeDose(d, to: path(name), seriesDescription: name)
        }
        let shapes: [(String, SIMD2<Double>, Double)] = [
            ("Esophagus", SIMD2(-9, 0), 4), ("HEART", SIMD2(9, 0), 5), ("SPINAL CORD2", SIMD2(0, 10), 3),
            ("PRV_Esophagus", SIMD2(-9, -10), 3), ("Ring_HEART", SIMD2(9, -10), 3),
        ]
        let rois = shapes.enumerated().map { n, s in
            var roi = SlabPhantom.cylinderZ(centre: s.1, radius: s.2, z0: -4, z1: 4, spacing: 2).roi(number: n + 1)
            roi.name = s.0
            return roi
        }
        try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: Self.frame, rois: rois, patient: Self.patient), to: path("rs.dcm"))
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A user constraint file with the given `organs:` block (may be empty) and rows.
    func setFile(organs: [String] = [], rows: [String]) throws -> String {
        let file = path("set-\(UUID().uuidString).yaml")
        let lines = ["id: thorax-test", "title: Thorax test", "citation: written by the test"]
            + (organs.isEmpty ? [] : ["organs:"] + organs.map { "  " + $0 }) + ["constraints:"] + rows.map { "  - " + $0 }
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func checkArguments(_ set: String, extra: [String] = []) -> [String] {
        ["check", "--course1-dose", path("rd1.dcm"), "--course1-fractions", "30", "--course2-dose", path("rd2.dcm"),
         "--course2-fractions", "10", "--structures", path("rs.dcm"), "--protocol", set, "--setup-uncertainty", "none"] + extra
    }
}

@Suite(.serialized) struct OpenVocabularyTests {
    static let available = CLI.executable != nil
    static let rows = ["{organ: Esophagus, metric: D0.03cc, level: desirable, limit_gy: 100, alpha_beta_gy: 3}",
                       "{organ: Heart, metric: D0.03cc, level: desirable, limit_gy: 110}"]

    @Test func esophagusAndHeartRowsAreEvaluatedOnThePhantom() throws {
        let c = try ThoraxPhantom()
        defer { c.remove() }
        let set = try c.setFile(organs: ["Heart: {aliases: [Cor], alpha_beta_gy: 2.5}"], rows: Self.rows)
        let request = CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: c.path("rd1.dcm"), fractions: 30),
            CourseInput(label: "course2", dosePath: c.path("rd2.dcm"), fractions: 10),
        ], structuresPath: c.path("rs.dcm")), protocolID: set, setupUncertainty: .none)
        let report = try CheckPipeline.run(request).report
        let byOrgan = Dictionary(uniqueKeysWithValues: report.verdicts.map { ($0.organ.tg263Name, $0) })
        let esophagus = try #require(byOrgan["Esophagus"]), heart = try #require(byOrgan["Heart"])
        #expect(esophagus.roiName == "Esophagus" && heart.roiName == "HEART")
        #expect(abs(esophagus.value! - ThoraxPhantom.sumAt3) < 0.01, "\(esophagus.value!)")
        #expect(esophagus.alphaBetaGy == 3 && esophagus.alphaBetaSource == .statedByRows && esophagus.status == .exceeds)
        #expect(abs(heart.value! - ThoraxPhantom.sumAt2p5) < 0.01, "\(heart.value!)")
        #expect(heart.alphaBetaGy == 2.5 && heart.alphaBetaSource == .constraintFile && heart.status == .within)
        // never auto-mapped: the close name is suggested, the helpers are neither matched nor suggested
        #expect(report.roiSuggestions == [ROISuggestion(roiName: "SPINAL CORD2", organ: Organ(.spinalCord)!)])
        #expect(report.unmatchedROIs == ["SPINAL CORD2", "PRV_Esophagus", "Ring_HEART"])
        #expect(!report.rois.contains { ["SPINAL CORD2", "PRV_Esophagus", "Ring_HEART"].contains($0.name) })
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func anOrganWithoutAlphaBetaIsAnErrorNamingIt() throws {
        let c = try ThoraxPhantom()
        defer { c.remove() }
        let set = try c.setFile(rows: Self.rows)
        let json = c.path("check.json")
        let refused = try CLI.run(c.checkArguments(set, extra: ["--json", json]))
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("Heart") && refused.stderr.contains("'HEART'") && refused.stderr.contains("α/β"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: json))
        // The same check with a default α/β: Heart at 2.5 Gy, Esophagus at its row's 3 Gy.
        let html = c.path("check.html")
        let run = try CLI.run(c.checkArguments(set, extra: ["--default-alpha-beta", "2.5", "--json", json, "--html", html]))
        #expect(run.status == 1, "Esophagus exceeds 100 Gy: \(run.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let verdicts = try #require(doc["verdicts"] as? [[String: Any]])
        let heart = try #require(verdicts.first { $0["organ"] as? String == "Heart" })
        #expect(abs((heart["value_gy"] as? Double ?? 0) - ThoraxPhantom.sumAt2p5) < 0.01, "\(heart)")
        // the suggestion in every report: JSON (additive key), text, HTML
        let suggestions = try #require(doc["roi_suggestions"] as? [[String: String]])
        #expect(suggestions == [["roi": "SPINAL CORD2", "organ": "SpinalCord", "override": "SPINAL CORD2=SpinalCord"]])
        let sentence = "SPINAL CORD2 looks like SpinalCord; add \(SuggestionFormatting.mapOption) 'SPINAL CORD2=SpinalCord'"
        #expect(run.stdout.contains(sentence), "\(run.stdout)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("SPINAL CORD2 looks like SpinalCord"), "the HTML report names the suggestion")
        if SharedRequirement.pythonHas("jsonschema, referencing") {
            let r = try SchemaValidationTests.validate([json])
            #expect(r.status == 0, "\(r.output)")
        }
        // applying the suggestion maps the ROI (and the organ then has one)
        let mapped = try CLI.run(c.checkArguments(set, extra: ["--default-alpha-beta", "2.5", "--map", "SPINAL CORD2=SpinalCord"]))
        #expect(mapped.status == 1 && !mapped.stdout.contains("looks like"), "\(mapped.stderr)")
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func anAliasUsedByTwoOrgansIsRefusedBeforeAnythingIsWritten() throws {
        let c = try ThoraxPhantom()
        defer { c.remove() }
        let set = try c.setFile(organs: ["Gullet: {aliases: [Eso], alpha_beta_gy: 3}", "Upper_Tube: {aliases: [ESO], alpha_beta_gy: 3}"],
                                rows: ["{organ: Gullet, metric: D0.03cc, level: desirable, limit_gy: 100}"])
        let json = c.path("check.json")
        let run = try CLI.run(c.checkArguments(set, extra: ["--json", json]))
        #expect(run.status == 2)
        #expect(run.stderr.contains(set) && run.stderr.contains("'ESO'") && run.stderr.contains("Gullet") && run.stderr.contains("Upper_Tube"),
                "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: json))
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func theSuggestedOptionIsTheOneTheCommandsAccept() throws {
        for command in ["check", "budget"] {
            let help = try CLI.run([command, "--help"])
            #expect(help.stdout.contains("\(SuggestionFormatting.mapOption) <ROI=ORGAN>"), "\(command): \(help.stdout)")
        }
    }
}
