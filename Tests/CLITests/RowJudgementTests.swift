import DICOMIO
import DoseSumKit
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// A uniform-dose phantom: an optic chiasm (a 6 mm cylinder, contours every 2 mm) inside two uniform
/// doses, course 1 66 Gy in 30 fractions (2.2 Gy each) and course 2 30 Gy in 10 (3 Gy each). By hand:
/// - at α/β 2 (the chiasm's convention): 66·(2.2 + 2)/4 = 69.3 and 30·(3 + 2)/4 = 37.5, sum 106.8 Gy;
/// - at α/β 3: 66·(2.2 + 3)/5 = 68.64 and 30·(3 + 3)/5 = 36, sum 104.64 Gy.
struct UniformChiasmCase {
    let files: PhantomCaseFolder
    static let patient = PatientIdentity(name: "Uniform^Chiasm", id: "UNI-1")
    static let frame: UID = "1.2.826.0.1.3680043.10.1.78"

    init(course1Gy: Double = 66, course2Gy: Double = 30, roiName: String = "OpticChiasm") throws {
        let g = GridGeometry(origin: SIMD3(-20, -20, -20), spacing: SIMD3(repeating: 2.5), size: SIMD3(17, 17, 17))
        let chiasm = PhantomCaseFolder.roi(.cylinderZ(centre: .zero, radius: 6, z0: -4, z1: 4, spacing: 2), named: roiName)
        files = try PhantomCaseFolder(prefix: "dosesum-uniform", frame: Self.frame, patient: Self.patient,
                                      course1: (g, { _ in course1Gy }), course2: (g, { _ in course2Gy }), rois: [chiasm])
    }

    func path(_ name: String) -> String { files.path(name) }
    func remove() { files.remove() }

    /// A user set of chiasm D0.03cc rows (`limit`, optional stated α/β).
    func protocolFile(_ rows: [(limit: Double, alphaBeta: Double?)]) throws -> String {
        try protocolFile(rows: rows.map { r in
            "{organ: OpticChiasm, metric: D0.03cc, level: desirable, comparator: \"<=\", limit_gy: \(r.limit)"
                + (r.alphaBeta.map { ", alpha_beta_gy: \($0)" } ?? "") + "}"
        })
    }

    /// A user set of the given YAML flow-mapping rows.
    func protocolFile(rows: [String]) throws -> String { try files.protocolFile(id: "chiasm-test", rows: rows) }
}

@Suite(.serialized) struct RowJudgementTests {
    static let available = CLI.executable != nil

    @Test func aRowStatedAtAlphaBeta3IsJudgedAt3() throws {
        let c = try UniformChiasmCase()
        defer { c.remove() }
        let request = CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: c.path("rd1.dcm"), fractions: 30),
            CourseInput(label: "course2", dosePath: c.path("rd2.dcm"), fractions: 10),
        ], structuresPath: c.path("rs.dcm")), protocolID: try c.protocolFile([(105, 3), (105, nil)]))
        let outcome = try CheckPipeline.run(request)
        #expect(outcome.report.verdicts.count == 2)
        let atRow = outcome.report.verdicts[0], atROI = outcome.report.verdicts[1]
        #expect(abs(atRow.value! - 104.64) < 0.01, "row α/β 3: \(atRow.value!)")
        #expect(atRow.status == .within && atRow.alphaBetaGy == 3 && atRow.alphaBetaSource == .constraintRow)
        #expect(atRow.caveats.isEmpty)
        #expect(abs(atROI.value! - 106.8) < 0.01, "ROI α/β 2: \(atROI.value!)")
        #expect(atROI.status == .exceeds && atROI.alphaBetaGy == 2)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func budgetUsesTheRowAlphaBetaAndFlagsALimitAlreadyExceeded() throws {
        let c = try UniformChiasmCase()
        defer { c.remove() }
        let json = c.path("b.json")
        // Course 1 at α/β 3 is 68.64 Gy: 105 leaves 36.36 Gy EQD2; 60 is already exceeded by 8.64 Gy.
        let run = try CLI.run(["budget", "--course1-dose", c.path("rd1.dcm"), "--course1-fractions", "30", "--structures", c.path("rs.dcm"),
                               "--course2-fractions", "10", "--protocol", try c.protocolFile([(105, 3), (60, 3)]), "--json", json])
        #expect(run.status == 1, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("EXCEEDED by 8.6 Gy"), "\(run.stdout)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(doc["schema"] as? String == "dosesum.budget/2")
        let lines = try #require(doc["lines"] as? [[String: Any]])
        #expect(lines.count == 2)
        #expect(abs((lines[0]["used_gy"] as? Double ?? 0) - 68.64) < 0.01 && lines[0]["alpha_beta_gy"] as? Double == 3)
        #expect(abs((lines[0]["remaining_eqd2_gy"] as? Double ?? 0) - 36.36) < 0.01)
        #expect(lines[0]["exceeded_by_gy"] is NSNull || lines[0]["exceeded_by_gy"] == nil)
        #expect(abs((lines[1]["exceeded_by_gy"] as? Double ?? 0) - 8.64) < 0.01)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func exportRefusesRecoveryInsteadOfIgnoringIt() throws {
        let folder = try DemoFolder()
        let out = folder.out("x.dcm")
        let run = try CLI.run(["export", "--course1-dose", folder.path(DemoCase.course1Dose), "--course1-fractions", "35",
                               "--course2-dose", folder.path(DemoCase.course2Dose), "--course2-fractions", "30",
                               "--default-alpha-beta", "2", "--recovery", "BrainStem=0.5", "--output", out])
        #expect(run.status == 2)
        #expect(run.stderr.contains("recovery factors (BrainStem)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aCourse2PhysicalRowIsJudgedOnCourse2PhysicalDose() throws {
        // Course 2: 12.5 Gy in 30 fractions; its EQD2 at α/β 2 is 12.5·(12.5/30 + 2)/4 = 7.55 Gy.
        let c = try UniformChiasmCase(course1Gy: 50, course2Gy: 12.5)
        defer { c.remove() }
        let set = try c.protocolFile(rows: [
            "{organ: OpticChiasm, metric: D0.03cc, scope: second-course-only, dose: physical, level: protocol, limit_gy: 12}",
            "{organ: OpticChiasm, metric: D0.03cc, scope: second-course-only, level: protocol, limit_gy: 12}",
        ])
        let outcome = try CheckPipeline.run(CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: c.path("rd1.dcm"), fractions: 25),
            CourseInput(label: "course2", dosePath: c.path("rd2.dcm"), fractions: 30),
        ], structuresPath: c.path("rs.dcm")), protocolID: set))
        let physical = outcome.report.verdicts[0], eqd2 = outcome.report.verdicts[1]
        #expect(physical.status == .exceeds && abs(physical.value! - 12.5) < 1e-4, "\(physical.status) \(physical.value ?? -1)")
        #expect(physical.constraint.judgedDose == "course-2 physical" && physical.alphaBetaGy == nil)
        #expect(eqd2.status == .within && abs(eqd2.value! - 12.5 * (12.5 / 30 + 2) / 4) < 1e-3, "\(eqd2.value ?? -1)")
        #expect(outcome.status == .exceeds)
        // The shipped ECOG EA3191 rows read the same way: 12.5 Gy exceeds the chiasm's 12 Gy protocol
        // limit and is within its 14 Gy acceptable variation.
        let ecog = try CheckPipeline.run(CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: c.path("rd1.dcm"), fractions: 25),
            CourseInput(label: "course2", dosePath: c.path("rd2.dcm"), fractions: 30),
        ], structuresPath: c.path("rs.dcm")), protocolID: "ars-2022-ecog-ea3191"))
        let chiasm = ecog.report.verdicts.filter { $0.organ == Organ(.opticChiasm) }
        #expect(chiasm.map(\.status.name) == ["exceeds", "within"])
    }

    @Test func targetRowsAreJudgedAgainstThePrescription() throws {
        // A GTV receiving a uniform 58.2 Gy in course 2 = 97 % of a 60 Gy prescription: it fails
        // NPC-2021's desirable Dmin ≥ 98 % (58.8 Gy) and passes the acceptable ≥ 95 % (57 Gy).
        let c = try UniformChiasmCase(course1Gy: 20, course2Gy: 58.2, roiName: "GTV")
        defer { c.remove() }
        func run(_ rx: Double?) throws -> [(status: String, value: Double?, limit: Double?)] {
            let outcome = try CheckPipeline.run(CheckRequest(composite: CompositeRequest(courses: [
                CourseInput(label: "course1", dosePath: c.path("rd1.dcm"), fractions: 10),
                CourseInput(label: "course2", dosePath: c.path("rd2.dcm"), fractions: 30),
            ], structuresPath: c.path("rs.dcm")), protocolID: "npc-2021", prescriptionGy: rx))
            return outcome.report.verdicts.filter { $0.organ == Organ(.gtv) }.map { ($0.status.name, $0.value, $0.limit) }
        }
        let judged = try run(60)
        #expect(judged.map(\.status) == ["exceeds", "within"])
        #expect(abs(judged[0].value! - 58.2) < 1e-4 && abs(judged[0].limit! - 58.8) < 1e-9 && abs(judged[1].limit! - 57) < 1e-9)
        // Without a prescription (no plan, none given) the rows are shown, not judged.
        #expect(try run(nil).map(\.status) == ["informational", "informational"])
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func recoveryShowsBothValuesEverywhereAndWarnsOnNPC() throws {
        // Uniform chiasm: course 1 66 Gy/30 → 69.3 Gy EQD2 (α/β 2), course 2 30 Gy/10 → 37.5 Gy.
        // With recovery 0.5 the judged composite is 0.5 · 69.3 + 37.5 = 72.15 Gy; undiscounted 106.8.
        let c = try UniformChiasmCase()
        defer { c.remove() }
        let csv = c.path("r.csv"), html = c.path("r.html")
        let run = try CLI.run(["check", "--course1-dose", c.path("rd1.dcm"), "--course1-fractions", "30", "--course2-dose", c.path("rd2.dcm"),
                               "--course2-fractions", "10", "--structures", c.path("rs.dcm"), "--recovery", "OpticChiasm=0.5",
                               "--csv", csv, "--html", html])
        #expect([1, 3].contains(run.status), "\(run.stderr)")
        // the judged value, its band (zero width: uniform doses), then the undiscounted one
        #expect(run.stdout.contains("72.15 [72.15 … 72.15] (undiscounted 106.80)"), "\(run.stdout)")
        #expect(run.stdout.contains("recovery.counted-twice") || run.stderr.contains("recovery.counted-twice"))
        let rows = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let header = rows[0].components(separatedBy: ","), column = try #require(header.firstIndex(of: "value_undiscounted_gy"))
        let chiasm = rows.dropFirst().map { $0.components(separatedBy: ",") }.filter { $0[1] == "OpticChiasm" }
        #expect(!chiasm.isEmpty && chiasm.allSatisfy { abs((Double($0[column]) ?? 0) - 106.8) < 0.01 })
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("undiscounted 106.80") && page.contains("Composite, undiscounted") && page.contains("Composite, discounted"))
    }
}
