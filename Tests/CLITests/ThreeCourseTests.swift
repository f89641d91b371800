import DICOMIO
import DoseMetrics
import DoseSumKit
import Foundation
import Grids
import Radiobiology
import RTCore
import RTModel
import Testing
import TestSupport

/// Issue 17 item 2: any number of courses. The uniform chiasm phantom (`UniformChiasmCase`: course 1
/// 66 Gy in 30 fractions, course 2 30 Gy in 10) plus a third course of 20 Gy in 10 fractions on the
/// same grid. By hand at α/β 2: 66·(2.2 + 2)/4 = 69.3, 30·(3 + 2)/4 = 37.5, 20·(2 + 2)/4 = 20, sum
/// 126.8 Gy EQD2; with recovery 0.5 the earlier courses count half: 0.5·(69.3 + 37.5) + 20 = 73.4 Gy.
@Suite(.serialized) struct ThreeCourseTests {
    static let available = CLI.executable != nil

    /// The phantom with `rd3.dcm` (20 Gy uniform) beside it.
    static func threeCourses() throws -> UniformChiasmCase {
        let c = try UniformChiasmCase()
        let g = GridGeometry(origin: SIMD3(-20, -20, -20), spacing: SIMD3(repeating: 2.5), size: SIMD3(17, 17, 17))
        let d = DoseDistribution(grid: Fields.grid(g) { _ in 20 }, frameOfReference: UniformChiasmCase.frame, patient: UniformChiasmCase.patient)
        try DICOMWriter.writeDose(d, to: c.path("rd3.dcm"), seriesDescription: "course 3")
        return c
    }

    static func request(_ c: UniformChiasmCase, recovery: [String: RecoveryFactors] = [:]) throws -> CheckRequest {
        let courses = [("rd1.dcm", 30), ("rd2.dcm", 10), ("rd3.dcm", 10)].enumerated().map { n, f in
            CourseInput(label: "course\(n + 1)", dosePath: c.path(f.0), fractions: f.1)
        }
        return CheckRequest(composite: CompositeRequest(courses: courses, structuresPath: c.path("rs.dcm"), recovery: recovery),
                            protocolID: try c.protocolFile([(130, nil)]))
    }

    @Test func threeUniformCoursesSumToTheHandValue() throws {
        let c = try Self.threeCourses()
        defer { c.remove() }
        let outcome = try CheckPipeline.run(try Self.request(c))
        let v = try #require(outcome.report.verdicts.first)
        #expect(abs(try #require(v.value) - 126.8) < 0.01, "\(v.value ?? .nan)")
        #expect(v.status == .within)
        let roi = try #require(outcome.report.rois.first)
        let near = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)
        let perCourse = roi.courses.map { $0[near]?.number ?? .nan }
        for (got, want) in zip(perCourse, [69.3, 37.5, 20]) { #expect(abs(got - want) < 0.01, "\(perCourse)") }
        #expect(abs((roi.sameRegionWorstCase?.number ?? 0) - 126.8) < 0.01, "\(String(describing: roi.sameRegionWorstCase))")
        #expect(outcome.report.inputs.courses.count == 3)
        // bands are defined for two courses: the report says there are none
        #expect(outcome.report.diagnostics.contains { $0.code == "uncertainty.two-courses-only" })
    }

    @Test func recoveryDiscountsEveryEarlierCourse() throws {
        let c = try Self.threeCourses()
        defer { c.remove() }
        let outcome = try CheckPipeline.run(try Self.request(c, recovery: ["OpticChiasm": 0.5]))
        let v = try #require(outcome.report.verdicts.first)
        #expect(abs(try #require(v.value) - 73.4) < 0.01, "\(v.value ?? .nan)")
        #expect(abs(try #require(v.undiscountedValue) - 126.8) < 0.01)
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func theCommandLineTakesCoursesInOrderAndRefusesBadOnes() throws {
        let c = try Self.threeCourses()
        defer { c.remove() }
        let set = try c.protocolFile([(130, nil)])
        let json = c.path("three.json")
        let good = try CLI.run(["check", "--course", c.path("rd1.dcm") + ",fractions=30", "--course", c.path("rd2.dcm") + ",fractions=10",
                                "--course", c.path("rd3.dcm") + ",fractions=10", "--structures", c.path("rs.dcm"), "--protocol", set,
                                "--json", json])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("C3 D0.03cc") && good.stdout.contains("126.80"), "\(good.stdout)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let inputs = try #require(doc["inputs"] as? [String: Any])
        #expect(inputs["course3"] != nil)
        try SchemaValidationTests.expectValid([json], "three courses")

        func refused(_ courses: [String], _ words: [String]) throws {
            let r = try CLI.run(["check"] + courses.flatMap { ["--course", $0] } + ["--structures", c.path("rs.dcm"), "--protocol", set])
            #expect(r.status == 2, "\(courses): \(r.stderr)")
            for w in words { #expect(r.stderr.contains(w), "\(r.stderr) lacks \(w)") }
        }
        let rd1 = c.path("rd1.dcm"), rd2 = c.path("rd2.dcm")
        try refused([rd1 + ",fractions=30", rd1 + ",fractions=30", rd2 + ",fractions=10"], ["name the same dose file"])
        try refused([rd1 + ",fractions=0", rd2 + ",fractions=10"], ["--course", "positive whole number"])
        try refused([rd1 + ",fractions=30", rd2 + ",fractions=10,matrix=1;0;0;0;0;1;0;0;0;0;1;0;0;0;0;1"], ["last course", "no registration or matrix"])
        try refused([rd1 + ",fractions=30"], ["two or more courses"])
        try refused([rd1 + ",colour=red", rd2 + ",fractions=10"], ["unknown item 'colour'"])
        let mixed = try CLI.run(["check", "--course", rd1 + ",fractions=30", "--course", rd2 + ",fractions=10",
                                 "--course2-dose", rd2, "--structures", c.path("rs.dcm")])
        #expect(mixed.status == 2 && mixed.stderr.contains("do not mix"), "\(mixed.stderr)")
    }
}

/// The manifest form of several courses: numbered fields, the highest number the reference course.
@Suite struct ManyCourseManifestTests {
    func load(_ csv: String) throws -> BatchManifest {
        let tmp = try TemporaryFolder(prefix: "dosesum-manifest")
        let file = tmp.file("m.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        return try BatchManifest.load(file)
    }

    @Test func threeCoursesWithTheirOwnMappings() throws {
        let m = try load("""
            id,course1_dose,course1_fractions,course2_dose,course2_fractions,course2_matrix,course3_dose,course3_plan,structures,registration
            p1,a.dcm,30,b.dcm,10,1 0 0 5 0 1 0 0 0 0 1 0 0 0 0 1,c.dcm,c_plan.dcm,s.dcm,reg.dcm

            """)
        let courses = try #require(m.patients.first).request.composite.courses
        #expect(courses.map(\.label) == ["course1", "course2", "course3"])
        #expect(courses[1].matrix == [1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] && courses[2].planPath?.hasSuffix("c_plan.dcm") == true)
        #expect(try #require(m.patients.first).request.composite.mapping(ofCourse: 0).registrationPath?.hasSuffix("reg.dcm") == true)
    }

    @Test func gapsAndStrayFieldsNameTheField() throws {
        func message(_ csv: String) -> String {
            do { _ = try load(csv); return "" } catch { return "\(error)" }
        }
        let gap = message("id,course1_dose,course1_fractions,course2_dose,course2_fractions,course4_dose,course4_fractions,structures\np1,a,30,b,10,d,5,s\n")
        #expect(gap.contains("course3_dose") && gap.contains("without gaps"), "\(gap)")
        let stray = message("id,course1_dose,course1_fractions,course2_dose,course2_fractions,course5_plan,structures\np1,a,30,b,10,p,s\n")
        #expect(stray.contains("course5_plan") && stray.contains("course5_dose is not"), "\(stray)")
    }
}
