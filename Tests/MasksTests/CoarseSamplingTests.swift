import Foundation
import Grids
import Masks
import Testing
import TestSupport

/// Coarse boundary voxels (`StructureSurvey.samplings(coarse:)`): one sample per strip instead of one
/// per cell. What must not change is checked against the all-fine sampling of the same survey.
@Suite struct CoarseSamplingTests {
    static let phantoms: [SlabPhantom] = [
        SlabPhantom.sphere(centre: [1.3, -2.2, 0.4], radius: 8, spacing: 2, phase: 0.3),
        SlabPhantom.cone(centre: [0.4, 0.6], base: -5, radius: 9, height: 15, spacing: 3),
        SlabPhantom.annulus(centre: [0.2, -0.4], outer: 9, inner: 4, z0: -5, z1: 5, spacing: 2.5),
    ]

    @Test("coarse voxels keep every voxel, fraction and volume; their samples keep each voxel's volume and centroid",
          arguments: [2.5, 3.5])
    func coarseKeepsVolumeAndCentroid(gridSpacing s: Double) throws {
        for phantom in Self.phantoms {
            let survey = StructureSampler().survey([phantom.roi()], on: phantom.grid(spacing: s, shift: [0.3, 0.1, 0.7]))
            let boundary = survey.boundary[0]
            let fine = survey.samplings()[0]
            let coarse = survey.samplings(coarse: [boundary])[0]
            #expect(coarse.voxelIndices == fine.voxelIndices && coarse.voxelFractions == fine.voxelFractions)
            #expect(coarse.volumeMM3 == fine.volumeMM3)
            #expect(coarse.coarseVoxelCount == boundary.filter { $0 }.count && coarse.coarseVoxelCount > 0)
            #expect(fine.coarseVoxelCount == 0)
            #expect(coarse.points.count < fine.points.count / 3, "\(phantom): \(coarse.points.count) coarse vs \(fine.points.count) fine samples")
            // A strip's centre is the mean of its cells' centres: Σ w and Σ w·p agree for the whole
            // structure (any linear dose has the same mean either way).
            func moments(_ x: StructureSampling) -> (Double, SIMD3<Double>) {
                var w = 0.0, m = SIMD3<Double>.zero
                for (p, v) in zip(x.points, x.weights) { w += Double(v); m += Double(v) * SIMD3<Double>(p) }
                return (w, m)
            }
            let (wf, mf) = moments(fine), (wc, mc) = moments(coarse)
            #expect(abs(wc - wf) <= 1e-5 * wf, "\(phantom): weights \(wc) vs \(wf)")
            #expect(abs(wf - fine.volumeMM3) <= 1e-5 * wf)
            let shift = (mc / wc - mf / wf)
            #expect((shift * shift).sum().squareRoot() < 1e-4, "\(phantom): centroid moved \(shift) mm")
        }
    }

    @Test("each voxel may be chosen alone: the samples are the fine ones with the chosen voxels' strips merged")
    func mixedChoices() throws {
        let phantom = SlabPhantom.sphere(centre: [0, 0, 0], radius: 7, spacing: 2)
        let survey = StructureSampler().survey([phantom.roi()], on: phantom.grid(spacing: 3, shift: [0.2, 0.4, 0.1]))
        let boundary = survey.boundary[0]
        // every other boundary voxel coarse
        var flip = false
        let choice = boundary.map { b -> Bool in guard b else { return false }; flip.toggle(); return flip }
        let mixed = survey.samplings(coarse: [choice])[0]
        let fine = survey.samplings()[0], coarse = survey.samplings(coarse: [boundary])[0]
        #expect(mixed.coarseVoxelCount == choice.filter { $0 }.count)
        #expect(mixed.points.count > coarse.points.count && mixed.points.count < fine.points.count)
        // The same survey sampled twice gives the same samples, in parallel or not.
        let again = survey.samplings(coarse: [choice], parallel: false)[0]
        #expect(again.points == mixed.points && again.weights == mixed.weights)
    }
}
