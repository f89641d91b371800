import CompositeDose
import DoseMetrics
import Foundation
import Testing
import DoseSumKit
import Radiobiology

/// Issue 18 item 5: a structure's metrics on a given dose do not depend on the common grid (`--grid`)
/// or on the command (`check`, `metrics`, `budget`). The invariant needs no reference numbers: the
/// same course-1 dose, the same structures, the same α/β must give the same course-1 D0.03cc, Dmax
/// and volume (within 0.05 Gy and 0.1 %) however the common grid is chosen and whichever command asks.
struct LatticeIndependenceTests {
    static let grids: [(String, GridChoice)] = [("course1", .course1), ("course2", .course2), ("auto", .automatic),
                                                ("1", .spacing(1)), ("2", .spacing(2)), ("3", .spacing(3))]
    static let doseTolerance = 0.05
    static let volumeTolerance = 0.001

    @Test func demoCourseOneMetricsAgreeOnEveryGridAndCommand() throws {
        let f = try DemoFolder()
        func check(_ grid: GridChoice) throws -> [ROIDoseResult] {
            try CheckPipeline.run(CheckRequest(composite: CompositeRequest(courses: [
                CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
                CourseInput(label: "course2", dosePath: f.path(DemoCase.course2Dose), fractions: 30),
            ], structuresPath: f.path(DemoCase.structures), grid: grid))).results
        }
        let reference = try check(.automatic)
        #expect(reference.count == 8)
        for (label, grid) in Self.grids.dropFirst() where label != "auto" {
            let other = try check(grid)
            for (a, b) in zip(reference, other) {
                #expect(a.name == b.name)
                for course in 0..<2 {
                    for metric in [DoseMetric.doseAtAbsoluteVolume(cc: 0.03), .dmax] {
                        let x = try #require(a.courses[course].values[metric]?.number), y = try #require(b.courses[course].values[metric]?.number)
                        #expect(abs(x - y) <= Self.doseTolerance, "\(a.name) course \(course + 1) \(metric) auto \(x) vs --grid \(label) \(y)")
                    }
                }
                #expect(abs(a.volume.value - b.volume.value) <= Self.volumeTolerance * a.volume.value,
                        "\(a.name) volume auto \(a.volume.value) vs --grid \(label) \(b.volume.value) cc")
            }
        }
        // metrics: physical dose of course 1; its EQD2 (35 fractions, the ROI's α/β) is check's course-1 metric
        let metrics = try MetricsPipeline.run(MetricsPipeline.Request(dosePath: f.path(DemoCase.course1Dose),
                                                                      structuresPath: f.path(DemoCase.structures),
                                                                      metrics: [.doseAtAbsoluteVolume(cc: 0.03), .dmax, .volume]))
        for r in reference {
            let m = try #require(metrics.rois.first { $0.name == r.name })
            let lq = try LQConversion(fractions: 35, alphaBeta: r.assignment.alphaBeta)
            for metric in [DoseMetric.doseAtAbsoluteVolume(cc: 0.03), .dmax] {
                let x = try #require(r.courses[0].values[metric]?.number), physical = try #require(m.metrics[metric]?.number)
                #expect(abs(x - lq.eqd2(physical)) <= Self.doseTolerance, "\(r.name) \(metric): check \(x), metrics \(lq.eqd2(physical)) Gy EQD2")
            }
            let v = try #require(m.volume?.value)
            #expect(abs(v - r.volume.value) <= Self.volumeTolerance * v, "\(r.name) volume: check \(r.volume.value), metrics \(v) cc")
        }
        // budget: the course-1 D0.03cc it spends is check's course-1 D0.03cc (same α/β)
        let budget = try BudgetPipeline.run(BudgetPipeline.Request(
            course1: CourseInput(label: "course1", dosePath: f.path(DemoCase.course1Dose), fractions: 35),
            structuresPath: f.path(DemoCase.structures), course2Fractions: 30))
        var compared = 0
        for line in budget.lines where line.metric == "D0.03cc" {
            guard let used = line.usedGy, used > 0, let r = reference.first(where: { $0.name == line.roi }),
                  abs(r.assignment.alphaBeta.gray - line.alphaBetaGy) < 1e-9 else { continue }
            let x = try #require(r.courses[0].values[.doseAtAbsoluteVolume(cc: 0.03)]?.number)
            #expect(abs(x - used) <= Self.doseTolerance, "\(line.roi): check course-1 D0.03cc \(x), budget \(used) Gy")
            compared += 1
        }
        #expect(compared > 0, "budget gave no course-1 D0.03cc to compare")
    }
}
