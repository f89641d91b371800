// DoseSum benchmarks: titled tasks per stage and end to end, per case. Release mode only:
//   swift run -c release DoseSumBenchmarks [--filter 'clinical'] [--iterations 5]
// Cases: the embedded demo (Fixtures/demo), plus small / clinical / large from
// ../shared/peers/gen_cases.py when found in $DOSESUM_BENCH_CASES (default /tmp/peer-cases).
// scripts/bench.sh generates those cases and runs the peer tools side by side.
import Benchmark
import CompositeDose
import DICOMIO
import DoseMetrics
import DoseSumKit
import Foundation
import Grids
import Masks
import Radiobiology
import Reports
import RTCore

let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let casesDir = ProcessInfo.processInfo.environment["DOSESUM_BENCH_CASES"] ?? "/tmp/peer-cases"

/// One benchmark case: a check request and its inputs prepared once.
struct BenchCase {
    var name: String
    var request: CheckRequest

    static func demo() -> BenchCase {
        BenchCase(name: "demo", request: DemoCase.request(folder: repo.appendingPathComponent("Fixtures/demo").path))
    }

    /// A case written by gen_cases.py: dose_course1/2.dcm, rtstruct.dcm and case.json (fractions, α/β).
    static func peer(_ name: String) -> BenchCase? {
        let dir = URL(fileURLWithPath: casesDir).appendingPathComponent(name)
        guard let data = try? Data(contentsOf: dir.appendingPathComponent("case.json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fx = json["fractions"] as? [String: Int], let ab = json["alpha_beta"] as? [String: Double] else { return nil }
        func p(_ f: String) -> String { dir.appendingPathComponent(f).path }
        let composite = CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: p("dose_course1.dcm"), fractions: fx["course1"]),
            CourseInput(label: "course2", dosePath: p("dose_course2.dcm"), fractions: fx["course2"]),
        ], structuresPath: p("rtstruct.dcm"), alphaBeta: ab)
        return BenchCase(name: name, request: CheckRequest(composite: composite))
    }
}

func suite(for c: BenchCase) throws -> BenchmarkSuite {
    let loaded = try CaseLoader.load(c.request.composite)
    let opened = try CaseLoader.open(c.request.composite)
    let geometry = try CheckPipeline.commonGeometry(loaded, choice: .automatic)
    let structures = loaded.structures!
    let rois = structures.rois.filter { !$0.contours.isEmpty }
    let assignments = try rois.map { roi in
        ROIAssignment(roi: roi, alphaBeta: try AlphaBeta(c.request.composite.alphaBeta[roi.name] ?? 2), alphaBetaSource: .other("bench"), recovery: 0)
    }
    // The check path: survey, dose around the voxels, coarse choice, sample points.
    let survey = try CompositeEvaluator.survey(assignments, on: geometry)
    let regions = opened.regions(aroundVoxelsOf: survey.voxels)
    let region = try opened.readDoses(regions: regions)
    let coarse = SamplingRefinement.coarseVoxels(survey: survey, courses: region.courses, assignments: assignments, metrics: CheckPipeline.baseMetrics)
    let samplings = survey.samplings(coarse: coarse)
    let pointDoses = try PointDoses.batch(courses: region.courses, pointSets: samplings.map(\.points), weightSets: samplings.map(\.weights),
                                          alphaBetas: assignments.map(\.alphaBeta), recoveries: assignments.map(\.recovery), keepPhysical: false)
    let plotCurve = DVHCurveRequest(points: 121, unit: .percent)  // the report's plot curve
    let outcome = try CheckPipeline.run(c.request)
    let provenanceInputs = try ProvenanceCollector.inputs(of: c.request)
    let inputBytes = Double(outcome.report.provenance?.files.reduce(0) { $0 + $1.bytes } ?? 0)
    let voxels = loaded.courses.map { $0.dose.grid.geometry.voxelCount }
    let title = "\(c.name) (\(voxels.map { String(format: "%.2f M", Double($0) / 1e6) }.joined(separator: " / ")) voxels, common \(String(format: "%.2f M", Double(geometry.voxelCount) / 1e6)))"
    return BenchmarkSuite(name: title, settings: Iterations(5), WarmupIterations(1)) { s in
        s.benchmark("DCMTK alone: loadFile + loadAllDataIntoMemory of the 3 files") {
            for p in c.request.composite.courses.map(\.dosePath) + [c.request.composite.structuresPath!] { try DICOMReader.loadOnly(at: p) }
        }
        s.benchmark("load whole grids (2 RTDOSE + RTSTRUCT into validated values, as export)") { _ = try CaseLoader.load(c.request.composite) }
        s.benchmark("open (dose headers + RTSTRUCT, as check)") { _ = try CaseLoader.open(c.request.composite) }
        s.benchmark("read the doses around the ROIs' voxels (as check)") {
            _ = try opened.readDoses(regions: opened.regions(aroundVoxelsOf: survey.voxels))
        }
        s.benchmark("resample course 1 onto the common grid") {
            _ = resample(loaded.courses[0].dose.grid, onto: geometry, transform: loaded.courses[0].commonToCourse)
        }
        s.benchmark("EQD2 sum, voxelwise (export map)") {
            _ = try compositeEQD2(courses: loaded.courses, onto: geometry, alphaBeta: .uniform(try AlphaBeta(2)))
        }
        s.benchmark("rasterise \(rois.count) ROIs, every boundary voxel fine (fractional occupancy)") {
            _ = try CompositeEvaluator.sample(assignments, on: geometry)
        }
        s.benchmark("survey \(rois.count) ROIs (voxels, fractions, volumes; as check)") {
            _ = try CompositeEvaluator.survey(assignments, on: geometry)
        }
        s.benchmark("bound the dose per voxel, choose coarse boundary voxels (as check)") {
            _ = SamplingRefinement.coarseVoxels(survey: survey, courses: region.courses, assignments: assignments, metrics: CheckPipeline.baseMetrics)
        }
        s.benchmark("write the sample points, coarse where chosen (as check: \(samplings.reduce(0) { $0 + $1.points.count }) of \(survey.samplings().reduce(0) { $0 + $1.points.count }) samples)") {
            _ = survey.samplings(coarse: coarse)
        }
        s.benchmark("point EQD2 + DVH metrics, \(rois.count) ROIs, every dose set (as check)") {
            _ = try CompositeEvaluator.evaluate(courses: region.courses, assignments: assignments, samplings: samplings,
                                                metrics: CheckPipeline.baseMetrics, curve: plotCurve)
        }
        // the two halves of the step above, each alone
        s.benchmark("  of which point doses: trilinear dose, EQD2 per course and sum, \(rois.count) ROIs") {
            _ = try PointDoses.batch(courses: region.courses, pointSets: samplings.map(\.points), weightSets: samplings.map(\.weights),
                                     alphaBetas: assignments.map(\.alphaBeta), recoveries: assignments.map(\.recovery), keepPhysical: false)
        }
        s.benchmark("  of which DVH metrics and plot curve of every dose set, one thread") {
            for (n, p) in pointDoses.enumerated() {
                for doses in p.eqd2 + [p.composite] {
                    _ = try StructureMetrics(sampling: samplings[n], doses: doses, metrics: CheckPipeline.baseMetrics, curve: plotCurve)
                }
            }
        }
        s.benchmark("reports (JSON + CSV + HTML)") {
            _ = try JSONReportRenderer.render(outcome.report)
            _ = CSVReportRenderer.render(outcome.report)
            _ = HTMLReportRenderer.render(outcome.report)
        }
        s.benchmark("provenance: SHA-256 of the input files (\(String(format: "%.0f", inputBytes / 1e6)) MB, swift-crypto)") {
            _ = try ProvenanceCollector.collect(provenanceInputs, commandLine: [], now: Date())
        }
        s.benchmark("check, end to end") { _ = try CheckPipeline.run(c.request) }
        // Uncertainty bands (issue 16): the default registration scenarios against none; the floor is
        // at most 1.5× the time of check without scenarios (and 1.2× its memory: scripts/bench.sh).
        var withoutScenarios = c.request
        withoutScenarios.setupUncertainty = .none
        var withScenarios = c.request
        withScenarios.setupUncertainty = .default
        s.benchmark("check, end to end, no scenarios (--setup-uncertainty none)") { _ = try CheckPipeline.run(withoutScenarios) }
        s.benchmark("check, end to end, default scenarios (2mm,1deg: 12 + nominal)") { _ = try CheckPipeline.run(withScenarios) }
        s.benchmark("export, end to end (writes a temporary RTDOSE)") {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("dosesum-bench-\(UUID().uuidString).dcm").path
            var composite = c.request.composite
            composite.defaultAlphaBeta = 2
            composite.alphaBeta = [:]
            _ = try ExportPipeline.run(ExportPipeline.Request(composite: composite, output: out, overwrite: false))
            try? FileManager.default.removeItem(atPath: out)
        }
    }
}

var cases = [BenchCase.demo()]
for name in ["small", "clinical", "large"] {
    if let c = BenchCase.peer(name) { cases.append(c) } else {
        FileHandle.standardError.write(Data("benchmarks: no '\(name)' case in \(casesDir) (run scripts/bench.sh to generate it); skipped\n".utf8))
    }
}
var suites: [BenchmarkSuite] = []
for c in cases {
    do { suites.append(try suite(for: c)) } catch {
        FileHandle.standardError.write(Data("benchmarks: case \(c.name) failed to prepare: \(error)\n".utf8))
    }
}
Benchmark.main(suites)
