import DICOMIO
import DoseSumKit
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// A two-course phantom whose course-1 dose grid ends across the spinal cord, with answers known in
/// advance (α/β 2 Gy for the cord):
/// - course 1: 50 Gy in 25 fractions, uniform, on a grid z ∈ [−20, 0] mm: EQD2 = 50·(2 + 2)/4 = 50 Gy;
/// - course 2: 30 fractions, physical dose 20 Gy for z ≤ 0 rising 1 Gy/mm beyond (20 + z), on a grid
///   z ∈ [−20, 20] mm (exact under trilinear interpolation: the kink lies on a grid plane);
/// - the cord: a cylinder of radius 5 mm, contours every 2 mm from z = −10 to 10 (slab ends at ±11).
///
/// Covered part (z ≤ 0): composite = 50 + EQD2(20 Gy/30) = 50 + 20·(20/30 + 2)/4 = 63.33 Gy, so the
/// computed D0.03cc is 63.33 Gy. Uncovered part (z ∈ (0, 11]): course 1 is missing; its grid-boundary
/// value next to it is 50 Gy EQD2, and course 2 reaches EQD2(31 Gy/30) = 31·(31/30 + 2)/4 = 23.51 Gy
/// at z = 11, so the dose there could reach 73.51 Gy. A limit of 70 Gy is therefore conditional, a
/// limit of 80 Gy robustly within.
struct GridGapCase {
    let files: PhantomCaseFolder
    static let patient = PatientIdentity(name: "Gap^Phantom", id: "GAP-001", birthDate: "19600101")
    static let frame: UID = "1.2.826.0.1.3680043.10.1.77"
    static let coveredComposite = 50 + 20 * (20.0 / 30 + 2) / 4
    static let uncoveredBound = 50 + 31 * (31.0 / 30 + 2) / 4

    init(structurePatient: PatientIdentity = GridGapCase.patient) throws {
        let g1 = GridGeometry(origin: SIMD3(-15, -15, -20), spacing: SIMD3(repeating: 2), size: SIMD3(16, 16, 11))
        let g2 = GridGeometry(origin: SIMD3(-15, -15, -20), spacing: SIMD3(repeating: 2), size: SIMD3(16, 16, 21))
        let cord = PhantomCaseFolder.roi(.cylinderZ(centre: .zero, radius: 5, z0: -10, z1: 10, spacing: 2), named: "SpinalCord")
        files = try PhantomCaseFolder(prefix: "dosesum-gap", frame: Self.frame, patient: Self.patient, structurePatient: structurePatient,
                                      course1: (g1, { _ in 50 }), course2: (g2, { p in 20 + max(0, p.z) }), rois: [cord], structureLabel: "gap")
    }

    func path(_ name: String) -> String { files.path(name) }
    func remove() { files.remove() }

    /// A user set with one cord D0.03cc limit.
    func protocolFile(limit: Double) throws -> String {
        try files.protocolFile(id: "cord-test", rows: ["{organ: SpinalCord, metric: D0.03cc, level: desirable, comparator: \"<=\", limit_gy: \(limit)}"])
    }

    func checkArguments(limit: Double) throws -> [String] {
        ["check", "--course1-dose", path("rd1.dcm"), "--course1-fractions", "25", "--course2-dose", path("rd2.dcm"),
         "--course2-fractions", "30", "--structures", path("rs.dcm"), "--protocol", try protocolFile(limit: limit)]
    }
}

@Suite(.serialized) struct SignableVerdictTests {
    static let available = CLI.executable != nil

    @Test func gridGapCaseHasTheAnswersItStates() throws {
        // In process: the composite D0.03cc in the covered part, and the bound of the uncovered part.
        let gap = try GridGapCase()
        defer { gap.remove() }
        let request = CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: gap.path("rd1.dcm"), fractions: 25),
            CourseInput(label: "course2", dosePath: gap.path("rd2.dcm"), fractions: 30),
        ], structuresPath: gap.path("rs.dcm")), protocolID: try gap.protocolFile(limit: 70))
        let outcome = try CheckPipeline.run(request)
        let cord = try #require(outcome.results.first { $0.name == "SpinalCord" })
        let d003 = try #require(cord.composite.values[.doseAtAbsoluteVolume(cc: 0.03)]?.number)
        #expect(abs(d003 - GridGapCase.coveredComposite) < 0.01, "D0.03cc \(d003)")
        let u = try #require(cord.uncovered)
        // Coverage and maxima are measured at the ROI's sample points: a whole voxel inside the ROI is
        // one sample at its centre (2 mm voxels here), and boundary sub-cells are about 0.4 mm, so the
        // hottest uncovered sample lies within a sub-cell of z = 11 (course 2 rises 1.02 Gy EQD2/mm there).
        #expect(u.compositeBound() <= GridGapCase.uncoveredBound + 1e-3 && u.compositeBound() > GridGapCase.uncoveredBound - 0.25,
                "bound \(u.compositeBound())")
        // 11 of 22 mm of the slab solid lie beyond z = 0; the voxel centred on z = 0 (half beyond) is
        // one sample inside course 1's grid.
        #expect(u.uncoveredFraction > 0.5 - 1.0 / 22 - 1e-6 && u.uncoveredFraction <= 0.5 + 1e-6, "fraction \(u.uncoveredFraction)")
        let verdict = try #require(outcome.report.verdicts.first)
        guard case .conditional(let why) = verdict.status else { Issue.record("status \(verdict.status)"); return }
        #expect(why.hasPrefix("course 1 grid misses 4") && why.contains("% of SpinalCord"), "\(why)")
        #expect(outcome.status == .incomplete)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func gridEndingNearTheLimitIsConditionalAndFarBelowStaysWithin() throws {
        let gap = try GridGapCase()
        defer { gap.remove() }
        let near = try CLI.run(try gap.checkArguments(limit: 70))
        #expect(near.status == 3, "stderr: \(near.stderr)")
        #expect(near.stdout.contains("WITHIN (conditional: course 1 grid misses 4"), "\(near.stdout)")
        #expect(near.stdout.split(separator: "\n").last?.hasPrefix("Overall: incomplete") == true)
        let far = try CLI.run(try gap.checkArguments(limit: 80))
        #expect(far.status == 0, "stderr: \(far.stderr)")
        #expect(far.stdout.contains("cannot change this verdict"))
        #expect(far.stdout.split(separator: "\n").last?.hasPrefix("Overall: within") == true)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func anotherPatientsStructureSetIsRefusedUnlessOverridden() throws {
        let gap = try GridGapCase(structurePatient: PatientIdentity(name: "Other^Person", id: "OTHER-9", birthDate: "19700101"))
        defer { gap.remove() }
        let refused = try CLI.run(try gap.checkArguments(limit: 80) + ["--json", gap.path("r.json")])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'OTHER-9'") && refused.stderr.contains("'GAP-001'"), "\(refused.stderr)")
        #expect(refused.stderr.contains(gap.path("rs.dcm")) && refused.stderr.contains(gap.path("rd2.dcm")))
        #expect(!FileManager.default.fileExists(atPath: gap.path("r.json")))

        let json = gap.path("o.json"), csv = gap.path("o.csv"), html = gap.path("o.html")
        let allowed = try CLI.run(try gap.checkArguments(limit: 80) + ["--allow-patient-mismatch", "--json", json, "--csv", csv, "--html", html])
        #expect(allowed.status == 0, "stderr: \(allowed.stderr)")
        #expect(allowed.stdout.contains("OVERRIDE (patient-mismatch)"))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let overrides = try #require(doc["overrides"] as? [[String: Any]])
        #expect(overrides.count == 1 && overrides[0]["kind"] as? String == "patient-mismatch")
        #expect((overrides[0]["detail"] as? String)?.contains("OTHER-9") == true)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).contains("# override patient-mismatch:"))
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("Override (patient-mismatch)"))
        // PatientName and PatientBirthDate differ too: warnings, not errors.
        #expect(allowed.stderr.contains("PatientName") || allowed.stdout.contains("PatientName"))
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func aSetWhoseOnlyOrganIsUnmatchedIsIncomplete() throws {
        let folder = try DemoFolder()
        let file = folder.out("cochlea.yaml")
        try """
            id: cochlea-only
            title: Cochlea only
            citation: written by the test
            constraints:
              - {organ: Cochlea_L, metric: Dmean, level: desirable, comparator: "<=", limit_gy: 45}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let json = folder.out("c.json")
        let run = try CLI.run(folder.checkArguments(extra: ["--protocol", file, "--json", json]))
        #expect(run.status == 3, "stderr: \(run.stderr)")
        #expect(run.stdout.split(separator: "\n").last?.hasPrefix("Overall: incomplete") == true)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(doc["status"] as? String == "incomplete")
        #expect((doc["status_reasons"] as? [String])?.first?.contains("no ROI mapped to Cochlea_L") == true)
        // Declared absent, the same set judges nothing: still incomplete (nothing was evaluated).
        let declared = try CLI.run(folder.checkArguments(extra: ["--protocol", file, "--absent", "Cochlea_L"]))
        #expect(declared.status == 3)
        #expect(declared.stdout.contains("ABSENT (declared)"))
        #expect(declared.stdout.contains("nothing was evaluated"))
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func theDemoIsACompleteCheck() throws {
        let folder = try DemoFolder()
        let run = try CLI.run(["demo", "--fixture", folder.url.appendingPathComponent("case").path, "--out", folder.out("demo")])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("Overall: within"))
        #expect(run.stdout.contains("Declared absent (not contoured for this patient): A_Carotid_R"))
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func aDoseReferencingAnotherPlanIsRefusedUnlessOverridden() throws {
        let folder = try DemoFolder()
        // A plan of the same patient that the demo's course-2 dose does not reference.
        let otherPlan = folder.out("other-plan.dcm")
        try DICOMWriter.writePlan(fractions: 30, label: "other", frameOfReference: UID("1.2.3"), patient: DemoPhantom.patient, to: otherPlan)
        let args = ["check", "--course1-dose", folder.path(DemoCase.course1Dose), "--course1-plan", folder.path(DemoCase.course1Plan),
                    "--course2-dose", folder.path(DemoCase.course2Dose), "--course2-plan", otherPlan,
                    "--structures", folder.path(DemoCase.structures), "--absent", "A_Carotid_R"]
        let refused = try CLI.run(args)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("ReferencedRTPlanSequence") && refused.stderr.contains(otherPlan), "\(refused.stderr)")
        let allowed = try CLI.run(args + ["--allow-plan-mismatch"])
        #expect(allowed.status == 0, "stderr: \(allowed.stderr)")
        #expect(allowed.stdout.contains("OVERRIDE (plan-mismatch)"))
    }
}
