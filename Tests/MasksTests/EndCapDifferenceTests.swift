import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// The boxes where an ROI's solids under the two end-cap rules can differ (`EndCapDifference`): the
/// caps' exact extent, and, widened by a sampling voxel's diagonal and the full-voxel margin, every
/// sample outside them is the same under both rules (slab and smooth, axial and oblique planes).
struct EndCapDifferenceTests {
    static func square(z: Double, half: Double = 5, _ m: RigidTransform = .init()) -> Contour {
        Contour(type: .closedPlanar, points: [[-half, -half, z], [half, -half, z], [half, half, z], [-half, half, z]].map(m.apply))
    }

    @Test("a stack of five squares 2 mm apart: the caps are the millimetre beyond each end plane")
    func capsOfAStack() throws {
        let roi = ROI(number: ROINumber(1), name: "box", contours: (0..<5).map { Self.square(z: 2 * Double($0)) })
        let boxes = try #require(EndCapDifference.boxes(of: roi, .halfSpacing, .none, marginMM: 0))
        #expect(boxes.count == 2)
        let sorted = boxes.sorted { $0.lo.z < $1.lo.z }
        #expect(sorted[0].lo == SIMD3(-5, -5, -1) && sorted[0].hi == SIMD3(5, 5, 0), "\(sorted[0])")
        #expect(sorted[1].lo == SIMD3(-5, -5, 8) && sorted[1].hi == SIMD3(5, 5, 9), "\(sorted[1])")
        // symmetric in the rules; a margin widens every side; one rule: nothing differs
        let other = try #require(EndCapDifference.boxes(of: roi, .none, .halfSpacing, marginMM: 0.5)).sorted { $0.lo.z < $1.lo.z }
        #expect(other.count == 2 && other[0].lo == SIMD3(-5.5, -5.5, -1.5) && other[1].hi == SIMD3(5.5, 5.5, 9.5))
        #expect(EndCapDifference.boxes(of: roi, .none, .none, marginMM: 1)?.isEmpty == true)
        // one plane: under `none` it has no volume at all, so there is nothing to bound
        let flat = ROI(number: ROINumber(2), name: "flat", contours: [Self.square(z: 0)])
        #expect(EndCapDifference.boxes(of: flat, .halfSpacing, .none, marginMM: 1) == nil)
    }

    /// Every sample of the `half` solid outside the widened boxes is a sample of the `none` solid, with
    /// the same volume, and the other way round.
    @Test("outside the widened boxes both rules sample alike", arguments: [SurfaceModel.slab, .smooth], [false, true])
    func samplesAgreeOutside(surface: SurfaceModel, oblique: Bool) throws {
        let motion = oblique ? RigidTransform(rotation: Fields.rotation(axis: [1, 2, 0.7], angle: 20 * .pi / 180), translation: [3.3, -2.1, 7.7])
            : RigidTransform()
        // a body of growing squares (a smooth surface has something to interpolate), 3 mm apart
        let roi = ROI(number: ROINumber(1), name: "pyramid", contours: (0..<14).map { Self.square(z: 3 * Double($0), half: 4 + Double($0) / 2, motion) })
        let options = SamplingOptions(endCap: .halfSpacing, surface: surface)
        let margin = options.latticeSpacingMM * 3.0.squareRoot() + options.fullVoxelMarginMM + 0.01
        let boxes = try #require(EndCapDifference.boxes(of: roi, .halfSpacing, .none, marginMM: margin))
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
