import DoseMetrics
import Foundation
import Testing
import DoseSumKit
import Radiobiology

/// Invariants of the check pipeline that hold whatever the dose: they need no reference numbers.
struct CheckInvariantTests {
    @Test func sameCourseTwiceDoublesEveryDoseMetric() throws {
        let f = try DemoFolder()
        let dose = f.path(DemoCase.course1Dose)
        let request = CheckRequest(composite: CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: dose, fractions: 35),
            CourseInput(label: "course2", dosePath: dose, fractions: 35),
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

/// `check` reads only the dose around the structures it samples; that must not change any dose.
struct RegionLoadingTests {
    @Test func doseReadAroundTheSamplesGivesTheWholeGridsMetrics() throws {
        let f = try DemoFolder()
        let request = CompositeRequest(courses: [
            CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
            CourseInput(label: "course2", dosePath: f.path(DemoCase.course2Dose), fractions: 30),
        ], structuresPath: f.path(DemoCase.structures), defaultAlphaBeta: 2)
        let opened = try CaseLoader.open(request)
        let set = try #require(opened.structures)
        // Three of the demo's organs, so that the boxes are smaller than the grids.
        let rois = set.rois.filter { ["BrainStem", "OpticChiasm", "SpinalCord"].contains($0.name) }
        #expect(rois.count == 3)
        let assignments = try rois.map { ROIAssignment(roi: $0, alphaBeta: try AlphaBeta(2), alphaBetaSource: "test", recovery: 0) }
        let geometry = try CheckPipeline.commonGeometry(opened, choice: .automatic)
        let samplings = CompositeEvaluator.sample(assignments, on: geometry)
        let regions = opened.regions(around: samplings.map(\.points))
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
