import CompositeDose
import DoseMetrics
import DoseSumKit
import Foundation
import Grids
import Masks
import Radiobiology
import RTCore
import RTModel
import Reports
import TestSupport
import Testing

/// `check` samples boundary voxels coarse away from every reported near-maximum
/// (`SamplingRefinement`); the hot spot, made of samples at or above D0.03cc, must then be that of
/// sampling every voxel fine. And the slice through it must hold the composite the verdict uses.
@Suite struct HotSpotSamplingTests {
    @Test("the hot spots of coarse sampling are those of all-fine sampling (the hottest 0.03 cc is always sampled fine)")
    func coarseSamplingKeepsTheHotSpot() throws {
        let f = try DemoFolder()
        let (assignments, survey, loaded) = try demoSurvey(f)
        let metrics = CheckPipeline.baseMetrics
        let coarse = SamplingRefinement.coarseVoxels(survey: survey, courses: loaded.courses, assignments: assignments, metrics: metrics)
        #expect(coarse.contains { $0.contains(true) }, "no voxel was sampled coarse: the test would prove nothing")
        let a = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: assignments, samplings: survey.samplings(coarse: coarse), metrics: metrics)
        let b = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: assignments, samplings: survey.samplings(), metrics: metrics)
        var spots = 0
        for (x, y) in zip(a, b) {
            guard let p = x.hotSpot, let q = y.hotSpot else { #expect(x.hotSpot == nil && y.hotSpot == nil, "\(x.name)"); continue }
            spots += 1
            // the same samples with the same weights; only sums in another bucket layout differ (~1e-12)
            let d = p.positionMM - q.positionMM
            #expect((d * d).sum().squareRoot() < 1e-6, "\(x.name): \(p.positionMM) vs \(q.positionMM)")
            #expect(p.sampleCount == q.sampleCount, "\(x.name)")
            for (s, t) in zip(p.courseShares ?? [], q.courseShares ?? []) { #expect(abs(s - t) < 1e-9, "\(x.name)") }
        }
        #expect(spots >= 6)
    }

    @Test("the slice holds the composite of uniform courses (hand-computed EQD2 sum), stays inside the box read, and marks the hot spot")
    func sliceOfUniformCourses() throws {
        // course 1: 40 Gy in 20 fx, course 2: 30 Gy in 5 fx, α/β 3: EQD2 40 + 54 = 94 Gy; with 50 % recovery 74 Gy.
        let phantom = SlabPhantom.sphere(centre: [1, -2, 3], radius: 8, spacing: 1)
        let geometry = phantom.grid(spacing: 2, margin: 30)
        let courses = [try Course(label: "course1", dose: DoseDistribution(grid: Fields.grid(geometry) { _ in 40 }, frameOfReference: "1"), fractions: 20),
                       try Course(label: "course2", dose: DoseDistribution(grid: Fields.grid(geometry) { _ in 30 }, frameOfReference: "1"), fractions: 5)]
        for recovery in [0.0, 0.5] {
            let assignment = ROIAssignment(roi: phantom.roi(), alphaBeta: try AlphaBeta(3), alphaBetaSource: .other("test"), recovery: RecoveryFactors(recovery))
            let samplings = try CompositeEvaluator.sample([assignment], on: geometry)
            let results = try CompositeEvaluator.evaluate(courses: courses, assignments: [assignment], samplings: samplings,
                                                          metrics: [.doseAtAbsoluteVolume(cc: 0.03)])
            let bounds = try #require(OpenedCase.box(aroundVoxelsOf: samplings))
            let slice = try #require(HotSpotSlicer.slices(results, courses: courses, bounds: bounds)[0])
            let spot = try #require(results[0].hotSpot)
            #expect(slice.values.allSatisfy { abs($0 - (recovery > 0 ? 74 : 94)) < 1e-4 }, "recovery \(recovery)")
            #expect(slice.zMM == spot.positionMM.z && slice.markerMM == SIMD2(spot.positionMM.x, spot.positionMM.y))
            // every cell centre inside the box whose dose was read
            let far = slice.centre(column: slice.columns - 1, row: slice.rows - 1), near = slice.centre(column: 0, row: 0)
            #expect(near.x >= bounds.lo.x && near.y >= bounds.lo.y && far.x <= bounds.hi.x && far.y <= bounds.hi.y)
            #expect(max(slice.columns, slice.rows) <= HotSpotSlicer.cellsAcross && min(slice.columns, slice.rows) > 10)
            #expect(!slice.contours.isEmpty && abs(slice.contourZMM! - spot.positionMM.z) <= 0.5)
        }
    }

    @Test("the demo check: every hot spot lies inside its ROI, its composite mean is between D0.03cc and Dmax, the shares add up to 1, and the HTML has a slice and the limit lines of each organ")
    func demoCheck() throws {
        let f = try DemoFolder()
        let outcome = try CheckPipeline.run(DemoCase.request(folder: f.url.appendingPathComponent("case").path))
        for roi in outcome.report.rois {
            let spot = try #require(roi.hotSpot, "\(roi.name)")
            let result = try #require(outcome.results.first { $0.name == roi.name })
            // inside the ROI's contours' box, widened by half the 2 mm contour spacing (the slab's end caps)
            let points = result.assignment.roi.contours.flatMap(\.points)
            let lo = points.reduce(SIMD3<Double>(repeating: .infinity)) { pointwiseMin($0, $1) } - SIMD3(0, 0, 1)
            let hi = points.reduce(SIMD3<Double>(repeating: -.infinity)) { pointwiseMax($0, $1) } + SIMD3(0, 0, 1)
            #expect(all(spot.positionMM .>= lo) && all(spot.positionMM .<= hi), "\(roi.name): \(spot.positionMM) outside \(lo)…\(hi)")
            let d003 = try #require(roi.composite[.doseAtAbsoluteVolume(cc: 0.03)]?.number), dmax = try #require(roi.composite[.dmax]?.number)
            #expect(spot.compositeMeanGy >= d003 - 1e-4 && spot.compositeMeanGy <= dmax + 1e-4, "\(roi.name)")
            let shares = try #require(spot.courseShares)
            #expect(abs(shares.reduce(0, +) - 1) < 1e-5 && shares.allSatisfy { $0 >= 0 }, "\(roi.name): \(shares)")
            let slice = try #require(roi.hotSpotSlice, "\(roi.name)")
            #expect(slice.values.allSatisfy { $0.isFinite }, "\(roi.name): a cell outside the dose read")
        }
        let html = HTMLReportRenderer.render(outcome.report)
        let plotted = outcome.report.rois.filter { $0.organ != nil }
        #expect(html.components(separatedBy: "class=\"slice\"").count - 1 == plotted.count)
        let limitRows = plotted.reduce(0) { n, roi in n + outcome.report.verdicts(for: roi).filter { $0.limit != nil }.count }
        #expect(html.components(separatedBy: "class=\"limit\"").count - 1 == limitRows)
    }
}
