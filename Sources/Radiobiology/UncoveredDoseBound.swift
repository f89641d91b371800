import Grids
import RTCore

/// The part of a structure that some course's dose grid does not cover (where that course's dose is
/// taken as 0) and the most the dose there could be, so a verdict can tell whether the assumed 0
/// could change it.
///
/// The bound assumes that a course's dose beyond its grid does not exceed its dose on the grid's
/// boundary next to the uncovered part (planning systems size dose grids to hold the dose that
/// matters). For each course, over the uncovered sample points, the highest EQD2 it may give there is
/// taken: its interpolated dose where its grid covers the point, else its dose at the nearest point
/// of its grid's support (`TrilinearField.clampedValue`), converted with the structure's α/β and the
/// course's fractionation. The bound of the composite is the sum of these per-course maxima (each
/// taken on its own, so it holds even when the maxima lie at different points).
///
/// Units: EQD2 in Gy; volumes in mm³ (sample weights).
public struct UncoveredDoseBound: Sendable, Hashable {
    /// Per course (course order): the volume (mm³) of the structure outside that course's grid.
    public var outsideVolumeMM3: [Double]
    /// Volume (mm³) outside at least one course's grid.
    public var uncoveredVolumeMM3: Double
    /// The structure's whole sampled volume (mm³).
    public var totalVolumeMM3: Double
    /// Per course: the highest EQD2 (Gy) that course may give anywhere in the uncovered part.
    public var courseMaximaGy: [Double]
    /// Per course: the highest EQD2 (Gy) it may give where its own grid misses the structure (its
    /// boundary value there), 0 when its grid covers the whole structure.
    public var ownBoundaryMaximaGy: [Double]

    /// Bound (Gy EQD2) of the composite anywhere in the uncovered part, with the earlier courses'
    /// EQD2 weighted by 1 − rₖ (`RecoveryWeighting`) as the discounted composite is.
    public func compositeBound(recovery: RecoveryFactors = .none) -> Double {
        var total = 0.0
        for (n, m) in courseMaximaGy.enumerated() { total += RecoveryWeighting.weight(ofCourse: n, of: courseMaximaGy.count, recovery: recovery) * m }
        return total
    }

    /// Fraction (0…1) of the structure outside at least one course's grid.
    public var uncoveredFraction: Double { totalVolumeMM3 > 0 ? uncoveredVolumeMM3 / totalVolumeMM3 : 0 }

    /// Measures the uncovered part of a structure's sample points (common frame, LPS mm) with their
    /// volumes (mm³); `eqd2[course][n]` is each course's EQD2 at point n as `PointDoses` computed it.
    /// nil when every course's grid covers every point. O(points × courses).
    public static func measure(courses: [Course], points: [SIMD3<Float>], weights: [Float], eqd2: [[Float]],
                               alphaBeta: AlphaBeta) -> UncoveredDoseBound? {
        precondition(points.count == weights.count && eqd2.count == courses.count, "one weight per point, one EQD2 column per course")
        let fields = courses.map(\.field), conversions = courses.map { $0.conversion(alphaBeta) }
        let m = courses.count
        var outsideVolume = [Double](repeating: 0, count: m), uncovered = 0.0, total = 0.0
        var maxima = [Double](repeating: 0, count: m), own = [Double](repeating: 0, count: m)
        var outside = [Bool](repeating: false, count: m)
        for n in points.indices {
            let p = SIMD3<Double>(points[n]), w = Double(weights[n])
            total += w
            var any = false
            for k in 0..<m {
                outside[k] = !fields[k].supports(p)
                any = any || outside[k]
            }
            guard any else { continue }
            uncovered += w
            for k in 0..<m {
                if outside[k] {
                    outsideVolume[k] += w
                    let edge = conversions[k].eqd2(max(0, fields[k].clampedValue(at: p)))
                    maxima[k] = max(maxima[k], edge)
                    own[k] = max(own[k], edge)
                } else {
                    maxima[k] = max(maxima[k], Double(eqd2[k][n]))
                }
            }
        }
        guard uncovered > 0 else { return nil }
        return UncoveredDoseBound(outsideVolumeMM3: outsideVolume, uncoveredVolumeMM3: uncovered, totalVolumeMM3: total,
                                  courseMaximaGy: maxima, ownBoundaryMaximaGy: own)
    }
}
