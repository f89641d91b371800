import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// `StructureSampling.sampleStarts`: where each voxel's samples begin, as the sampler wrote them,
/// checked against the samples' own positions (each lies in its voxel's box on the lattice).
@Suite struct SampleStartsTests {
    /// Every sample of voxel u (indices sampleStarts[u] ..< sampleStarts[u + 1]) lies in voxel u:
    /// its continuous index on the lattice rounds to the voxel's; one entry per voxel and the end.
    static func check(_ s: StructureSampling, _ what: String) {
        let starts = s.sampleStarts
        #expect(starts.count == s.voxelIndices.count + 1, "\(what): \(starts.count) starts for \(s.voxelIndices.count) voxels")
        #expect(s.sampleRanges != nil && starts.first == 0 && starts.last.map(Int.init) == s.points.count, "\(what)")
        guard starts.count == s.voxelIndices.count + 1 else { return }
        var wrong = 0
        for u in s.voxelIndices.indices {
            #expect(starts[u] < starts[u + 1], "\(what): voxel \(u) has no sample")
            let expected = s.geometry.voxel(atLinearIndex: s.voxelIndices[u])
            for p in Int(starts[u])..<Int(starts[u + 1]) {
                let ijk = s.geometry.index(of: SIMD3<Double>(s.points[p])).rounded(.toNearestOrAwayFromZero)
                if SIMD3<Int>(Int(ijk.x), Int(ijk.y), Int(ijk.z)) != expected { wrong += 1 }
            }
        }
        #expect(wrong == 0, "\(what): \(wrong) samples outside their voxel")
    }

    @Test("fine, coarse and mixed choices on axis-aligned lattices")
    func axisAligned() throws {
        let phantoms: [SlabPhantom] = [
            SlabPhantom.sphere(centre: [1.3, -2.2, 0.4], radius: 8, spacing: 2, phase: 0.3),
            SlabPhantom.cone(centre: [0.4, 0.6], base: -5, radius: 9, height: 15, spacing: 3),
            SlabPhantom.annulus(centre: [0.2, -0.4], outer: 9, inner: 4, z0: -5, z1: 5, spacing: 2.5),
        ]
        for phantom in phantoms {
            let survey = StructureSampler().survey([phantom.roi()], on: phantom.grid(spacing: 3, shift: [0.3, 0.1, 0.7]))
            let boundary = survey.boundary[0]
            var flip = false
            let mixed = boundary.map { b -> Bool in guard b else { return false }; flip.toggle(); return flip }
            Self.check(survey.samplings()[0], "\(phantom) fine")
            Self.check(survey.samplings(coarse: [boundary])[0], "\(phantom) coarse")
            Self.check(survey.samplings(coarse: [mixed], parallel: false)[0], "\(phantom) mixed")
        }
    }

    @Test("an ROI on oblique planes, on its own plane-frame lattice")
    func oblique() throws {
        let motion = RigidTransform(rotation: Fields.rotation(axis: [1, 2, 0.7], angle: 20 * .pi / 180), translation: [3.3, -2.1, 7.7])
        let contours = (0..<5).map { n -> Contour in
            let z = 2 * Double(n)
            return Contour(type: .closedPlanar, points: [[-5, -5, z], [5, -5, z], [5, 5, z], [-5, 5, z]].map(motion.apply))
        }
        let survey = try StructureSampler().survey([ROI(number: ROINumber(1), name: "box", contours: contours)], budget: .default, file: nil)
        Self.check(survey.samplings()[0], "oblique fine")
        Self.check(survey.samplings(coarse: [survey.boundary[0]])[0], "oblique coarse")
    }
}
