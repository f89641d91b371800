import Constraints
import Dispatch
import Grids
import Radiobiology
import RTCore

/// The budget map's arithmetic, voxel by voxel: the highest course-2 **physical** dose (Gy) in n₂
/// fractions that keeps every organ containing the voxel within each of its counted limits
/// (`BudgetMapRows`), capped at a ceiling that also fills the voxels of no limited organ.
///
/// For a row with α/β a (Gy) and limit L (Gy EQD2), with each prior course's physical dose d (Gy) in
/// n₁ fractions at the voxel centre: used U = Σ w·d·(d/n₁ + a)/(2 + a) (w = 1 − r of the region's
/// recovery factor for that course, `RecoveryWeighting`; 1 without recovery), remaining R = L − U (L for a
/// course-2 EQD2 row), and the dose left is the positive root of D·(D/n₂ + a)/(2 + a) = R,
/// D = n₂/2·(−a + √(a² + 4R(2 + a)/n₂)) (`DoseBudget.physicalDose(fractions:)`), 0 when R ≤ 0. A
/// course-2 physical row leaves L itself. The voxel holds min(ceiling, the minimum over every row of
/// every region that holds it).
public enum BudgetMap {
    /// One bound of a region: a counted row with the α/β it is solved at.
    public struct Bound: Sendable, Hashable {
        public var kind: BudgetMapRows.Kind
        /// Gy EQD2, or Gy physical for `course2Physical`.
        public var limitGy: Double
        /// Gy; the row's stated α/β, else the ROI's (unused for `course2Physical`).
        public var alphaBetaGy: Double
        public init(kind: BudgetMapRows.Kind, limitGy: Double, alphaBetaGy: Double) {
            self.kind = kind; self.limitGy = limitGy; self.alphaBetaGy = alphaBetaGy
        }
    }

    /// One ROI on the map: the voxels it occupies at all (occupied fraction > 0) and its bounds.
    public struct Region: Sendable {
        public var name: String
        /// Linear indices on the map's geometry, ascending, distinct.
        public var voxelIndices: [Int]
        public var bounds: [Bound]
        /// Per prior course (same order as the priors), the weight of its EQD2 in "used" (1 − the
        /// ROI's recovery factor for it, `RecoveryWeighting`); empty: every weight 1.
        public var priorWeights: [Double]
        public init(name: String, voxelIndices: [Int], bounds: [Bound], priorWeights: [Double] = []) {
            self.name = name; self.voxelIndices = voxelIndices; self.bounds = bounds; self.priorWeights = priorWeights
        }
    }

    /// The map's values with counts for the report.
    public struct Values: Sendable {
        /// Gy, one per voxel of the geometry (storage order).
        public var values: [Float]
        /// Voxels held by at least one region with a bound.
        public var limitedVoxels: Int
        /// Of those, voxels whose dose left reached the ceiling (they show the ceiling).
        public var cappedVoxels: Int
        /// Of those, voxels with nothing left (0 Gy).
        public var exhaustedVoxels: Int
    }

    /// One prior course as the map reads it: its fraction count and its physical dose (Gy) at the
    /// centre of a map voxel, by linear index (asked only for region voxels).
    public struct Prior: Sendable {
        public var fractions: Int
        public var gy: @Sendable (Int) -> Double
        public init(fractions: Int, gy: @escaping @Sendable (Int) -> Double) { self.fractions = fractions; self.gy = gy }
    }

    /// The course-2 physical dose (Gy) one bound leaves at a voxel where the prior courses gave
    /// `priorGy` (physical, Gy) in `priorFractions` fractions (same order); course 2 in
    /// `course2Fractions`. A cumulative row's used EQD2 is the sum of the priors' EQD2 at the row's α/β,
    /// each weighted by `priorWeights` (same order; empty: every weight 1).
    public static func doseLeft(_ bound: Bound, priorGy: [Double], priorFractions: [Int], priorWeights: [Double] = [],
                                course2Fractions: Int) -> Double {
        switch bound.kind {
        case .course2Physical:
            return max(0, bound.limitGy)
        case .course2EQD2:
            return DoseBudget(used: 0, limit: bound.limitGy, alphaBeta: bound.alphaBetaGy).physicalDose(fractions: course2Fractions)
        case .cumulativeEQD2:
            var used = 0.0
            for (p, (d, n)) in zip(priorGy, priorFractions).enumerated() {
                let eqd2 = LQConversion.eqd2(max(0, d), fractions: Double(n), alphaBeta: bound.alphaBetaGy)
                used += p < priorWeights.count ? priorWeights[p] * eqd2 : eqd2
            }
            return DoseBudget(used: used, limit: bound.limitGy, alphaBeta: bound.alphaBetaGy).physicalDose(fractions: course2Fractions)
        }
    }

    /// The map on a grid of `voxelCount` voxels after the `priors` (one or more courses, their doses
    /// on the map's voxels). Regions are taken one after another, each one's voxels in parallel chunks
    /// (a region's voxels are distinct), so the result does not depend on the order of regions or on
    /// the split.
    /// - Precondition: at least one prior, fraction counts > 0, ceiling finite and ≥ 0, region indices
    ///   within the grid.
    public static func compute(voxelCount: Int, regions: [Region], priors: [Prior], course2Fractions: Int,
                               ceilingGy: Double) -> Values {
        precondition(!priors.isEmpty && priors.allSatisfy { $0.fractions > 0 } && course2Fractions > 0 && ceilingGy >= 0 && ceilingGy.isFinite)
        var values = [Float](repeating: .infinity, count: voxelCount)
        let chunk = 1 << 14
        let fractions = priors.map(\.fractions)
        values.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            for region in regions where !region.bounds.isEmpty {
                let voxels = region.voxelIndices
                DispatchQueue.concurrentPerform(iterations: (voxels.count + chunk - 1) / chunk) { c in
                    var doses = [Double](repeating: 0, count: priors.count)
                    for v in voxels[(c * chunk)..<min(voxels.count, (c + 1) * chunk)] {
                        precondition(v >= 0 && v < out.count, "budget map: voxel index \(v) outside the grid")
                        for p in priors.indices { doses[p] = priors[p].gy(v) }
                        var least = Double(out[v])
                        for b in region.bounds {
                            least = min(least, doseLeft(b, priorGy: doses, priorFractions: fractions, priorWeights: region.priorWeights,
                                                            course2Fractions: course2Fractions))
                        }
                        out[v] = Float(least)
                    }
                }
            }
        }
        var limited = 0, capped = 0, exhausted = 0
        let ceiling = Float(ceilingGy)
        for i in values.indices {
            let v = values[i]
            if v.isFinite {
                limited += 1
                if v >= ceiling { capped += 1 }
                if v <= 0 { exhausted += 1 }
            }
            values[i] = min(max(v, 0), ceiling)
        }
        return Values(values: values, limitedVoxels: limited, cappedVoxels: capped, exhaustedVoxels: exhausted)
    }
}
