@testable import CompositeDose
import DoseMetrics
import Grids
import Masks
import Radiobiology
import RTCore
import RTModel
import Testing

/// The rules of `SamplingRefinement` on hand-made voxels whose dose bounds are known: a row of three
/// 3.5 mm voxels along x (9 sub-cells per axis), doses from a 0.25 mm dose grid.
struct SamplingRefinementTests {
    static let voxels = GridGeometry(origin: .zero, spacing: [3.5, 3.5, 3.5], size: [3, 1, 1])

    /// Voxel 0 (inside, centre x = 0) at 19 Gy, voxel 1 (inside, x = 3.5) at 25 Gy, voxel 2
    /// (boundary, box x 5.25 … 8.75) from 21 to 23 Gy; one course of 1 fraction with α/β 1e6 Gy, so EQD2 ≈ dose.
    static func case19_25_21to23() throws -> (StructureSampling, [Bool], TrilinearField, LQConversion) {
        let g = GridGeometry(origin: [-2, -2, -2], spacing: [0.25, 0.25, 0.25], size: [48, 17, 17])
        var values = [Float](repeating: 0, count: g.voxelCount)
        for k in 0..<g.size.z { for j in 0..<g.size.y { for i in 0..<g.size.x {
            let x = g.point(atIndex: SIMD3(Double(i), Double(j), Double(k))).x
            let d: Double = x <= 1 ? 19 : x < 2.5 ? 19 + (x - 1) * 4 : x <= 4.5 ? 25 : x < 5.25 ? 25 - (x - 4.5) * 16 / 3 : 21 + (x - 5.25) * 2 / 3.5
            values[g.linearIndex(i, j, k)] = Float(d)
        } } }
        let sampling = StructureSampling(roiNumber: ROINumber(1), roiName: "R", geometry: voxels, subdivisions: 9,
                                         voxelIndices: [0, 1, 2], voxelFractions: [1, 1, 0.8], volumeMM3: 3.5 * 3.5 * 3.5 * 2.8)
        return (sampling, [false, false, true], TrilinearField(grid: Grid(geometry: g, values: values)),
                try LQConversion(fractions: 1, alphaBeta: AlphaBeta(1e6)))
    }

    @Test("V(x) keeps fine the voxel holding the coldest sample above x, though its bounds do not hold x")
    func volumeAtDoseKeepsTheNeighbours() throws {
        let (sampling, boundary, field, lq) = try Self.case19_25_21to23()
        // Dmean alone: the boundary voxel may be coarse.
        #expect(SamplingRefinement.coarse(sampling, boundary: boundary, fields: [field], conversions: [lq], recovery: 0,
                                          metrics: [.dmean]) == [false, false, true])
        // V20Gy: no voxel's bounds hold 20 Gy, but the coldest sample at or above 20 Gy is in voxel 2
        // (V(D) interpolates towards it), so voxel 2 must stay fine.
        #expect(SamplingRefinement.coarse(sampling, boundary: boundary, fields: [field], conversions: [lq], recovery: 0,
                                          metrics: [.volumeAtDose(gy: 20, relative: false)]) == [false, false, false])
        // V24Gy: the hottest sample below 24 Gy is in voxel 2.
        #expect(SamplingRefinement.coarse(sampling, boundary: boundary, fields: [field], conversions: [lq], recovery: 0,
                                          metrics: [.volumeAtDose(gy: 24, relative: false)]) == [false, false, false])
        // Dmax (25 Gy, voxel 1): voxel 2 (at most 23 Gy) cannot reach it.
        #expect(SamplingRefinement.coarse(sampling, boundary: boundary, fields: [field], conversions: [lq], recovery: 0,
                                          metrics: [.dmax]) == [false, false, true])
        // D80% interpolates between the sample crossing 80 % (voxel 0's 19 Gy) and the next hotter
        // one, voxel 2's coldest: voxel 2 stays fine.
        #expect(SamplingRefinement.coarse(sampling, boundary: boundary, fields: [field], conversions: [lq], recovery: 0,
                                          metrics: [.doseAtRelativeVolume(percent: 80)]) == [false, false, false])
    }

    @Test("a voxel whose dose is not held around it stays fine, and so does every voxel the cold side may need")
    func unknownVoxelsAreFineAndCounted() throws {
        let (sampling, boundary, field, lq) = try Self.case19_25_21to23()
        // The dose read only for x ≤ 4 (a crop): voxel 2's box needs nodes the crop does not hold.
        let box = VoxelBox(lower: .zero, upper: [24, 16, 16])
        let whole = field.grid.geometry
        let cropValues = (0...16).flatMap { k in (0...16).flatMap { j in (0...24).map { i in field.grid.values[whole.linearIndex(i, j, k)] } } }
        let crop = TrilinearField(grid: Grid(geometry: whole.cropped(to: box), values: cropValues), wholeGeometry: whole)
        #expect(SamplingRefinement.coarse(sampling, boundary: boundary, fields: [crop], conversions: [lq], recovery: 0,
                                          metrics: [.dmean]) == [false, false, false])
    }
}
