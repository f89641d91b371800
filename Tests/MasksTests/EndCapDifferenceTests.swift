import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// The boxes where an ROI's slab solids under the two end-cap rules can differ (`EndCapDifference`):
/// the caps' exact extent, and, widened by a sampling voxel's diagonal and the full-voxel margin,
/// every sample outside them is the same under both rules (axial and oblique planes); none for the
/// smooth surface, nor when the caps change how finely boundary voxels are split.
struct EndCapDifferenceTests {
    static func square(z: Double, half: Double = 5, _ m: RigidTransform = .init()) -> Contour {
        Contour(type: .closedPlanar, points: [[-half, -half, z], [half, -half, z], [half, half, z], [-half, half, z]].map(m.apply))
    }

    @Test("a stack of five squares 2 mm apart: the caps are the millimetre beyond each end plane")
    func capsOfAStack() throws {
        let roi = ROI(number: ROINumber(1), name: "box", contours: (0..<5).map { Self.square(z: 2 * Double($0)) })
        let boxes = try #require(EndCapDifference.boxes(of: roi, .halfSpacing, .none, options: SamplingOptions(), marginMM: 0))
        #expect(boxes.count == 2)
        let sorted = boxes.sorted { $0.lo.z < $1.lo.z }
        #expect(sorted[0].lo == SIMD3(-5, -5, -1) && sorted[0].hi == SIMD3(5, 5, 0), "\(sorted[0])")
        #expect(sorted[1].lo == SIMD3(-5, -5, 8) && sorted[1].hi == SIMD3(5, 5, 9), "\(sorted[1])")
        // symmetric in the rules; a margin widens every side; one rule: nothing differs
        let other = try #require(EndCapDifference.boxes(of: roi, .none, .halfSpacing, options: SamplingOptions(), marginMM: 0.5)).sorted { $0.lo.z < $1.lo.z }
        #expect(other.count == 2 && other[0].lo == SIMD3(-5.5, -5.5, -1.5) && other[1].hi == SIMD3(5.5, 5.5, 9.5))
        #expect(EndCapDifference.boxes(of: roi, .none, .none, options: SamplingOptions(), marginMM: 1)?.isEmpty == true)
        // one plane: under `none` it has no volume at all, so there is nothing to bound
        let flat = ROI(number: ROINumber(2), name: "flat", contours: [Self.square(z: 0)])
        #expect(EndCapDifference.boxes(of: flat, .halfSpacing, .none, options: SamplingOptions(), marginMM: 1) == nil)
        // the smooth surface's caps may reach farther than the slab caps: no boxes
        #expect(EndCapDifference.boxes(of: roi, .halfSpacing, .none, options: SamplingOptions(surface: .smooth), marginMM: 1) == nil)
    }

    /// A 30 × 30 mm box on planes 3 mm apart: 13 planes (0 … 36 mm) estimate 32.4 cc without caps and
    /// 35.1 cc with them, either side of 33.9 cc, where the default options go from 7 to 6 sub-cells per
    /// boundary voxel (cell 0.4 mm × ∛(V / 30 cc) on the 2.5 mm lattice): every boundary voxel is then
    /// split differently, so no boxes; 11 planes (27.0 and 29.7 cc, both 7 sub-cells) have boxes.
    @Test("no boxes when the caps change how finely boundary voxels are split")
    func subCellCountMustAgree() throws {
        let options = SamplingOptions()
        let lattice = GridGeometry(origin: .zero, spacing: SIMD3(repeating: options.latticeSpacingMM), size: SIMD3(1, 1, 1))
        #expect(options.subdivisions(for: lattice, volumeMM3: 32_400) == 7 && options.subdivisions(for: lattice, volumeMM3: 35_100) == 6)
        func box(planes: Int) -> ROI {
            ROI(number: ROINumber(1), name: "box", contours: (0..<planes).map { Self.square(z: 3 * Double($0), half: 15) })
        }
        #expect(EndCapDifference.boxes(of: box(planes: 13), .halfSpacing, .none, options: options, marginMM: 1) == nil)
        #expect(EndCapDifference.boxes(of: box(planes: 11), .halfSpacing, .none, options: options, marginMM: 1)?.count == 2)
    }

    /// Every sample of the `half` solid outside the widened boxes is a sample of the `none` solid, with
    /// the same volume, and the other way round.
    @Test("outside the widened boxes both rules sample alike", arguments: [false, true])
    func samplesAgreeOutside(oblique: Bool) throws {
        let motion = oblique ? RigidTransform(rotation: Fields.rotation(axis: [1, 2, 0.7], angle: 20 * .pi / 180), translation: [3.3, -2.1, 7.7])
            : RigidTransform()
        // a body of growing squares (a smooth surface has something to interpolate), 3 mm apart
        let roi = ROI(number: ROINumber(1), name: "pyramid", contours: (0..<14).map { Self.square(z: 3 * Double($0), half: 4 + Double($0) / 2, motion) })
        let options = SamplingOptions(endCap: .halfSpacing)
        let margin = options.latticeSpacingMM * 3.0.squareRoot() + options.fullVoxelMarginMM + 0.01
        let boxes = try #require(EndCapDifference.boxes(of: roi, .halfSpacing, .none, options: options, marginMM: margin))
        func outside(_ p: SIMD3<Float>) -> Bool {
            let q = SIMD3<Double>(p)
            return !boxes.contains { all(q .>= $0.lo) && all(q .<= $0.hi) }
        }
        func samples(_ rule: EndCapRule) throws -> [String: Float] {
            var o = options
            o.endCap = rule
            let s = try StructureSampler(options: o).survey([roi], budget: .default, file: nil).samplings()[0]
            var out: [String: Float] = [:]
            for (p, w) in zip(s.points, s.weights) where outside(p) { out["\(p.x) \(p.y) \(p.z)", default: 0] += w }
            return out
        }
        let half = try samples(.halfSpacing), none = try samples(.none)
        #expect(half.count > 500 && half == none, "\(half.count) vs \(none.count) samples outside the caps")
    }
}
