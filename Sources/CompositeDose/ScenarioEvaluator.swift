import Dispatch
import DoseMetrics
import Grids
import Masks
import Radiobiology
import RTCore

/// Re-evaluates the verdict composite of already-sampled ROIs under registration scenarios: course
/// 2's EQD2 at each sample point is computed once and reused; per scenario only course 1's dose is
/// read again (trilinear, at the same points, through the scenario's perturbed map), converted to
/// EQD2 and summed exactly as `PointDoses` sums (Double, course order, rounded once to Float), so
/// the identity scenario gives the nominal composite bit for bit.
///
/// Only the points that can matter are re-read. When every metric asked of an ROI is a hot-side one
/// (`Dmax`, a dose at an absolute volume or at ≤ 50 % of the volume), each point's composite under
/// *every* scenario is bounded (`DisplacedDoseBounds` for course 1, course 2's exact EQD2): with L the
/// dose at volume v + (largest sample volume) of the points' lower bounds (v the largest volume
/// asked), every point whose value in some scenario is ≥ L has an upper bound ≥ L, and the points at
/// or above L hold more than v and the sample after the crossing. So the points with upper bound
/// ≥ L, plus one sample at 0 Gy carrying the volume of the others (EQD2 ≥ 0 below L), give each
/// scenario's metrics as all points do. Other metrics (mean, minimum, V-metrics, larger volumes) are
/// computed on every point.
public enum ScenarioEvaluator {
    /// Per scenario, per ROI: its metrics (nil for an ROI asked for none) and its cumulative curve
    /// (when asked for), exact at and above `exactFrom[roi]` (Gy; below it the left-out points count as 0 Gy).
    public struct Output: Sendable {
        public var metrics: [[[DoseMetric: MetricValue]?]]
        public var curves: [[DVHCurve?]]
        public var exactFrom: [Double]
        /// Per ROI, how many points were re-read per scenario (for benchmarks and tests).
        public var pointsPerScenario: [Int]
    }

    /// - Parameters:
    ///   - courses: course 1 then course 2 (nominal), fields covering every scenario (see
    ///     `OpenedCase.regions(aroundVoxelsOf:margins:)`).
    ///   - metrics: per ROI, the metrics of its verdict composite (discounted with recovery) to report.
    ///   - displacementMM: how far any scenario samples course 1 from the nominal map (mm).
    ///   - curve: the curves to return (nil: none).
    ///   - secondCourseEQD2: per ROI, course 2's EQD2 at its points when the caller has it already
    ///     (the nominal evaluation's, `PointDoses` at the same α/β: the same values bit for bit); nil
    ///     (or a nil entry): computed here.
    public static func evaluate(courses: [Course], assignments: [ROIAssignment], samplings: [StructureSampling], metrics: [[DoseMetric]],
                         scenarios: [RegistrationScenario], displacementMM: Double, curve: DVHCurveRequest? = nil,
                         prune: Bool = true, secondCourseEQD2: [[Float]?]? = nil) throws -> Output {
        precondition(courses.count == 2 && assignments.count == samplings.count && metrics.count == samplings.count,
                     "two courses, one sampling and metric list per assignment")
        let active = assignments.indices.filter { !metrics[$0].isEmpty && !samplings[$0].points.isEmpty }
        var out = Output(metrics: scenarios.map { _ in assignments.map { _ in nil } }, curves: scenarios.map { _ in assignments.map { _ in nil } },
                         exactFrom: assignments.map { _ in 0 }, pointsPerScenario: assignments.map { _ in 0 })
        guard !scenarios.isEmpty, !active.isEmpty else { return out }
        let bounds = DisplacedDoseBounds(field: courses[0].field, displacementMM: displacementMM)
        let conversion = active.map { courses[0].conversion(assignments[$0].alphaBeta) }
        let course2 = courses[1]
        // Per active ROI (one ROI's full-size columns at a time per thread): course 2's EQD2 at its
        // points, the points kept with it, and the volume left out.
        struct Plan {
            var points: [SIMD3<Float>] = [], weights: [Float] = [], second: [Float] = [], restMM3 = 0.0, level = 0.0
        }
        var plans = [Result<Plan, Error>?](repeating: nil, count: active.count)
        plans.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: active.count) { k in
                slots[k] = Result {
                    let n = active[k], s = samplings[n], keep = RecoveryWeighting.weight(ofCourse: 0, of: 2, recovery: assignments[n].recovery), lq = conversion[k]
                    let known = secondCourseEQD2.flatMap { $0[n] }.flatMap { $0.count == s.points.count ? $0 : nil }
                    let second = try known ?? PointDoses(courses: [course2], points: s.points, alphaBeta: assignments[n].alphaBeta,
                                                         parallel: false, keepPhysical: false).eqd2[0]
                    // each point's composite under any scenario: course-1 bounds, course 2 exact
                    func bound(_ p: Int) -> (lo: Float, hi: Float) {
                        let b = bounds.bounds(at: s.points[p]), e2 = Double(second[p])
                        guard b.lo >= 0, b.hi.isFinite else { return (0, .infinity) }
                        return (Float(keep * Double(Float(lq.eqd2(Double(b.lo)))) + e2), Float(keep * Double(Float(lq.eqd2(Double(b.hi)))) + e2))
                    }
                    var plan = Plan(), level = -Double.infinity
                    if prune, let v = hotVolume(metrics[n], totalMM3: s.volumeMM3),
                       let l = try? DoseVolumeHistogram(DoseVolumeSamples(doses: s.points.indices.map { bound($0).lo }, volumes: s.weights))
                        .dose(atVolumeMM3: v + Double(s.weights.max() ?? 0)), l > 0 {
                        level = l - 1e-6 * (1 + abs(l))  // slack for the rounding of bounds to Float
                        plan.level = level
                    }
                    for p in s.points.indices {
                        if Double(bound(p).hi) >= level {
                            plan.points.append(s.points[p]); plan.weights.append(s.weights[p]); plan.second.append(second[p])
                        } else { plan.restMM3 += Double(s.weights[p]) }
                    }
                    return plan
                }
            }
        }
        let plan = try plans.map { try $0!.get() }
        let none = active.map { _ in RecoveryFactors.none }
        for (k, n) in active.enumerated() {
            out.pointsPerScenario[n] = plan[k].points.count
            out.exactFrom[n] = plan[k].level
        }
        for (m, scenario) in scenarios.enumerated() {
            let moved = try scenario.apply(to: courses[0])
            let first = try PointDoses.batch(courses: [moved], pointSets: plan.map(\.points),
                                             alphaBetas: active.map { assignments[$0].alphaBeta }, recoveries: none,
                                             keepPhysical: false).map { $0.eqd2[0] }
            var values = [(values: [DoseMetric: MetricValue], curve: DVHCurve?)?](repeating: nil, count: active.count)
            try values.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                let failures = UnsafeMutableBufferPointer<Error?>.allocate(capacity: active.count)
                failures.initialize(repeating: nil)
                defer { failures.deinitialize(); failures.deallocate() }
                nonisolated(unsafe) let errors = failures
                DispatchQueue.concurrentPerform(iterations: active.count) { k in
                    let n = active[k], r = assignments[n].recovery
                    var doses = sum(first[k], plan[k].second, weightOfFirst: r.discounts ? RecoveryWeighting.weight(ofCourse: 0, of: 2, recovery: r) : nil), volumes = plan[k].weights
                    if plan[k].restMM3 > 0 { doses.append(0); volumes.append(Float(plan[k].restMM3)) }
                    do {
                        let samples = try DoseVolumeSamples(doses: doses, volumes: volumes, subject: samplings[n].roiName)
                        let m = StructureMetrics(sampling: samplings[n], samples: samples, metrics: metrics[n], curve: curve)
                        slots[k] = (m.values, m.curve)
                    } catch { errors[k] = error }
                }
                if let e = failures.compactMap({ $0 }).first { throw e }
            }
            for (k, n) in active.enumerated() { out.metrics[m][n] = values[k]?.values; out.curves[m][n] = values[k]?.curve }
        }
        return out
    }

    /// The largest volume (mm³) of `metrics` when every one is hot-side (Dmax, a dose at an absolute
    /// volume, or at a relative volume ≤ 50 %), else nil.
    public static func hotVolume(_ metrics: [DoseMetric], totalMM3: Double) -> Double? {
        var v = 0.0
        for m in metrics {
            switch m {
            case .dmax: break
            case .doseAtAbsoluteVolume(let cc) where cc * 1000 <= totalMM3 / 2: v = max(v, cc * 1000)
            case .doseAtRelativeVolume(let percent) where percent <= 50: v = max(v, percent / 100 * totalMM3)
            default: return nil
            }
        }
        return v
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
