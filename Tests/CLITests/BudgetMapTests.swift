import DICOMIO
import DoseSumKit
import Foundation
import Grids
import RTCore
import RTModel
import Testing
import TestSupport

/// Two overlapping organs in a uniform course-1 dose of 50 Gy in 25 fractions (2 Gy per fraction, so
/// its EQD2 is 50 Gy at every α/β): BrainStem, a cylinder of radius 6 mm about (0, 0), and SpinalCord,
/// the same about (6, 0), contours every 2 mm from z = −4 to 4 mm. The user set's maximum rows:
/// - BrainStem D0.03cc ≤ 70.2 (desirable), < 81 (acceptable), α/β 2;
/// - SpinalCord D0.03cc ≤ 64 (desirable), < 72 (acceptable), α/β 3; and a SpinalCord Dmean ≤ 60 row (R = 10, which would leave 14.3 Gy),
///   which is no point limit and must not count.
/// By hand, course 2 in 30 fractions, D = 15·(−a + √(a² + 4R(2 + a)/30)):
/// - BrainStem desirable: R = 20.2, D = 15·(−2 + √14.7733) = 27.654 Gy;
/// - SpinalCord desirable: R = 14, D = 15·(−3 + √18.3333) = 19.226 Gy;
/// - BrainStem acceptable: R = 31, D = 37.971 Gy; SpinalCord acceptable: R = 22, D = 27.973 Gy.
/// A second prior course of 10 Gy in 5 fractions (EQD2 10 Gy at every α/β) raises the used EQD2 to 60 Gy:
/// BrainStem desirable R = 10.2, D = 15·(−2 + √9.44) = 16.087 Gy; SpinalCord desirable R = 4,
/// D = 15·(−3 + √11.6667) = 6.235 Gy.
/// (The 25.96 Gy for R = 20.2, α/β 2, 30 fractions does not solve its own quadratic:
/// 25.96·(25.96/30 + 2)/4 = 18.60, not 20.2; 27.654·(27.654/30 + 2)/4 = 20.200.)
struct TwoOrganBudgetCase {
    let folder: URL
    static let patient = PatientIdentity(name: "Budget^Map", id: "BMAP-1")
    static let frame: UID = "1.2.826.0.1.3680043.10.1.171"
    static let geometry = GridGeometry(origin: SIMD3(-20, -20, -20), spacing: SIMD3(repeating: 2.5), size: SIMD3(17, 17, 17))
    static let brainStemDesirable = 27.654, spinalCordDesirable = 19.226
    static let brainStemAcceptable = 37.971, spinalCordAcceptable = 27.973
    static let brainStemAfterTwo = 16.087, spinalCordAfterTwo = 6.235

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-budgetmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let d = DoseDistribution(grid: Fields.grid(Self.geometry) { _ in 50 }, frameOfReference: Self.frame, patient: Self.patient)
        try DICOMWriter.writeDose(d, to: path("rd1.dcm"), seriesDescription: "course 1")
        let second = DoseDistribution(grid: Fields.grid(Self.geometry) { _ in 10 }, frameOfReference: Self.frame, patient: Self.patient)
        try DICOMWriter.writeDose(second, to: path("rd0.dcm"), seriesDescription: "a second prior course")
        var stem = SlabPhantom.cylinderZ(centre: SIMD2(0, 0), radius: 6, z0: -4, z1: 4, spacing: 2).roi(number: 1)
        stem.name = "BrainStem"
        var cord = SlabPhantom.cylinderZ(centre: SIMD2(6, 0), radius: 6, z0: -4, z1: 4, spacing: 2).roi(number: 2)
        cord.name = "SpinalCord"
        try DICOMWriter.writeStructureSet(StructureSet(frameOfReference: Self.frame, rois: [stem, cord], patient: Self.patient), to: path("rs.dcm"))
        let rows = [
            "{organ: BrainStem, metric: D0.03cc, level: desirable, comparator: \"<=\", limit_gy: 70.2, alpha_beta_gy: 2}",
            "{organ: BrainStem, metric: D0.03cc, level: acceptable, comparator: \"<\", limit_gy: 81, alpha_beta_gy: 2}",
            "{organ: SpinalCord, metric: D0.03cc, level: desirable, comparator: \"<=\", limit_gy: 64, alpha_beta_gy: 3}",
            "{organ: SpinalCord, metric: D0.03cc, level: acceptable, comparator: \"<\", limit_gy: 72, alpha_beta_gy: 3}",
            "{organ: SpinalCord, metric: Dmean, level: desirable, comparator: \"<=\", limit_gy: 60, alpha_beta_gy: 3}",
        ]
        try (["id: two-organ-test", "title: Two organs", "citation: written by the test", "constraints:"] + rows.map { "  - " + $0 })
            .joined(separator: "\n").write(toFile: path("set.yaml"), atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: folder) }

    func request(_ map: BudgetMapRequest?) -> BudgetPipeline.Request {
        var r = BudgetPipeline.Request(course1: CourseInput(label: "course1", dosePath: path("rd1.dcm"), fractions: 25),
                                       structuresPath: path("rs.dcm"), course2Fractions: 30, protocolID: path("set.yaml"),
                                       setupUncertainty: .none)
        r.map = map
        return r
    }

    var cliArguments: [String] {
        ["budget", "--course1-dose", path("rd1.dcm"), "--course1-fractions", "25", "--structures", path("rs.dcm"),
         "--course2-fractions", "30", "--protocol", path("set.yaml"), "--setup-uncertainty", "none"]
    }
}

/// The value of a grid at the voxel whose centre is `p` (LPS, mm).
func voxel(_ grid: Grid<Float>, at p: SIMD3<Double>) throws -> Double {
    let ijk = grid.geometry.index(of: p)
    let r = ijk.rounded(.toNearestOrEven)
    try #require(abs(ijk.x - r.x) < 1e-6 && abs(ijk.y - r.y) < 1e-6 && abs(ijk.z - r.z) < 1e-6, "\(p) is no voxel centre")
    return Double(grid.values[grid.geometry.linearIndex(Int(r.x), Int(r.y), Int(r.z))])
}

@Suite(.serialized) struct BudgetMapTests {
    static let cliAvailable = CLI.executable != nil
    static let pydicomAvailable = SharedRequirement.pythonHas("pydicom, numpy")
    static let plastimatch = ["/usr/bin/plastimatch", "/usr/local/bin/plastimatch"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func theQuadraticsRootLeavesExactlyTheRemainingEQD2() {
        // used 50 Gy EQD2, α/β 2, limit 70.2, 30 fractions: 27.654 Gy, whose EQD2 is 20.2 Gy.
        let bound = BudgetMap.Bound(kind: .cumulativeEQD2, limitGy: 70.2, alphaBetaGy: 2)
        let d = BudgetMap.doseLeft(bound, priorGy: [50], priorFractions: [25], course2Fractions: 30)
        #expect(abs(d - 27.654) < 0.001, "\(d)")
        let eqd2: Double = d * (d / 30 + 2) / 4
        #expect(abs(eqd2 - 20.2) < 1e-9)
        // nothing left once course 1 reaches the limit; a course-2 physical row leaves its limit
        #expect(BudgetMap.doseLeft(bound, priorGy: [71], priorFractions: [35], course2Fractions: 30) == 0)
        #expect(BudgetMap.doseLeft(.init(kind: .course2Physical, limitGy: 12, alphaBetaGy: 0), priorGy: [60], priorFractions: [30], course2Fractions: 5) == 12)
    }

    @Test func eachVoxelHoldsTheLeastSolutionOfTheOrgansOccupyingIt() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        let outcome = try BudgetPipeline.run(c.request(BudgetMapRequest(output: c.path("map.dcm"))))
        let map = try #require(outcome.mapGrid)
        let (read, _) = try DICOMReader.readDose(at: c.path("map.dcm"))
        #expect(read.grid.geometry.isSame(as: TwoOrganBudgetCase.geometry), "the map is on course 1's grid")
        for grid in [map, read.grid] {
            #expect(abs(try voxel(grid, at: SIMD3(-5, 0, 0)) - TwoOrganBudgetCase.brainStemDesirable) < 0.01)  // brain stem only
            #expect(abs(try voxel(grid, at: SIMD3(2.5, 0, 0)) - TwoOrganBudgetCase.spinalCordDesirable) < 0.01)  // both: the smaller
            // centre 0.5 mm outside the cord, the voxel partly in it: bounded by it (occupancy > 0)
            #expect(abs(try voxel(grid, at: SIMD3(12.5, 0, 0)) - TwoOrganBudgetCase.spinalCordDesirable) < 0.01)
            #expect(try voxel(grid, at: SIMD3(17.5, 0, 0)) == 100)  // no organ: the default ceiling
            #expect(try voxel(grid, at: SIMD3(0, 0, 12.5)) == 100)
        }
        #expect(read.doseType == .effective && read.frameOfReference == TwoOrganBudgetCase.frame)
        let summary = try #require(outcome.map)
        #expect(summary.level == "strictest" && summary.ceilingGy == 100 && summary.grid == "course 1 dose grid")
        #expect(summary.regions.map(\.roi) == ["BrainStem", "SpinalCord"])
        #expect(summary.regions[1].rows.count == 2, "the Dmean row does not count: \(summary.regions[1].rows)")
        #expect(summary.cappedVoxels == 0 && summary.exhaustedVoxels == 0 && summary.limitedVoxels > 0)
    }

    @Test func aLevelACeilingAndAGridOfItsOwn() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        let outcome = try BudgetPipeline.run(c.request(BudgetMapRequest(output: c.path("map.dcm"), level: .acceptable, ceilingGy: 80,
                                                                         gridSpacingMM: 2)))
        let map = try #require(outcome.mapGrid)
        let g = map.geometry
        #expect(g.spacing == SIMD3(repeating: 2) && g.direction == .identity)
        #expect(g.origin.x.remainder(dividingBy: 2) == 0 && g.origin.z.remainder(dividingBy: 2) == 0, "voxel centres at whole multiples of 2 mm: \(g.origin)")
        #expect(abs(try voxel(map, at: SIMD3(-4, 0, 0)) - TwoOrganBudgetCase.brainStemAcceptable) < 0.01)
        #expect(abs(try voxel(map, at: SIMD3(2, 0, 0)) - TwoOrganBudgetCase.spinalCordAcceptable) < 0.01)
        #expect(try voxel(map, at: SIMD3(14, 0, 0)) == 80)
        // every contour point lies inside the span of the voxel centres
        #expect(g.origin.x <= -6 && g.point(atIndex: SIMD3<Double>(g.size &- 1)).x >= 12)
        #expect(outcome.map?.level == "acceptable" && outcome.map?.grid == "2 mm covering the structures")
        // a level the set does not have is a usage error naming it
        #expect(throws: DoseSumError.self) { try BudgetPipeline.run(c.request(BudgetMapRequest(output: c.path("m2.dcm"), level: .protocol))) }
        #expect(!FileManager.default.fileExists(atPath: c.path("m2.dcm")))
    }

    @Test func aSecondPriorCourseAddsItsEQD2BeforeSolving() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        var request = c.request(BudgetMapRequest(output: c.path("map.dcm")))
        request.priors = [CourseInput(label: "prior2", dosePath: c.path("rd0.dcm"), fractions: 5)]
        let outcome = try BudgetPipeline.run(request)
        let map = try #require(outcome.mapGrid)
        #expect(abs(try voxel(map, at: SIMD3(-5, 0, 0)) - TwoOrganBudgetCase.brainStemAfterTwo) < 0.01)
        #expect(abs(try voxel(map, at: SIMD3(2.5, 0, 0)) - TwoOrganBudgetCase.spinalCordAfterTwo) < 0.01)
        // the table: used is the sum of both courses' EQD2 (60 Gy) and the dose left the same roots
        let stem = try #require(outcome.lines.first { $0.roi == "BrainStem" && $0.level == "desirable" })
        let used = try #require(stem.usedGy), left = try #require(stem.remainingPhysicalGy)
        #expect(abs(used - 60) < 0.01 && abs(left - TwoOrganBudgetCase.brainStemAfterTwo) < 0.01, "\(used) \(left)")
        // the same course twice is refused, nothing written
        request.priors = [CourseInput(label: "prior2", dosePath: c.path("rd1.dcm"), fractions: 25)]
        request.map = BudgetMapRequest(output: c.path("twice.dcm"))
        #expect(throws: DoseSumError.self) { try BudgetPipeline.run(request) }
        #expect(!FileManager.default.fileExists(atPath: c.path("twice.dcm")))
    }

    @Test func aPriorCourseInAnotherFrameNeedsAndUsesItsMapping() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        // the second prior's 10 Gy, written in another frame of reference
        let other = DoseDistribution(grid: Fields.grid(TwoOrganBudgetCase.geometry) { _ in 10 }, frameOfReference: "1.2.826.0.1.3680043.10.1.172",
                                     patient: TwoOrganBudgetCase.patient)
        try DICOMWriter.writeDose(other, to: c.path("rd0_other.dcm"), seriesDescription: "a prior course in another frame")
        var request = c.request(nil)
        request.priors = [CourseInput(label: "prior2", dosePath: c.path("rd0_other.dcm"), fractions: 5)]
        #expect { try BudgetPipeline.run(request) } throws: { ($0 as? DoseSumError)?.message.contains("registration or matrix") == true }
        // mapped by a 1 mm shift (the dose is uniform, so the answer is that of the shared frame)
        request.priors[0].matrix = [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        let stem = try #require(try BudgetPipeline.run(request).lines.first { $0.roi == "BrainStem" && $0.level == "desirable" })
        let used = try #require(stem.usedGy), left = try #require(stem.remainingPhysicalGy)
        #expect(abs(used - 60) < 0.01 && abs(left - TwoOrganBudgetCase.brainStemAfterTwo) < 0.01, "\(used) \(left)")
    }

    @Test(.requires(pydicomAvailable, "needs python3 with pydicom and numpy"))
    func pydicomReadsTheMapAsWrittenToTheQuantisationStep() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        let out = c.path("map.dcm")
        let outcome = try BudgetPipeline.run(c.request(BudgetMapRequest(output: out)))
        let map = try #require(outcome.mapGrid)
        let raw = c.path("map.f32")
        try map.values.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: raw))
        let script = """
            import sys, numpy as np, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            assert ds.Modality == "RTDOSE" and ds.DoseType == "EFFECTIVE" and ds.DoseUnits == "GY", (ds.DoseType, ds.DoseUnits)
            assert "budget" in ds.SeriesDescription and "30 fractions" in ds.ImageComments and "two-organ-test" in ds.ImageComments
            assert "strictest" in ds.ImageComments and "ceiling 100 Gy" in ds.ImageComments
            scaling = float(ds.DoseGridScaling)
            read = ds.pixel_array.astype(np.float64) * scaling
            mine = np.fromfile(sys.argv[2], dtype="<f4").astype(np.float64).reshape(read.shape)
            diff = float(np.abs(read - mine).max())
            print(diff, scaling, read.shape)
            sys.exit(0 if diff <= 0.5 * scaling * (1 + 1e-6) else 1)
            """
        let r = try Subprocess.run(["python3", "-c", script, out, raw], mergeStderr: true)
        #expect(r.status == 0, "pydicom: \(r.stdout)")
    }

    @Test(.enabled(if: plastimatch != nil, "plastimatch is not installed"))
    func plastimatchLoadsTheMap() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        let out = c.path("map.dcm")
        _ = try BudgetPipeline.run(c.request(BudgetMapRequest(output: out)))
        let r = try Subprocess.run([try #require(Self.plastimatch), "convert", "--input-dose-img", out, "--output-dose-img", c.path("map.mha")],
                                   mergeStderr: true)
        #expect(r.status == 0, "plastimatch: \(r.stdout)")
        let stats = try Subprocess.run([try #require(Self.plastimatch), "stats", c.path("map.mha")], mergeStderr: true)
        // MAX of the map is the ceiling, MIN the spinal cord's dose left
        #expect(stats.status == 0 && stats.stdout.contains("MAX 100"), "plastimatch stats: \(stats.stdout)")
    }

    @Test(.requires(cliAvailable, "the dosesum executable was not built beside the tests"))
    func theCommandWritesAMapItsOwnReaderLoadsAndNeverOverwritesWithoutForce() throws {
        let c = try TwoOrganBudgetCase()
        defer { c.remove() }
        let out = c.path("map.dcm"), json = c.path("b.json")
        let run = try CLI.run(c.cliArguments + ["--map-output", out, "--json", json])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("budget map (strictest limits, course 2 in 30 fractions)"), "\(run.stdout)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let map = try #require(doc["map"] as? [String: Any])
        #expect(map["ceiling_gy"] as? Double == 100 && map["level"] as? String == "strictest")
        let inspect = try CLI.run(["inspect", out])
        #expect(inspect.status == 0 && inspect.stdout.contains("EFFECTIVE"), "inspect: \(inspect.stdout) \(inspect.stderr)")
        // existing without --force: exit 2, nothing written (neither the map nor the JSON)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        try FileManager.default.removeItem(atPath: json)
        let again = try CLI.run(c.cliArguments + ["--map-output", out, "--json", json])
        #expect(again.status == 2 && again.stderr.contains("--map-output"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before && !FileManager.default.fileExists(atPath: json))
        #expect(try CLI.run(c.cliArguments + ["--map-output", out, "--force"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) != before)
        // map options without a map are refused, not ignored
        let stray = try CLI.run(c.cliArguments + ["--level", "acceptable"])
        #expect(stray.status == 2 && stray.stderr.contains("--level") && stray.stderr.contains("--map-output"), "\(stray.stderr)")
        // a second prior course from the command line: the map and the table after 60 Gy EQD2
        let two = try CLI.run(c.cliArguments + ["--prior", c.path("rd0.dcm") + ",fractions=5", "--map-output", c.path("two.dcm")])
        #expect(two.status == 0 && two.stdout.contains("the sum of 2 prior courses"), "\(two.stdout) \(two.stderr)")
        let (twoMap, _) = try DICOMReader.readDose(at: c.path("two.dcm"))
        #expect(abs(try voxel(twoMap.grid, at: SIMD3(-5, 0, 0)) - TwoOrganBudgetCase.brainStemAfterTwo) < 0.01)
        let noFractions = try CLI.run(c.cliArguments + ["--prior", c.path("rd0.dcm")])
        #expect(noFractions.status == 2 && noFractions.stderr.contains("--prior") && noFractions.stderr.contains("fractions=N"), "\(noFractions.stderr)")
        let badLevel = try CLI.run(c.cliArguments + ["--map-output", c.path("m3.dcm"), "--level", "protocol"])
        #expect(badLevel.status == 2 && badLevel.stderr.contains("--level protocol"), "\(badLevel.stderr)")
        #expect(!FileManager.default.fileExists(atPath: c.path("m3.dcm")))
    }
}
