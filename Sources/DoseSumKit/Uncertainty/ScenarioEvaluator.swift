import Dispatch
import DoseMetrics
import Masks
import Radiobiology
import RTCore

/// Re-evaluates the composite of already-sampled ROIs under registration scenarios: course 2's EQD2
/// at each sample point is computed once and reused; per scenario only course 1's dose is read again
/// (trilinear, at the same points, through the scenario's perturbed map), converted to EQD2 and
/// summed exactly as `PointDoses` sums (Double, course order, rounded once to Float), so the
/// identity scenario gives the nominal composite bit for bit. Scenarios run one after another (each
/// holds one column per point at a time); the points and DVHs of a scenario run in Dispatch-parallel
/// loops.
enum ScenarioEvaluator {
    /// One ROI's composite metrics under one scenario.
    struct ROIScenario: Sendable {
        /// Metrics of the undiscounted composite (Gy EQD2).
        var composite: [DoseMetric: MetricValue]
        /// With recovery, the discounted composite the verdict uses.
        var compositeDiscounted: [DoseMetric: MetricValue]?
        /// The cumulative curve of the verdict composite (`curve` request), when asked for.
        var curve: DVHCurve?
    }

    /// `result[scenario][roi]`.
    /// - Parameters:
    ///   - courses: course 1 then course 2 (nominal).
    ///   - curveFor: ROIs (indices) whose verdict composite's curve is kept.
    static func evaluate(courses: [Course], assignments: [ROIAssignment], samplings: [StructureSampling], metrics: [DoseMetric],
                         scenarios: [RegistrationScenario], curve: DVHCurveRequest?, curveFor: Set<Int>) throws -> [[ROIScenario]] {
        precondition(courses.count == 2 && assignments.count == samplings.count, "two courses, one sampling per assignment")
        guard !scenarios.isEmpty, !assignments.isEmpty else { return scenarios.map { _ in [] } }
        let points = samplings.map(\.points)
        let alphaBetas = assignments.map(\.alphaBeta), none = assignments.map { _ in 0.0 }
        let second = try PointDoses.batch(courses: [courses[1]], pointSets: points, alphaBetas: alphaBetas, recoveries: none,
                                          keepPhysical: false).map { $0.eqd2[0] }
        var out: [[ROIScenario]] = []
        for scenario in scenarios {
            let first = try PointDoses.batch(courses: [try scenario.apply(to: courses[0])], pointSets: points, alphaBetas: alphaBetas,
                                             recoveries: none, keepPhysical: false).map { $0.eqd2[0] }
            let doseSets = assignments.indices.map { n -> [[Float]] in
                let r = assignments[n].recovery
                return [sum(first[n], second[n], weightOfFirst: nil)] + (r > 0 ? [sum(first[n], second[n], weightOfFirst: 1 - r)] : [])
            }
            let perROI = CompositeEvaluator.concurrentMetrics(samplings: samplings, doseSets: doseSets, metrics: metrics, curve: curve)
            out.append(try assignments.indices.map { n in
                let sets = try perROI[n].map { try $0.get() }
                return ROIScenario(composite: sets[0].values, compositeDiscounted: sets.count > 1 ? sets[1].values : nil,
                                   curve: curveFor.contains(n) ? sets.last!.curve : nil)
            })
        }
        return out
    }

    /// Float(0 + w·a + b) accumulated in Double (w = 1 when nil), as `PointDoses` sums two courses.
    static func sum(_ a: [Float], _ b: [Float], weightOfFirst w: Double?) -> [Float] {
        [Float](unsafeUninitializedCapacity: a.count) { out, count in
            if let w { for n in 0..<a.count { var t = 0.0; t += w * Double(a[n]); t += Double(b[n]); out[n] = Float(t) } }
            else { for n in 0..<a.count { var t = 0.0; t += Double(a[n]); t += Double(b[n]); out[n] = Float(t) } }
            count = a.count
        }
    }
}
