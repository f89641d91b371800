import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// Issue 18 item 6: contours on planes of any orientation are modelled in their own plane frame;
/// mixed orientations and contours that are not planar make the ROI not evaluable, naming it.
struct ObliqueContourTests {
    /// A 10 × 10 mm square centred on (cx, cy) at height z, moved by `m`.
    static func square(z: Double, cx: Double = 0, cy: Double = 0, _ m: RigidTransform = .init()) -> Contour {
        Contour(type: .closedPlanar, points: [[cx - 5, cy - 5, z], [cx + 5, cy - 5, z], [cx + 5, cy + 5, z], [cx - 5, cy + 5, z]].map(m.apply))
    }

    /// 20° about an oblique axis, then a translation: planes tilted, lattice not co-rotating.
    static let motion = RigidTransform(rotation: Fields.rotation(axis: [1, 2, 0.7], angle: 20 * .pi / 180), translation: [3.3, -2.1, 7.7])

    @Test("a box contoured on oblique planes has its exact slab volume, and every sample lies in the moved slab solid")
    func obliqueBox() throws {
        // five squares 2 mm apart: slabs [−1, 9) along the normal, 10 × 10 × 10 mm = 1000 mm³
        let roi = ROI(number: ROINumber(1), name: "box", contours: (0..<5).map { Self.square(z: 2 * Double($0), Self.motion) })
        let s = try StructureSampler().survey([roi], budget: .default, file: nil).samplings()[0]
        #expect(s.notEvaluableReason == nil)
        #expect(s.diagnostics.contains { $0.code == "roi.oblique-planes" && $0.subject == "ROI 1 'box'" })
        #expect(abs(s.volumeMM3 - 1000) <= 0.5, "\(s.volumeMM3)")
        #expect(abs(s.weights.reduce(0.0) { $0 + Double($1) } - 1000) <= 0.5)
        // the lattice's axes are the plane frame's: its third axis is the planes' normal
        let normal = Self.motion.rotation * SIMD3(0, 0, 1)
        #expect(abs(abs(dot(s.geometry.direction.c2, normal)) - 1) < 1e-12)
        let back = Self.motion.inverse
        for p in s.points + s.surfacePoints {
            let q = back.apply(SIMD3<Double>(p))
            #expect(abs(q.x) <= 5 + 1e-3 && abs(q.y) <= 5 + 1e-3 && q.z >= -1 - 1e-3 && q.z <= 9 + 1e-3, "\(q)")
        }
        // the same ROI on a given axis-aligned grid (rotated into the plane frame: point-sampled)
        let grid = GridGeometry(origin: [-30, -30, -30], spacing: [2, 2, 2], size: [40, 40, 40])
        let onGrid = StructureSampler().sample(roi, on: grid)
        #expect(onGrid.geometry == grid)
        #expect(abs(onGrid.volumeMM3 - 1000) <= 20, "\(onGrid.volumeMM3)")
    }

    @Test("axial ROIs keep the axial path: no plane frame, the given grid")
    func axialUnchanged() {
        let roi = ROI(number: ROINumber(2), name: "axial", contours: (0..<5).map { Self.square(z: 2 * Double($0)) })
        let grid = GridGeometry(origin: [-20, -20, -10], spacing: [2.5, 2.5, 2.5], size: [16, 16, 16])
        let s = StructureSampler().sample(roi, on: grid)
        #expect(s.geometry == grid)
        #expect(!s.diagnostics.contains { $0.code == "roi.oblique-planes" })
        #expect(abs(s.volumeMM3 - 1000) < 1e-6, "\(s.volumeMM3)")
    }

    @Test("contours on planes of different orientations: the ROI is not evaluable, naming it and both normals")
    func mixedNormals() throws {
        let tilt = RigidTransform(rotation: Fields.rotation(axis: [1, 0, 0], angle: 2 * .pi / 180))
        let roi = ROI(number: ROINumber(3), name: "mixed", contours: (0..<4).map { Self.square(z: 2 * Double($0)) } + [Self.square(z: 8, tilt)])
        let s = try StructureSampler().survey([roi], budget: .default, file: nil).samplings()[0]
        let reason = try #require(s.notEvaluableReason)
        #expect(s.isEmpty && s.volumeMM3 == 0)
        let d = try #require(s.diagnostics.first { $0.code == "roi.contour-normals-differ" })
        #expect(d.subject == "ROI 3 'mixed'")
        // contour 5 tilted by 2° about x: normal (0, −sin 2°, cos 2°) against the ROI's, more than 0.5° apart
        #expect(reason.contains("contour 5 of 5") && reason.contains("-0.035") && reason.contains("0.5°") && reason.contains("not evaluable"), "\(reason)")
    }

    @Test("a contour that is not planar: the ROI is not evaluable, naming the contour")
    func notPlanar() throws {
        var contours = (0..<5).map { Self.square(z: 2 * Double($0), Self.motion) }
        // contour 3 gets the midpoint of an edge, 1 mm off its plane (tolerance 0.1 mm)
        contours[2].points.insert(Self.motion.apply([0, -5, 5]), at: 1)
        let roi = ROI(number: ROINumber(4), name: "bent", contours: contours)
        let s = try StructureSampler().survey([roi], budget: .default, file: nil).samplings()[0]
        let reason = try #require(s.notEvaluableReason)
        #expect(s.isEmpty && s.volumeMM3 == 0)
        #expect(s.diagnostics.contains { $0.code == "roi.contour-not-planar" && $0.subject == "ROI 4 'bent'" })
        #expect(reason.contains("contour 3 of 5") && reason.contains("not planar") && reason.contains("more than 0.1 mm"), "\(reason)")
    }
}
