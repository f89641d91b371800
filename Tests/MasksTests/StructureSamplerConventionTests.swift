import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// End caps, irregular spacing, single planes and the contours the sampler must ignore (with a
/// diagnostic). Expected volumes are square areas × slab thicknesses worked out by hand. The squares'
/// edges lie on sub-cell lines of the 1.25 mm grid (n = 4: lines at −20.625 + 0.3125·m mm), so the
/// x/y area is sampled exactly and the tests see the z convention alone.
@Suite struct StructureSamplerConventionTests {
    /// Axis-aligned square of side 2·half centred at (cx, cy) on plane z.
    static func square(_ half: Double, z: Double, cx: Double = 0, cy: Double = 0) -> Contour {
        Contour(type: .closedPlanar, points: [[cx - half, cy - half, z], [cx + half, cy - half, z], [cx + half, cy + half, z], [cx - half, cy + half, z]])
    }
    static let grid = GridGeometry(origin: [-20, -20, -20], spacing: [1.25, 1.25, 1.25], size: [33, 33, 33])

    @Test("end caps: half spacing adds half a spacing at each end; none spans first to last plane")
    func endCaps() {
        // 10 × 10 mm squares on z = −4, −2, 0, 2, 4 (t = 2): half-spacing solid z ∈ [−5, 5] → 1000 mm³;
        // none: z ∈ [−4, 4] → 800 mm³.
        let roi = ROI(number: ROINumber(1), name: "box", contours: stride(from: -4.0, through: 4, by: 2).map { Self.square(5, z: $0) })
        let half = StructureSampler().sample(roi, on: Self.grid)
        let none = StructureSampler(options: SamplingOptions(endCap: .none)).sample(roi, on: Self.grid)
        #expect(abs(half.volumeMM3 - 1000) < 1e-6, "\(half.volumeMM3)")
        #expect(abs(none.volumeMM3 - 800) < 1e-6, "\(none.volumeMM3)")
        #expect(half.points.map(\.z).min()! > -5 && half.points.map(\.z).max()! < 5)
        #expect(none.points.map(\.z).min()! > -4 && none.points.map(\.z).max()! < 4)
    }

    @Test("irregular spacing: each plane extends half-way to its neighbours")
    func irregularSpacing() {
        // planes z = 0 (side 7.5), 1 (side 10), 4 (side 5): slabs [−0.5, 0.5), [0.5, 2.5), [2.5, 5.5]
        // → 56.25·1 + 100·2 + 25·3 = 331.25 mm³
        let roi = ROI(number: ROINumber(2), name: "irregular", contours: [Self.square(3.75, z: 0), Self.square(5, z: 1), Self.square(2.5, z: 4)])
        let s = StructureSampler().sample(roi, on: Self.grid)
        #expect(abs(s.volumeMM3 - 331.25) < 1e-6, "\(s.volumeMM3)")
    }

    @Test("single-plane ROI: slab of the given thickness, with a diagnostic; none: empty")
    func singlePlane() {
        let roi = ROI(number: ROINumber(3), name: "flat", contours: [Self.square(5, z: 0.3)])
        let s = StructureSampler(options: SamplingOptions(singlePlaneThicknessMM: 3)).sample(roi, on: Self.grid)
        #expect(abs(s.volumeMM3 - 300) < 1e-6, "\(s.volumeMM3)")
        #expect(s.diagnostics.contains { $0.code == "roi.single-plane" })
        // in a structure set, the thickness is the median spacing of the other ROIs (2 mm here)
        let other = ROI(number: ROINumber(4), name: "other", contours: stride(from: -4.0, through: 4, by: 2).map { Self.square(2, z: $0) })
        let both = StructureSampler().sample([roi, other], on: Self.grid)
        #expect(abs(both[0].volumeMM3 - 200) < 1e-6, "\(both[0].volumeMM3)")
        let none = StructureSampler(options: SamplingOptions(endCap: .none, singlePlaneThicknessMM: 3)).sample(roi, on: Self.grid)
        #expect(none.isEmpty && none.volumeMM3 == 0 && none.diagnostics.contains { $0.code == "roi.empty" })
    }

    @Test("point and open contours are ignored with diagnostics; a lost closed contour makes the ROI not evaluable; no contours → empty")
    func ignoredContours() {
        let tilted = Contour(type: .closedPlanar, points: [[0, 0, 0], [5, 0, 1], [5, 5, 1], [0, 5, 0]])
        let twoPoints = Contour(type: .closedPlanar, points: [[0, 0, 4], [5, 0, 4]])
        let point = Contour(type: .point, points: [[1, 1, 1]])
        let open = Contour(type: .openPlanar, points: [[0, 0, 2], [3, 0, 2], [3, 3, 2]])
        let squares = [Self.square(3.75, z: 0), Self.square(3.75, z: 2)]
        // point and open contours bound no volume: ignored, the closed ones measured
        let marked = StructureSampler().sample(ROI(number: ROINumber(5), name: "odd", contours: [point, open] + squares), on: Self.grid)
        #expect(Set(marked.diagnostics.map(\.code)) == ["roi.contour-type-ignored"])  // one per ignored type
        #expect(marked.diagnostics.allSatisfy { $0.subject == "ROI 5 'odd'" })
        #expect(marked.notEvaluableReason == nil)
        #expect(abs(marked.volumeMM3 - 56.25 * 4) < 1e-6, "\(marked.volumeMM3)")   // two 7.5 × 7.5 squares, slabs [−1, 3)
        // a closed contour that cannot be used: never measured on the other two
        // (the tilted contour is planar but not parallel to the squares: mixed normals)
        for (lost, code) in [(tilted, "roi.contour-normals-differ"), (twoPoints, "roi.contour-too-few-points")] {
            let s = StructureSampler().sample(ROI(number: ROINumber(5), name: "odd", contours: [lost] + squares), on: Self.grid)
            #expect(s.diagnostics.map(\.code).contains(code))
            #expect(s.isEmpty && s.volumeMM3 == 0)
            #expect(s.notEvaluableReason?.contains("not evaluable") == true, "\(String(describing: s.notEvaluableReason))")
        }

        let empty = StructureSampler().sample(ROI(number: ROINumber(6), name: "nothing", contours: []), on: Self.grid)
        #expect(empty.isEmpty && empty.volume.value == 0)
        #expect(empty.diagnostics.map(\.code) == ["roi.empty"])
        let onlyPoints = StructureSampler().sample(ROI(number: ROINumber(7), name: "marker", contours: [point]), on: Self.grid)
        #expect(onlyPoints.isEmpty && onlyPoints.diagnostics.contains { $0.code == "roi.empty" })
    }

    @Test("a structure beyond the grid is clipped with a diagnostic; entirely outside → empty")
    func beyondGrid() {
        let roi = ROI(number: ROINumber(8), name: "edge", contours: [-2.0, 0, 2].map { Self.square(5, z: $0, cx: 19.375, cy: 0) })
        let s = StructureSampler().sample(roi, on: Self.grid)
        // grid voxel boxes end at x = −20 + 32·1.25 + 0.625 = 20.625: the square [14.375, 24.375] keeps 6.25 mm of 10
        #expect(abs(s.volumeMM3 - 6.25 * 10 * 6) < 1e-6, "\(s.volumeMM3)")
        #expect(s.diagnostics.contains { $0.code == "roi.beyond-grid" })
        let far = ROI(number: ROINumber(9), name: "far", contours: [Self.square(2, z: 100)])
        let f = StructureSampler().sample(far, on: Self.grid)
        #expect(f.isEmpty && f.diagnostics.contains { $0.code == "roi.outside-grid" })
    }

    @Test("two islands and a gap in z: parts end with their own caps")
    func gapBetweenParts() {
        // planes 0, 2, 4 then 20, 22: median spacing 2, gap 16 > 2.5·2 → parts [−1, 5) and [19, 23)
        let zs = [0.0, 2, 4, 20, 22].map { $0 - 10 }
        let roi = ROI(number: ROINumber(10), name: "parts", contours: zs.map { Self.square(2.5, z: $0) })
        let s = StructureSampler().sample(roi, on: Self.grid)
        #expect(abs(s.volumeMM3 - 25 * 10) < 1e-6, "\(s.volumeMM3)")
        #expect(s.diagnostics.contains { $0.code == "roi.plane-gap" })
        // two islands on one plane add up (even-odd of disjoint polygons)
        let islands = ROI(number: ROINumber(11), name: "islands", contours: [0.0, 2].flatMap { z in
            [Self.square(1.25, z: z, cx: -7.5, cy: 0), Self.square(1.25, z: z, cx: 7.5, cy: 0)]
        })
        let t = StructureSampler().sample(islands, on: Self.grid)
        #expect(abs(t.volumeMM3 - 2 * 6.25 * 4) < 1e-6, "\(t.volumeMM3)")
    }
}
