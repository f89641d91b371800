import Grids
import RTCore
import RTModel
import Radiobiology
import TestSupport
import Testing

@Suite struct PointDosesTests {
    // Course 1 (25 fx) in its own frame: dose 20 + x (Gy) on x 0…20, y 0…10, z 0…10 (spacing 2).
    // Its frame is the common frame shifted: common p ↦ course-1 p + (5, 0, 0).
    // Course 2 (5 fx, common frame): uniform 10 Gy on x 0…10, y 0…10, z 0…10.
    static func courses() throws -> [Course] {
        let g1 = Fields.grid(GridGeometry(origin: .zero, spacing: [2, 2, 2], size: [11, 6, 6])) { p in 20 + p.x }
        let g2 = Grid(geometry: GridGeometry(origin: .zero, spacing: [2, 2, 2], size: [6, 6, 6]), repeating: Float(10))
        return [
            try Course(label: "c1", dose: DoseDistribution(grid: g1, frameOfReference: "1"), fractions: 25,
                       commonToCourse: RigidTransform(translation: [5, 0, 0])),
            try Course(label: "c2", dose: DoseDistribution(grid: g2, frameOfReference: "1"), fractions: 5),
        ]
    }

    @Test("Per-course physical dose, EQD2, composite, discount and outside counts at known points")
    func known() throws {
        // Points (common frame): (1, 5, 5) → course 1 x = 6 → 26 Gy; course 2 → 10 Gy.
        //                        (12, 5, 5) → course 1 x = 17 → 37 Gy; course 2 outside (x > 10).
        //                        (−6, 5, 5) → course 1 x = −1 outside; course 2 outside.
        let pts: [SIMD3<Float>] = [[1, 5, 5], [12, 5, 5], [-6, 5, 5]]
        let r = try PointDoses(courses: Self.courses(), points: pts, alphaBeta: AlphaBeta(2), recovery: 0.5, parallel: false)
        #expect(r.physical[0] == [26, 37, 0] && r.physical[1] == [10, 0, 0])
        #expect(r.outsideCount == [1, 2])
        // EQD2 α/β 2: course 1 26 Gy/25 fx: 26·(1.04 + 2)/4 = 19.76; 37 Gy: 37·(1.48 + 2)/4 = 32.19.
        //             course 2 10 Gy/5 fx: 10·(2 + 2)/4 = 10.
        let e1: [Double] = [19.76, 32.19, 0], e2: [Double] = [10, 0, 0]
        for p in 0..<3 {
            #expect(abs(Double(r.eqd2[0][p]) - e1[p]) < 1e-5 && abs(Double(r.eqd2[1][p]) - e2[p]) < 1e-5)
            #expect(abs(Double(r.composite[p]) - (e1[p] + e2[p])) < 1e-5)
            #expect(abs(Double(r.compositeDiscounted[p]) - (0.5 * e1[p] + e2[p])) < 1e-5)
        }
        let notes = r.coverageDiagnostics(roi: "Cord")
        #expect(notes.count == 2 && notes.allSatisfy { $0.code == "dose.grid-does-not-cover-structure" })
        #expect(notes[1].message.contains("course 'c2' does not cover 2 of 3 sample points (66.7 %) of ROI 'Cord'"))
        // With the points' volumes, coverage is told in volume: points of 1, 2 and 5 cc.
        let w = try #require(try PointDoses.batch(courses: Self.courses(), pointSets: [pts], weightSets: [[1000, 2000, 5000]],
                                                  alphaBetas: [AlphaBeta(2)], recoveries: [0.5], parallel: false).first)
        #expect(w.outsideVolumeMM3 == [5000, 7000] && w.totalVolumeMM3 == 8000)
        #expect(w.composite == r.composite && w.outsideCount == r.outsideCount)
        let byVolume = w.coverageDiagnostics(roi: "Cord")
        #expect(byVolume[0].message.contains("course 'c1' does not cover 5.0 of 8.0 cc (62.5 %) of ROI 'Cord'"))
        #expect(byVolume[1].message.contains("course 'c2' does not cover 7.0 of 8.0 cc (87.5 %) of ROI 'Cord'"))
    }

    @Test("Parallel point evaluation equals the serial path bit for bit")
    func parallelEqualsSerial() throws {
        let pts = (0..<100_000).map { n -> SIMD3<Float> in
            let t = Double(n)
            return SIMD3<Float>(SIMD3<Double>((t * 0.618).truncatingRemainder(dividingBy: 30) - 8, (t * 0.414).truncatingRemainder(dividingBy: 11),
                                              (t * 0.732).truncatingRemainder(dividingBy: 11)))
        }
        let a = try PointDoses(courses: Self.courses(), points: pts, alphaBeta: AlphaBeta(3), recovery: 0.3, parallel: true)
        let b = try PointDoses(courses: Self.courses(), points: pts, alphaBeta: AlphaBeta(3), recovery: 0.3, parallel: false)
        #expect(a.physical == b.physical && a.eqd2 == b.eqd2 && a.composite == b.composite)
        #expect(a.compositeDiscounted == b.compositeDiscounted && a.outsideCount == b.outsideCount)
        #expect(a.outsideCount[0] > 0 && a.outsideCount[0] < pts.count)
        // without physical columns (the metrics path): nothing else changes
        let c = try PointDoses(courses: Self.courses(), points: pts, alphaBeta: AlphaBeta(3), recovery: 0.3, keepPhysical: false)
        #expect(c.physical.isEmpty && c.eqd2 == a.eqd2 && c.composite == a.composite)
        #expect(c.compositeDiscounted == a.compositeDiscounted && c.outsideCount == a.outsideCount)
    }

    @Test("Every output equals its per-point definition bit for bit (three rotated noisy courses, recovery)")
    func matchesPointwiseDefinition() throws {
        let geometry = GridGeometry(origin: [-4, -2, 0], spacing: [2, 1.5, 3], size: [9, 8, 5])
        let courses = try [(seed: 3, fractions: 30, angle: 0.0), (seed: 5, fractions: 5, angle: 0.3), (seed: 8, fractions: 1, angle: -0.7)]
            .enumerated().map { n, c in
                try Course(label: "c\(n)", dose: DoseDistribution(grid: Fields.noise(geometry, seed: UInt64(c.seed)), frameOfReference: "1"),
                           fractions: c.fractions,
                           commonToCourse: RigidTransform(rotation: Fields.rotation(axis: [0.2, 1, 0.5], angle: c.angle), translation: [1, -0.5, 2]))
            }
        let pts = (0..<30_000).map { n -> SIMD3<Float> in
            let t = Double(n)
            return SIMD3<Float>(SIMD3<Double>((t * 0.618).truncatingRemainder(dividingBy: 24) - 8, (t * 0.414).truncatingRemainder(dividingBy: 14) - 4,
                                              (t * 0.732).truncatingRemainder(dividingBy: 16) - 2))
        }
        let ab = try AlphaBeta(3), recovery = 0.35
        let r = try PointDoses(courses: courses, points: pts, alphaBeta: ab, recovery: RecoveryFactors(recovery))
        for (c, course) in courses.enumerated() {
            let physical = pts.map { Float(course.field.value(at: SIMD3<Double>($0))) }
            #expect(r.physical[c] == physical, "course \(c) physical")
            #expect(r.eqd2[c] == physical.map { Float(course.conversion(ab).eqd2(Double($0))) }, "course \(c) EQD2")
            #expect(r.outsideCount[c] == pts.filter { !course.field.supports(SIMD3<Double>($0)) }.count)
        }
        let keep = 1 - recovery
        let plain = pts.indices.map { p in Float(r.eqd2.reduce(0.0) { $0 + Double($1[p]) }) }
        let discounted = pts.indices.map { p in
            Float(r.eqd2.indices.reduce(0.0) { total, c in total + (c < courses.count - 1 ? keep * Double(r.eqd2[c][p]) : Double(r.eqd2[c][p])) })
        }
        #expect(r.composite == plain && r.compositeDiscounted == discounted)
        #expect(r.outsideCount.allSatisfy { $0 > 0 && $0 < pts.count })
    }
}
