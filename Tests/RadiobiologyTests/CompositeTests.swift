import Grids
import RTCore
import RTModel
import Radiobiology
import TestSupport
import Testing

@Suite struct CompositeTests {
    // Course 1: 40 Gy in 20 fx on x 0…8 mm; course 2: 30 Gy in 5 fx on x 4…12 mm (same y, z box 0…4).
    // α/β 3: EQD2₁ = 40·(2 + 3)/5 = 40, EQD2₂ = 30·(6 + 3)/5 = 54.
    static func course(_ label: String, x0: Double, dose: Float, fractions: Int, commonToCourse: RigidTransform = .identity) throws -> Course {
        let g = Grid(geometry: GridGeometry(origin: [x0, 0, 0], spacing: [1, 1, 1], size: [9, 5, 5]), repeating: dose)
        return try Course(label: label, dose: DoseDistribution(grid: g, frameOfReference: "1"), fractions: fractions,
                          commonToCourse: commonToCourse)
    }
    let common = GridGeometry(origin: [-2, 0, 0], spacing: [1, 1, 1], size: [17, 5, 5])  // x −2…14

    @Test("Composite of two courses = sum of hand-computed EQD2s; 0 outside each course's grid")
    func twoCourses() throws {
        let c1 = try Self.course("c1", x0: 0, dose: 40, fractions: 20), c2 = try Self.course("c2", x0: 4, dose: 30, fractions: 5)
        for parallel in [true, false] {
            let g = try compositeEQD2(courses: [c1, c2], onto: common, alphaBeta: .uniform(AlphaBeta(3)), parallel: parallel)
            // x = i − 2: −2,−1 nothing; 0…3 course 1; 4…8 both; 9…12 course 2; 13, 14 nothing.
            let expected: [Float] = [0, 0, 40, 40, 40, 40, 94, 94, 94, 94, 94, 54, 54, 54, 54, 0, 0]
            for k in 0..<5 { for j in 0..<5 { for i in 0..<17 { #expect(g[i, j, k] == expected[i]) } } }
            // Recovery 0.5 discounts course 1 only: 0.5·40 + 54 = 74.
            let r = try compositeEQD2(courses: [c1, c2], onto: common, alphaBeta: .uniform(AlphaBeta(3)), recovery: 0.5, parallel: parallel)
            #expect(r[8, 2, 2] == 74 && r[3, 2, 2] == 20 && r[13, 2, 2] == 54)
        }
    }

    @Test("A course split into two halves (half dose, half fractions each) sums to the whole course's EQD2")
    func halfWeight() throws {
        // 60 Gy in 10 fx, α/β 2: 60·(6 + 2)/4 = 120 Gy EQD2; each half 30 Gy in 5 fx gives 30·8/4 = 60.
        let geo = GridGeometry(origin: .zero, spacing: [2, 2, 2], size: [4, 4, 4])
        let whole = Fields.grid(geo) { p in 60 - p.x }  // 60 … 54 Gy
        let half = Grid(geometry: geo, values: whole.values.map { $0 / 2 })
        let h = try Course(label: "half", dose: DoseDistribution(grid: half, frameOfReference: "1"), fractions: 5)
        let g = try compositeEQD2(courses: [h, h], onto: geo, alphaBeta: .uniform(AlphaBeta(2)))
        for (v, d) in zip(g.values, whole.values) {
            let expected = Double(d) * (Double(d) / 10 + 2) / 4
            #expect(abs(Double(v) - expected) < 1e-4)
        }
        #expect(g[0, 0, 0] == 120)
    }

    @Test("An α/β grid is used voxel by voxel; a mismatched or invalid α/β grid is refused")
    func alphaBetaGrid() throws {
        let c2 = try Self.course("c2", x0: 4, dose: 30, fractions: 5)
        // α/β 3 for x < 8, 10 beyond: 30 Gy/5 fx → 54 (α/β 3) or 30·16/12 = 40 (α/β 10).
        let ab = Fields.grid(common) { p in p.x < 8 ? 3 : 10 }
        let g = try compositeEQD2(courses: [c2], onto: common, alphaBeta: .grid(ab))
        #expect(g[7, 1, 1] == 54 && g[12, 1, 1] == 40 && g[1, 1, 1] == 0)
        var bad = ab; bad.values[3] = 0
        #expect(throws: DoseSumError.self) { try compositeEQD2(courses: [c2], onto: common, alphaBeta: .grid(bad)) }
        let wrong = Grid(geometry: GridGeometry(origin: .zero, spacing: [1, 1, 1], size: [2, 2, 2]), repeating: Float(3))
        #expect(throws: DoseSumError.self) { try compositeEQD2(courses: [c2], onto: common, alphaBeta: .grid(wrong)) }
    }

    @Test("A sparse α/β map gives the composite of the equivalent grid, bit for bit; invalid lists are refused")
    func sparseAlphaBeta() throws {
        let geo = GridGeometry(origin: [-1.3, 0.2, -0.4], spacing: [0.7, 0.9, 0.8], size: [23, 7, 9])
        let c1 = try Course(label: "c1", dose: DoseDistribution(grid: Fields.noise(GridGeometry(origin: .zero, spacing: [1, 1, 1], size: [9, 6, 7]), seed: 3),
                                                                  frameOfReference: "1"), fractions: 20)
        let c2 = try Course(label: "c2", dose: DoseDistribution(grid: Fields.noise(GridGeometry(origin: [4, 0, 0], spacing: [1, 1, 1], size: [9, 5, 5]), seed: 4),
                                                                  frameOfReference: "1"), fractions: 5)
        // every 7th voxel α/β 2, every 11th (when not a 7th) 10.3, default 2.8 (neither exact in Float)
        let voxels = (0..<geo.voxelCount).filter { $0 % 7 == 0 || $0 % 11 == 0 }
        let sparse = AlphaBetaField.sparse(default: try AlphaBeta(2.8), voxels: voxels, values: voxels.map { $0 % 7 == 0 ? 2 : 10.3 })
        for recovery in [0, 0.3] {
            let a = try compositeEQD2(courses: [c1, c2], onto: geo, alphaBeta: sparse, recovery: RecoveryFactors(recovery))
            let b = try compositeEQD2(courses: [c1, c2], onto: geo, alphaBeta: .grid(sparse.grid(on: geo)), recovery: RecoveryFactors(recovery))
            #expect(a.values == b.values)
            #expect(a.values.contains { $0 > 0 })
        }
        for bad in [AlphaBetaField.sparse(default: try AlphaBeta(3), voxels: [4, 2], values: [2, 2]),
                    .sparse(default: try AlphaBeta(3), voxels: [geo.voxelCount], values: [2]),
                    .sparse(default: try AlphaBeta(3), voxels: [1], values: [0])] {
            #expect(throws: DoseSumError.self) { try compositeEQD2(courses: [c1], onto: geo, alphaBeta: bad) }
        }
    }

    @Test("Composite through a rigid registration: course 1's dose lands where the transform puts it")
    func registered() throws {
        // Course 1's frame is the common frame shifted: common p ↦ course-1 p + (10, 0, 0).
        // Course 1's grid spans x 0…8 in its frame, i.e. x −10…−2 in the common frame.
        let c1 = try Self.course("c1", x0: 0, dose: 40, fractions: 20, commonToCourse: RigidTransform(translation: [10, 0, 0]))
        let g = try compositeEQD2(courses: [c1], onto: common, alphaBeta: .uniform(AlphaBeta(3)))
        #expect(g[0, 2, 2] == 40 && g[1, 2, 2] == 0)  // x = −2 inside (its last plane), x = −1 outside
    }
}

@Suite struct CommonGridForCoursesTests {
    @Test("The default common grid of two courses covers both; composite on it is 0 only where neither course is")
    func defaultGrid() throws {
        let c1 = try CompositeTests.course("c1", x0: 0, dose: 40, fractions: 20, commonToCourse: RigidTransform(translation: [10, 0, 0]))
        let c2 = try CompositeTests.course("c2", x0: 4, dose: 30, fractions: 5)
        // Course 1 in common: x −10…−2; course 2: x 4…12 → union x −10…12, 23 centres at 1 mm; y, z 0…4.
        let geo = try CommonGridPolicy.default.geometry(course1: c1, course2: c2)
        #expect(geo.size == [23, 5, 5] && length(geo.origin - [-10, 0, 0]) < 1e-9)
        let g = try compositeEQD2(courses: [c1, c2], onto: geo, alphaBeta: .uniform(AlphaBeta(3)))
        // x = −10 + i: 40 for x ≤ −2 (i ≤ 8), 0 for −1…3, 54 for 4…12.
        for i in 0..<23 { #expect(g[i, 2, 2] == (i <= 8 ? 40 : i < 14 ? 0 : 54), "i = \(i)") }
    }
}

@Suite struct AlphaBetaPrecedenceTests {
    @Test("α/β grid by precedence: first ROI occupying ≥ 50 % of a voxel wins, default elsewhere")
    func precedence() throws {
        let geo = GridGeometry(origin: .zero, spacing: [1, 1, 1], size: [4, 1, 1])
        let stem = AlphaBetaRegion(name: "BrainStem", alphaBeta: try AlphaBeta(2), voxelIndices: [1, 2], fractions: [1, 0.4])
        let ptv = AlphaBetaRegion(name: "PTV", alphaBeta: try AlphaBeta(10), voxelIndices: [1, 2, 3], fractions: [1, 0.6, 0.5])
        let field = try AlphaBetaField.byPrecedence(on: geo, regions: [stem, ptv], default: AlphaBeta(3))
        // Voxel 0: default 3; 1: both, BrainStem first → 2; 2: BrainStem 0.4 < 0.5 → PTV 10; 3: PTV 0.5 → 10.
        #expect(field.grid(on: geo).values == [3, 2, 10, 10])
        guard case .sparse(_, let voxels, _) = field else { Issue.record("expected only the ROIs' voxels"); return }
        #expect(voxels == [1, 2, 3])
        #expect(AlphaBetaField.precedenceDescription(regions: [stem, ptv], default: try AlphaBeta(3))
                == "α/β by ROI precedence BrainStem 2 Gy > PTV 10 Gy (voxel in ROI when ≥ 50 % occupied); elsewhere 3 Gy")
        let bad = AlphaBetaRegion(name: "X", alphaBeta: try AlphaBeta(2), voxelIndices: [9], fractions: [1])
        #expect(throws: DoseSumError.self) { try AlphaBetaField.byPrecedence(on: geo, regions: [bad], default: AlphaBeta(3)) }
    }
}
