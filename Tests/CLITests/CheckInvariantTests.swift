import CompositeDose
import DoseMetrics
import Foundation
import Testing
import DoseSumKit
import Masks
import Radiobiology

/// Invariants of the check pipeline that hold whatever the dose: they need no reference numbers.
struct CheckInvariantTests {
    @Test func sameCourseTwiceDoublesEveryDoseMetric() throws {
        let f = try DemoFolder()
        // the same dose as two courses (a copy: one file given twice is refused as a course given twice)
        let dose = f.path(DemoCase.course1Dose), again = f.path("course1_again.dcm")
        try FileManager.default.copyItem(atPath: dose, toPath: again)
        let request = CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: dose, fractions: 35),
            CourseInput(label: "course2", dosePath: again, fractions: 35),
        ], structuresPath: f.path(DemoCase.structures)))
        let outcome = try CheckPipeline.run(request)
        #expect(outcome.results.count == 8)
        for r in outcome.results {
            for metric in [DoseMetric.doseAtAbsoluteVolume(cc: 0.03), .dmax, .dmean, .dmin] {
                let single = try #require(r.courses[0].values[metric]?.number)
                let other = try #require(r.courses[1].values[metric]?.number)
                let sum = try #require(r.composite.values[metric]?.number)
                #expect(single == other)
                #expect(abs(sum - 2 * single) <= 1e-4 * max(1, single), "\(r.name) \(metric): \(sum) vs 2×\(single)")
            }
            #expect(abs(r.courses[0].volume.value - r.composite.volume.value) < 1e-12)
        }
    }

    @Test func recoveryDiscountsOnlyCourseOne() throws {
        let f = try DemoFolder()
        let request = CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
            CourseInput(label: "course2", dosePath: f.path(DemoCase.course2Dose), fractions: 30),
        ], structuresPath: f.path(DemoCase.structures), recovery: ["SpinalCord": 1.0]))
        let outcome = try CheckPipeline.run(request)
        let cord = try #require(outcome.results.first { $0.name == "SpinalCord" })
        let discounted = try #require(cord.compositeDiscounted)
        // With full recovery the discounted composite is course 2 alone, sample for sample.
        let c2 = try #require(cord.courses[1].values[.dmax]?.number)
        #expect(abs(try #require(discounted.values[.dmax]?.number) - c2) < 1e-4)
        // The undiscounted composite is reported beside it and is not smaller.
        #expect(try #require(cord.composite.values[.dmax]?.number) >= c2)
        let report = try #require(outcome.report.rois.first { $0.name == "SpinalCord" })
        #expect(report.compositeUndiscounted != nil)
        #expect(report.recovery == 1.0)
    }
}

/// Fractions and prescriptions read from the plans the demo writer wrote (35 × 70 Gy, 30 × 60 Gy).
struct PlanInputTests {
    @Test func fractionsAndPrescriptionComeFromThePlans() throws {
        let f = try DemoFolder()
        let outcome = try CheckPipeline.run(DemoCase.request(folder: f.url.appendingPathComponent("case").path))
        let i = outcome.report.inputs
        #expect(i.course1.fractions == 35)
        #expect(i.course2.fractions == 30)
        #expect(i.course1.prescriptionGy == 70)
        #expect(i.course2.prescriptionGy == 60)
        #expect(i.course1.planUID?.isEmpty == false)
    }
}

/// `check` reads only the dose around the voxels of the structures it samples; that must not change
/// any dose.
struct RegionLoadingTests {
    @Test func doseReadAroundTheSamplesGivesTheWholeGridsMetrics() throws {
        let f = try DemoFolder()
        let opened = try CaseLoader.open(demoRequest(f))
        let set = try #require(opened.structures)
        // Three of the demo's organs, so that the boxes are smaller than the grids.
        let rois = set.rois.filter { ["BrainStem", "OpticChiasm", "SpinalCord"].contains($0.name) }
        #expect(rois.count == 3)
        let assignments = try rois.map { ROIAssignment(roi: $0, alphaBeta: try AlphaBeta(2), alphaBetaSource: .other("test"), recovery: 0) }
        let geometry = try CheckPipeline.commonGeometry(opened, choice: .automatic)
        let survey = try CompositeEvaluator.survey(assignments, on: geometry)
        let samplings = survey.samplings()
        // the boxes check reads (around the voxels), and the boxes around the sample points
        let regions = opened.regions(aroundVoxelsOf: survey.voxels)
        #expect(zip(regions, opened.regions(around: samplings.map(\.points))).allSatisfy { a, b in
            guard let a, let b else { return false }
            return all(a.lower .<= b.lower) && all(a.upper .>= b.upper)
        }, "the voxel boxes hold every sample point")
        let part = try opened.readDoses(regions: regions)
        let whole = try opened.readDoses()
        for c in part.courses {
            #expect(c.dose.grid.geometry.voxelCount < c.dose.fileGeometry.voxelCount, "\(c.label) was read whole")
        }
        let metrics: [DoseMetric] = [.doseAtAbsoluteVolume(cc: 0.03), .dmax, .dmean, .dmin]
        let a = try CompositeEvaluator.evaluate(courses: part.courses, assignments: assignments, samplings: samplings, metrics: metrics)
        let b = try CompositeEvaluator.evaluate(courses: whole.courses, assignments: assignments, samplings: samplings, metrics: metrics)
        for (x, y) in zip(a, b) {
            #expect(x.outsideFraction == y.outsideFraction)
            for m in metrics {
                let u = try #require(x.composite.values[m]?.number), v = try #require(y.composite.values[m]?.number)
                // Indices are computed on the whole grid and shifted by the box corner: identical doses.
                #expect(u == v, "\(x.name) \(m): \(u) vs \(v)")
            }
        }
    }
}

/// `check` samples boundary voxels coarse where the dose cannot reach a reported metric's range
/// (`SamplingRefinement`); the metrics must be those of sampling every boundary voxel fine.
struct CoarseSamplingInvariantTests {
    @Test func coarseVoxelsChangeNoReportedNearMaximumOrNearMinimumMetric() throws {
        let f = try DemoFolder()
        let (assignments, survey, loaded) = try demoSurvey(f)
        let exact: [DoseMetric] = [.doseAtAbsoluteVolume(cc: 0.03), .doseAtAbsoluteVolume(cc: 0.1), .doseAtAbsoluteVolume(cc: 1),
                                   .dmax, .dmin, .doseAtRelativeVolume(percent: 2), .doseAtRelativeVolume(percent: 50),
                                   .doseAtRelativeVolume(percent: 95)]
            + [.volumeAtDose(gy: 30, relative: false), .volumeAtDose(gy: 60, relative: false), .volumeAtDose(gy: 45, relative: true)]
        let metrics = exact + [.dmean, .volume]
        let coarse = SamplingRefinement.coarseVoxels(survey: survey, courses: loaded.courses, assignments: assignments, metrics: metrics)
        let a = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: assignments, samplings: survey.samplings(coarse: coarse),
                                                metrics: metrics)
        let b = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: assignments, samplings: survey.samplings(),
                                                metrics: metrics)
        let coarseVoxels = coarse.reduce(0) { $0 + $1.filter { $0 }.count }
        #expect(coarseVoxels > 0, "no voxel was sampled coarse: the test would prove nothing")
        var worstMean = 0.0
        for (x, y) in zip(a, b) {
            #expect(x.volume == y.volume)
            for (u, v) in zip(x.courses + [x.composite] + [x.compositeDiscounted].compactMap { $0 },
                              y.courses + [y.composite] + [y.compositeDiscounted].compactMap { $0 }) {
                for m in exact {
                    // equal up to rounding: % volumes refer to Σ sample weights, and a coarse strip's
                    // Float weight rounds differently from the sum of its cells' (~1e-7 relative)
                    let p = u.values[m]?.number, q = v.values[m]?.number
                    #expect(p == q || (p != nil && q != nil && abs(p! - q!) <= 1e-6 * max(1, abs(q!))), "\(x.name) \(m): \(String(describing: p)) vs \(String(describing: q))")
                }
                let p = try #require(u.values[.dmean]?.number), q = try #require(v.values[.dmean]?.number)
                worstMean = max(worstMean, abs(p - q))
            }
        }
        // The mean moves only by the dose spread inside coarse strips, far from every reported extreme.
        #expect(worstMean < 0.05, "Dmean moved by \(worstMean) Gy")
        print("[CheckInvariantTests] \(coarseVoxels) boundary voxels coarse; Dmean moved by at most \(worstMean) Gy")
    }
}

/// The demo case surveyed as `check` does (every ROI with contours; α/β 2 or 3 Gy and 25 % recovery
/// on every third ROI, to cover each dose set), with the dose read around the surveyed voxels.
func demoSurvey(_ f: DemoFolder) throws -> (assignments: [ROIAssignment], survey: StructureSurvey, loaded: LoadedCase) {
    let opened = try CaseLoader.open(demoRequest(f))
    let set = try #require(opened.structures)
    let assignments = try set.rois.filter { !$0.contours.isEmpty }.enumerated().map { n, roi in
        ROIAssignment(roi: roi, alphaBeta: try AlphaBeta(n % 2 == 0 ? 2 : 3), alphaBetaSource: .other("test"), recovery: n % 3 == 0 ? 0.25 : 0)
    }
    let geometry = try CheckPipeline.commonGeometry(opened, choice: .automatic)
    let survey = try CompositeEvaluator.survey(assignments, on: geometry)
    return (assignments, survey, try opened.readDoses(regions: opened.regions(aroundVoxelsOf: survey.voxels)))
}

/// The demo case's two courses (35 and 30 fractions) and structures, α/β 2 Gy by default.
func demoRequest(_ f: DemoFolder) -> CompositeRequest {
    CompositeRequest(courses: [
        CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
        CourseInput(label: "course2", dosePath: f.path(DemoCase.course2Dose), fractions: 30),
    ], structuresPath: f.path(DemoCase.structures), defaultAlphaBeta: 2)
}
