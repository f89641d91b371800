import CompositeDose
import DoseMetrics
import Foundation
import Grids
import Masks
import Radiobiology
import RTCore
import RTModel
import TestSupport
import Testing

/// Where the composite's D0.03cc lies (`HotSpot`), against answers known in advance.
@Suite struct HotSpotTests {
    /// Two courses whose physical doses (Gy) on `geometry` are `f1` and `f2` of the position.
    static func courses(on geometry: GridGeometry, _ f1: (SIMD3<Double>) -> Double, _ f2: (SIMD3<Double>) -> Double,
                        fractions: (Int, Int) = (35, 30)) throws -> [Course] {
        [try Course(label: "course1", dose: DoseDistribution(grid: Fields.grid(geometry, f1), frameOfReference: "1"), fractions: fractions.0),
         try Course(label: "course2", dose: DoseDistribution(grid: Fields.grid(geometry, f2), frameOfReference: "1"), fractions: fractions.1)]
    }

    /// Height h (mm) of the cap of volume `v` (mm³) of a sphere of radius r: V = πh²(3r − h)/3, by bisection.
    static func capHeight(volume v: Double, radius r: Double) -> Double {
        var lo = 0.0, hi = r
        for _ in 0..<200 { let h = (lo + hi) / 2; if Double.pi * h * h * (3 * r - h) / 3 < v { lo = h } else { hi = h } }
        return (lo + hi) / 2
    }

    @Test("a sphere in a linear gradient: the hot spot is the centroid of the 0.03 cc cap on the hot side, within half a voxel",
          arguments: [1.0, 2.0])
    func sphereInGradient(spacing: Double) throws {
        let centre = SIMD3<Double>(0.3, -0.2, 0.4), radius = 12.0
        let phantom = SlabPhantom.sphere(centre: centre, radius: radius, spacing: 1, phase: 0.3)
        let geometry = phantom.grid(spacing: spacing)
        // the cap's centroid lies 3(2R − h)² / (4(3R − h)) from the centre, along the gradient
        let h = Self.capHeight(volume: 30, radius: radius)
        let distance = 3 * (2 * radius - h) * (2 * radius - h) / (4 * (3 * radius - h))
        let directions: [SIMD3<Double>] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0], [0, 0, -1], [1, 2, -2] / 3, [-2, 1, 1] / 6.squareRoot()]
        for u in directions {
            // both courses rise along u (never below 0 Gy on the grid), so the composite EQD2 does too
            let courses = try Self.courses(on: geometry, { 30 + 1.2 * (u * ($0 - centre)).sum() }, { 12 + 0.4 * (u * ($0 - centre)).sum() })
            let assignment = ROIAssignment(roi: phantom.roi(), alphaBeta: try AlphaBeta(2), alphaBetaSource: .other("test"), recovery: 0)
            let result = try #require(try CompositeEvaluator.evaluate(courses: courses, assignments: [assignment], on: geometry,
                                                                       metrics: [.doseAtAbsoluteVolume(cc: 0.03)]).first)
            let spot = try #require(result.hotSpot)
            let expected = centre + distance * u
            let offset = spot.positionMM - expected
            let miss = (offset * offset).sum().squareRoot()
            #expect(miss <= spacing / 2, "spacing \(spacing) mm, gradient \(u): hot spot \(spot.positionMM), expected \(expected), off by \(miss) mm")
            #expect(abs(spot.volumeMM3 - 30) < 1e-9)
            print("[HotSpotTests] spacing \(spacing) mm, gradient \(u): off by \(String(format: "%.3f", miss)) mm")
        }
    }

    @Test("uniform courses: each course's share is its hand-computed EQD2 over the sum; with recovery, of the discounted sum")
    func sharesOfUniformCourses() throws {
        // course 1: 40 Gy in 20 fx, course 2: 30 Gy in 5 fx, α/β 3: EQD2 40·(2 + 3)/5 = 40 and 30·(6 + 3)/5 = 54.
        let phantom = SlabPhantom.sphere(centre: .zero, radius: 6, spacing: 1)
        let geometry = phantom.grid(spacing: 2)
        let courses = try Self.courses(on: geometry, { _ in 40 }, { _ in 30 }, fractions: (20, 5))
        for recovery in [0.0, 0.5] {
            let assignment = ROIAssignment(roi: phantom.roi(), alphaBeta: try AlphaBeta(3), alphaBetaSource: .other("test"), recovery: RecoveryFactors(recovery))
            let result = try #require(try CompositeEvaluator.evaluate(courses: courses, assignments: [assignment], on: geometry,
                                                                       metrics: [.doseAtAbsoluteVolume(cc: 0.03)]).first)
            let spot = try #require(result.hotSpot)
            let kept = 1 - recovery  // 40 · (1 − recovery) + 54: 94, or 74 with half of course 1 discounted
            let shares = try #require(spot.courseShares)
            #expect(abs(shares[0] - 40 * kept / (40 * kept + 54)) < 1e-6 && abs(shares[1] - 54 / (40 * kept + 54)) < 1e-6,
                    "recovery \(recovery): \(shares)")
            #expect(abs(spot.courseEQD2[0] - 40) < 1e-4 && abs(spot.courseEQD2[1] - 54) < 1e-4)
            #expect(abs(spot.compositeMeanGy - (40 * kept + 54)) < 1e-4)
        }
    }

    @Test("an ROI smaller than 0.03 cc has no hot spot")
    func tooSmall() throws {
        let phantom = SlabPhantom.sphere(centre: .zero, radius: 1.5, spacing: 0.5)  // about 14 mm³
        let geometry = phantom.grid(spacing: 1)
        let courses = try Self.courses(on: geometry, { _ in 40 }, { _ in 30 })
        let assignment = ROIAssignment(roi: phantom.roi(), alphaBeta: try AlphaBeta(3), alphaBetaSource: .other("test"), recovery: 0)
        let result = try #require(try CompositeEvaluator.evaluate(courses: courses, assignments: [assignment], on: geometry,
                                                                   metrics: [.doseAtAbsoluteVolume(cc: 0.03)]).first)
        #expect(result.volume.value < 0.03 && result.hotSpot == nil)
    }
}
