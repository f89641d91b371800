import DoseSumKit
import Foundation
import Radiobiology
import Reports
import RTCore
import Testing
import TestSupport

/// Issue 17: recovery given per earlier course and organ. Answers by hand from the LQ formula
/// EQD2 = D·(D/n + α/β)/(2 + α/β), written out here (not the code's conversion).
@Suite(.serialized) struct RecoveryPerCourseTests {
    static let available = CLI.executable != nil

    /// EQD2 (Gy) of a physical dose `d` (Gy) in `n` fractions at α/β `ab` (Gy).
    static func eqd2(_ d: Double, _ n: Double, _ ab: Double) -> Double { d * (d / n + ab) / (2 + ab) }

    /// The course-2 physical dose (Gy) in `n` fractions whose EQD2 is `r` at α/β `ab`: the positive root
    /// of D²/n + ab·D − r·(2 + ab) = 0.
    static func root(_ r: Double, _ n: Double, _ ab: Double) -> Double { n / 2 * (-ab + (ab * ab + 4 * r * (2 + ab) / n).squareRoot()) }

    /// Three uniform courses on the chiasm (66 Gy/30, 30 Gy/10, 20 Gy/10, α/β 2), course 1 recovered
    /// by half and course 2 by a quarter: 0.5·69.3 + 0.75·37.5 + 20 = 82.775 Gy EQD2.
    @Test func threeCoursesWithAFactorPerCourse() throws {
        let c = try ThreeCourseTests.threeCourses()
        defer { c.remove() }
        let outcome = try CheckPipeline.run(try ThreeCourseTests.request(c, recovery: ["OpticChiasm": RecoveryFactors(byCourse: [1: 0.5, 2: 0.25])]))
        let hand = 0.5 * Self.eqd2(66, 30, 2) + 0.75 * Self.eqd2(30, 10, 2) + Self.eqd2(20, 10, 2)
        let plain = Self.eqd2(66, 30, 2) + Self.eqd2(30, 10, 2) + Self.eqd2(20, 10, 2)
        #expect(abs(hand - 82.775) < 1e-9)
        let v = try #require(outcome.report.verdicts.first)
        #expect(abs(try #require(v.value) - hand) < 0.01, "\(v.value ?? .nan)")
        #expect(abs(try #require(v.undiscountedValue) - plain) < 0.01)
        let roi = try #require(outcome.report.rois.first)
        #expect(roi.recoveryByCourse == [0.5, 0.25, 0] && roi.recovery == 0.5)
        #expect(outcome.report.inputs.recovery == "OpticChiasm: 50 % of course 1, 25 % of course 2 discounted", "\(outcome.report.inputs.recovery)")
        // the hot spot's shares use the same weights: course k's share ∝ (1 − rₖ)·EQD2ₖ
        let shares = try #require(roi.hotSpot?.courseShares)
        let parts = [0.5 * Self.eqd2(66, 30, 2), 0.75 * Self.eqd2(30, 10, 2), Self.eqd2(20, 10, 2)]
        for (got, part) in zip(shares, parts) { #expect(abs(got - part / hand) < 1e-3, "\(shares)") }
        // reports: CSV column and JSON key
        let csv = CSVReportRenderer.render(outcome.report)
        #expect(csv.contains(",0.5;0.25;0.0,") || csv.contains(",0.5;0.25;0,"), "\(csv)")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONReportRenderer.render(outcome.report)) as? [String: Any])
        let item = try #require((json["rois"] as? [[String: Any]])?.first)
        #expect(item["recovery_by_course"] as? [Double] == [0.5, 0.25, 0])
    }

    /// One factor for every earlier course gives the same composite, bit for bit, as that factor named
    /// for each earlier course.
    @Test func theScalarFormEqualsThePerCourseFormWithEqualFactors() throws {
        let c = try ThreeCourseTests.threeCourses()
        defer { c.remove() }
        let scalar = try CheckPipeline.run(try ThreeCourseTests.request(c, recovery: ["OpticChiasm": RecoveryFactors(0.3)]))
        let perCourse = try CheckPipeline.run(try ThreeCourseTests.request(c, recovery: ["OpticChiasm": RecoveryFactors(byCourse: [1: 0.3, 2: 0.3])]))
        #expect(scalar.report.verdicts.map(\.value) == perCourse.report.verdicts.map(\.value))
        #expect(scalar.report.rois.map(\.composite) == perCourse.report.rois.map(\.composite))
        #expect(scalar.report.rois.map(\.recoveryByCourse) == perCourse.report.rois.map(\.recoveryByCourse))
        let hand = 0.7 * (Self.eqd2(66, 30, 2) + Self.eqd2(30, 10, 2)) + Self.eqd2(20, 10, 2)
        #expect(abs((scalar.report.verdicts.first?.value ?? 0) - hand) < 0.01)
        // weights from either form are the same numbers
        #expect(RecoveryWeighting.weights(courses: 3, recovery: 0.3) == RecoveryWeighting.weights(courses: 3, recovery: RecoveryFactors(byCourse: [1: 0.3, 2: 0.3])))
        #expect(RecoveryWeighting.weights(courses: 3, recovery: RecoveryFactors(byCourse: [2: 0.25])) == [1, 0.75, 1])
    }

    /// Budget with two prior courses (50 Gy/25 and 10 Gy/5: EQD2 50 and 10 Gy at any α/β), BrainStem
    /// recovered by half for course 1 and a quarter for course 2: used = 0.5·50 + 0.75·10 = 32.5 Gy,
    /// left R = 70.2 − 32.5 = 37.7 Gy EQD2, in 30 fractions at α/β 2 the root of the quadratic; the
    /// table and the map agree, and SpinalCord (no recovery) keeps its undiscounted value.
    @Test func aBudgetWithRecoveryPerPriorCourse() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        var request = c.request(BudgetMapRequest(output: c.path("map.dcm")))
        request.priors = [CourseInput(label: "prior2", dosePath: c.path("rd0.dcm"), fractions: 5)]
        request.recovery = try RequestValues.recoveries(["BrainStem=0.5@1,0.25@2"], courses: 3)
        let outcome = try BudgetPipeline.run(request)
        let used = 0.5 * Self.eqd2(50, 25, 2) + 0.75 * Self.eqd2(10, 5, 2)
        let left = Self.root(70.2 - used, 30, 2)
        let stem = try #require(outcome.lines.first { $0.roi == "BrainStem" && $0.level == "desirable" })
        let stemUsed = try #require(stem.usedGy), stemLeft = try #require(stem.remainingPhysicalGy)
        #expect(abs(stemUsed - used) < 0.01 && abs(stemLeft - left) < 0.01, "\(stemUsed) \(stemLeft) vs \(used) \(left)")
        #expect(abs(try #require(stem.usedUndiscountedGy) - 60) < 0.01)
        #expect(stem.recoveryByCourse == [0.5, 0.25, 0])
        let map = try #require(outcome.mapGrid)
        #expect(abs(try voxel(map, at: SIMD3(-5, 0, 0)) - left) < 0.01)
        #expect(abs(try voxel(map, at: SIMD3(2.5, 0, 0)) - TwoOrganBudgetCase.spinalCordAfterTwo) < 0.01)
        let cord = try #require(outcome.lines.first { $0.roi == "SpinalCord" && $0.level == "desirable" })
        #expect(cord.recoveryByCourse == nil && abs((cord.usedGy ?? 0) - 60) < 0.01)
        // the scalar form discounts both prior courses alike: 0.5·(50 + 10) = 30 Gy used
        request.recovery = try RequestValues.recoveries(["BrainStem=0.5"], courses: 3)
        request.map = nil
        let scalar = try BudgetPipeline.run(request)
        let s = try #require(scalar.lines.first { $0.roi == "BrainStem" && $0.level == "desirable" })
        #expect(abs((s.usedGy ?? 0) - 30) < 0.01 && abs((s.remainingPhysicalGy ?? 0) - Self.root(40.2, 30, 2)) < 0.01)
    }

    func field(_ body: () throws -> Void) -> (RequestField?, String) {
        do { try body(); return (nil, "") } catch let e as DoseSumError { return (e.field, e.message) } catch { return (nil, "\(error)") }
    }

    @Test func theOptionIsParsedStrictly() throws {
        let ok = try RequestValues.recoveries(["Brain Stem=0.5@1, 0.25@2", "Cord=0.3"], courses: 3)
        #expect(ok["Brain Stem"] == RecoveryFactors(byCourse: [1: 0.5, 2: 0.25]) && ok["Cord"] == RecoveryFactors(0.3))
        for (items, words) in [(["Cord=0.5@4"], "no course 4"), (["Cord=0.5@3"], "last course"), (["Cord=1.5@1"], "outside"),
                               (["Cord=0.5@1,0.2@1"], "course 1 twice"), (["Cord=0.5", "Cord=0.2@1"], "twice"),
                               (["Cord=0.5@1,0.2"], "FRACTION@COURSE"), (["Cord=0.5@0"], "no course 0"), (["Cord=x@1"], "not a number")] {
            let (f, message) = field { _ = try RequestValues.recoveries(items, courses: 3) }
            #expect(f == .recovery && message.contains(words), "\(items): \(message)")
        }
    }

    @Test func aManifestTakesTheSameFormAndNamesTheField() throws {
        func load(_ recovery: String) throws -> BatchManifest {
            let tmp = try TemporaryFolder(prefix: "dosesum-recovery-manifest")
            let file = tmp.file("m.csv")
            try """
                id,course1_dose,course1_fractions,course2_dose,course2_fractions,course3_dose,course3_fractions,structures,recovery
                p1,a.dcm,30,b.dcm,10,c.dcm,10,s.dcm,"\(recovery)"

                """.write(toFile: file, atomically: true, encoding: .utf8)
            return try BatchManifest.load(file)
        }
        let m = try load("Cord=0.5@1,0.25@2;Stem=0.3")
        let recovery = try #require(m.patients.first).request.composite.recovery
        #expect(recovery["Cord"] == RecoveryFactors(byCourse: [1: 0.5, 2: 0.25]) && recovery["Stem"] == RecoveryFactors(0.3))
        do { _ = try load("Cord=0.5@3"); Issue.record("course 3 of 3 accepted") } catch {
            #expect("\(error)".contains("recovery") && "\(error)".contains("last course"), "\(error)")
        }
    }

    @Test(.enabled(if: available, "the dosesum executable was not built beside the tests"))
    func theCommandLineWritesPerCourseFactorsAndRefusesBadOnes() throws {
        let c = try ThreeCourseTests.threeCourses()
        defer { c.remove() }
        let set = try c.protocolFile([(130, nil)])
        let courses = ["--course", c.path("rd1.dcm") + ",fractions=30", "--course", c.path("rd2.dcm") + ",fractions=10",
                       "--course", c.path("rd3.dcm") + ",fractions=10", "--structures", c.path("rs.dcm"), "--protocol", set]
        let json = c.path("per-course.json")
        let good = try CLI.run(["check"] + courses + ["--recovery", "OpticChiasm=0.5@1,0.25@2", "--json", json])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("50 % of course 1, 25 % of course 2 discounted"), "\(good.stdout)")
        try SchemaValidationTests.expectValid([json], "per-course recovery")
        let bad = try CLI.run(["check"] + courses + ["--recovery", "OpticChiasm=0.5@3", "--json", c.path("bad.json")])
        #expect(bad.status == 2 && bad.stderr.contains("--recovery") && bad.stderr.contains("last course"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: c.path("bad.json")))
    }
}
