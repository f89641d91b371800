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
/// *every* scenario is bounded. With H = the largest volume asked + the largest sample volume, each
/// scenario first takes its own level Lₘ from its exact values at a few probe points
/// (`ScenarioProbes`: the nominal hottest, holding 4·H): its values hold H at or above Lₘ, so only
/// points whose value reaches Lₘ can count. The lowest Lₘ is the floor: points whose upper bound is
/// below it never count. The bound, in one pass over the points: course 1's nominal physical dose
/// (recovered from its nominal EQD2 when the caller gives it, else sampled) plus the largest rise of
/// any scenario over the point's cell of `AxisRiseBounds`, as a composite with course 2's exact EQD2
/// (`ScenarioPlan.init(sampling:second:firstCourse:…)`). Without a level for every scenario (or
/// where the rise bounds would be too large) the ball bound instead (`DisplacedDoseBounds`: the
/// nodes' min … max within the displacement; the floor is then the dose the lower bounds hold H at or
/// above). The kept points are ordered by upper bound, so each scenario reads a prefix (`ScenarioPlan`). Within the
/// prefix, each point's bound under this scenario alone (course 1's nominal dose plus the rise along
/// the scenario's displacement, `AxisRiseBounds`) must reach Lₘ too (`ScenarioPlan.screen`). Those
/// points plus one sample at 0 Gy carrying the volume of the others (EQD2 ≥ 0 below Lₘ) give each
/// scenario's metrics as all points do; its curve is exact at and above Lₘ (lowered for rounding; the
/// prefix's lower edge when a point cannot be screened), and the envelope from the highest of these
/// over the scenarios. Other metrics (mean, minimum, V-metrics, larger volumes) are computed on every
/// point. One task per scenario and ROI, run concurrently.
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
    ///   - firstCourseEQD2: per ROI, course 1's nominal EQD2 at its points (Gy, its α/β, point order)
    ///     when the caller has it: the physical dose it gives back (`ScenarioPlan.physicalUpper`, an
    ///     upper bound) replaces sampling course 1 for the plan's bound; nil: sampled.
    ///   - nominalComposite: per ROI, the DVH of the nominal verdict composite, whose samples are its
    ///     values at the ROI's points (Gy EQD2, point order, the sampling's weights as volumes), when
    ///     the caller has it: it picks the points whose exact values set each scenario's level (any
    ///     choice is valid; the nominal hottest give the highest levels), its buckets the cut
    ///     (`DoseVolumeHistogram.holdingLevel`). nil (or a nil entry): computed here.
    public static func evaluate(courses: [Course], assignments: [ROIAssignment], samplings: [StructureSampling], metrics: [[DoseMetric]],
                         scenarios: [RegistrationScenario], displacementMM: Double, curve: DVHCurveRequest? = nil,
                         prune: Bool = true, secondCourseEQD2: [[Float]?]? = nil, nominalComposite: [DoseVolumeHistogram?]? = nil,
                         firstCourseEQD2: [[Float]?]? = nil) throws -> Output {
        precondition(courses.count == 2 && assignments.count == samplings.count && metrics.count == samplings.count,
                     "two courses, one sampling and metric list per assignment")
        let active = assignments.indices.filter { !metrics[$0].isEmpty && !samplings[$0].points.isEmpty }
        var out = Output(metrics: scenarios.map { _ in assignments.map { _ in nil } }, curves: scenarios.map { _ in assignments.map { _ in nil } },
                         exactFrom: assignments.map { _ in 0 }, pointsPerScenario: assignments.map { _ in 0 })
        guard !scenarios.isEmpty, !active.isEmpty else { return out }
        let field = courses[0].field
        let conversion = active.map { courses[0].conversion(assignments[$0].alphaBeta) }
        let alphaBetas = active.map { assignments[$0].alphaBeta }
        let weightOfFirst = active.map { n -> Double? in
            let r = assignments[n].recovery
            return r.discounts ? RecoveryWeighting.weight(ofCourse: 0, of: 2, recovery: r) : nil
        }
        let course2 = courses[1]
        let moved = try scenarios.map { try $0.apply(to: courses[0]) }
        // each scenario's displacement in course 1's grid indices: e(p) = A·p + b
        let displacements = moved.map { c -> (a: Matrix3, b: SIMD3<Double>) in
            let m = c.field.indexMap.linear, n = field.indexMap.linear
            return (Matrix3(columns: m.c0 - n.c0, m.c1 - n.c1, m.c2 - n.c2), c.field.indexMap.offset - field.indexMap.offset)
        }
        // 1. per ROI: course 2's EQD2, the nominal composite and the probes (the nominal hottest points)
        var probed = [Result<ScenarioProbes, Error>?](repeating: nil, count: active.count)
        probed.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: active.count) { k in
                slots[k] = Result {
                    let n = active[k], s = samplings[n]
                    let known = secondCourseEQD2.flatMap { $0[n] }.flatMap { $0.count == s.points.count ? $0 : nil }
                    let second = try known ?? PointDoses(courses: [course2], points: s.points, alphaBeta: alphaBetas[k],
                                                         parallel: false, keepPhysical: false).eqd2[0]
                    let hot = prune ? hotVolume(metrics[n], totalMM3: s.volumeMM3).map { $0 + Double(s.weights.max() ?? 0) } : nil
                    guard let hot else { return ScenarioProbes(second: second) }
                    let nominal = try nominalComposite.flatMap { $0[n] }.flatMap { $0.samples.count == s.points.count ? $0 : nil }
                        ?? DoseVolumeHistogram(DoseVolumeSamples(sampling: s, doses: sum(PointDoses(courses: [courses[0]], points: s.points, alphaBeta: alphaBetas[k], parallel: false,
                                          keepPhysical: false).eqd2[0], second, weightOfFirst: weightOfFirst[k])))
                    return ScenarioProbes(sampling: s, second: second, nominal: nominal, holding: hot)
                }
            }
        }
        // 2. per scenario and ROI: its level, from its exact values at the probes; then the probe
        // points are let go (only course 2's EQD2 and the volume a level holds are kept)
        let (level, seconds, holdings, nominals) = try { () throws -> ([Double?], [[Float]], [Double?], [DoseVolumeHistogram?]) in
            let probes = try probed.map { try $0!.get() }
            probed = []
            var levels = [Result<Double?, Error>?](repeating: nil, count: scenarios.count * active.count)
            levels.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                DispatchQueue.concurrentPerform(iterations: slots.count) { t in
                    let m = t / active.count, k = t % active.count, p = probes[k]
                    slots[t] = Result {
                        guard let holding = p.holding, !p.points.isEmpty else { return nil }
                        let probe = try PointDoses(courses: [moved[m]], points: p.points, alphaBeta: alphaBetas[k], parallel: false,
                                                   keepPhysical: false).eqd2[0]
                        return HoldingLevel.level(sum(probe, p.probeSecond, weightOfFirst: weightOfFirst[k]), weights: p.weights, holding: holding)
                    }
                }
            }
            return (try levels.map { try $0!.get() }, probes.map(\.second), probes.map(\.holding), probes.map(\.nominal))
        }()
        let rois = active.count
        let levelOf: @Sendable (Int, Int) -> Double? = { m, k in level[m * rois + k] }
        // 3. per ROI: the points that can reach the lowest scenario level, ordered by a bound over every
        // scenario: directly by the scenarios' lifts over the rise bounds around the points when every
        // scenario has a level (one pass), else (or when those bounds are too large) first by the
        // displaced-dose ball, built only then
        @Sendable func plan(_ k: Int, ball bounds: DisplacedDoseBounds?) throws -> ScenarioPlan? {
            let n = active[k], s = samplings[n], keep = weightOfFirst[k] ?? 1, lq = conversion[k]
            let second = seconds[k]
            let scenarioLevels = scenarios.indices.map { levelOf($0, k) }
            // every scenario's level known: the lowest bounds them all, and only upper bounds are needed
            let floor = scenarioLevels.allSatisfy({ $0 != nil }) ? scenarioLevels.compactMap { $0 }.min() : nil
            // some metric not hot-side: every point, no bounds
            guard let holding = holdings[k] else { return ScenarioPlan(sampling: s, second: second, lower: [], upper: [], floor: nil, holding: nil) }
            guard let bounds else {
                guard let floor else { return nil }
                // course 1's nominal physical dose at the points: from its nominal EQD2 when given (an upper
                // bound of it), else sampled
                let given = firstCourseEQD2.flatMap { $0[n] }.flatMap { $0.count == s.points.count ? $0 : nil }
                let dose = given.map { ScenarioPlan.FirstCourseDose.eqd2($0, lq) } ?? .physical(field.sample(at: s.points, parallel: false).values)
                return ScenarioPlan(sampling: s, second: second, firstCourse: dose, nominal: nominals[k]?.samples.doses, floor: floor, holding: holding, field: field,
                                    displacementMM: displacementMM, displacements: displacements, keep: keep, conversion: lq)
            }
            // each point's composite under any scenario: course-1 bounds, course 2 exact
            var lo = [Float](repeating: 0, count: floor == nil ? s.points.count : 0), hi = [Float](repeating: 0, count: s.points.count)
            for p in s.points.indices {
                let b = bounds.bounds(at: s.points[p]), e2 = Double(second[p])
                if b.lo >= 0, b.hi.isFinite {
                    if floor == nil { lo[p] = Float(keep * Double(Float(lq.eqd2(Double(b.lo)))) + e2) }
                    hi[p] = Float(keep * Double(Float(lq.eqd2(Double(b.hi)))) + e2)
                } else { hi[p] = .infinity }
            }
            var plan = ScenarioPlan(sampling: s, second: second, lower: lo, upper: hi, floor: floor, holding: holdings[k])
            plan.prepareScreen(field: field, displacementMM: displacementMM, displacements: displacements, keep: keep, conversion: lq)
            return plan
        }
        var plans = [Result<ScenarioPlan?, Error>?](repeating: nil, count: active.count)
        plans.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: active.count) { k in
                slots[k] = Result { try plan(k, ball: nil) }
            }
        }
        let needBall = try plans.indices.filter { try plans[$0]!.get() == nil }
        if !needBall.isEmpty {
            let bounds = DisplacedDoseBounds(field: field, displacementMM: displacementMM)
            var balls = [Result<ScenarioPlan?, Error>?](repeating: nil, count: needBall.count)
            balls.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                DispatchQueue.concurrentPerform(iterations: needBall.count) { q in slots[q] = Result { try plan(needBall[q], ball: bounds) } }
            }
            for (q, k) in needBall.enumerated() { plans[k] = balls[q] }
        }
        let plan = try plans.map { try $0!.get()! }
        // one task per scenario and ROI, the largest ROIs first (balance on few cores)
        let order = active.indices.sorted { plan[$0].keptCount > plan[$1].keptCount }
        let tasks = order.flatMap { k in scenarios.indices.map { m in (m: m, k: k) } }
        struct Done { var values: [DoseMetric: MetricValue], curve: DVHCurve?, count: Int, exactFrom: Double }
        var done = [Result<Done, Error>?](repeating: nil, count: tasks.count)
        done.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: tasks.count) { t in
                let (m, k) = tasks[t], n = active[k], p = plan[k]
                slots[t] = Result {
                    let prefix = p.prefix(reaching: p.holding == nil ? nil : levelOf(m, k))
                    var exactFrom = prefix.exactFrom
                    let positions: [Int]
                    if let threshold = prefix.threshold, p.rises != nil {
                        // only the points whose bound under this scenario reaches its level
                        positions = p.screen(count: prefix.count, threshold: threshold, a: displacements[m].a, b: displacements[m].b,
                                             keep: weightOfFirst[k] ?? 1, conversion: conversion[k])
                        exactFrom = threshold
                    } else {
                        positions = Array(0..<prefix.count)
                    }
                    var (points, volumes, second) = p.gather(positions)
                    let held = prefix.threshold != nil && p.rises != nil ? volumes.reduce(0.0) { $0 + Double($1) } : prefix.volumeMM3
                    let c = points.count
                    let first = try PointDoses(courses: [moved[m]], points: points, alphaBeta: alphaBetas[k], parallel: false,
                                               keepPhysical: false).eqd2[0]
                    var doses = sum(first, second, weightOfFirst: weightOfFirst[k])
                    let rest = p.totalMM3 - held
                    if c < p.sampling.points.count, rest > 0 { doses.append(0); volumes.append(Float(rest)) }
                    let samples = try DoseVolumeSamples(doses: doses, volumes: volumes, subject: samplings[n].roiName)
                    let result = StructureMetrics(sampling: samplings[n], samples: samples, metrics: metrics[n], curve: curve)
                    return Done(values: result.values, curve: result.curve, count: c, exactFrom: exactFrom)
                }
            }
        }
        for (t, task) in tasks.enumerated() {
            let d = try done[t]!.get(), n = active[task.k]
            out.metrics[task.m][n] = d.values; out.curves[task.m][n] = d.curve
            out.pointsPerScenario[n] = max(out.pointsPerScenario[n], d.count)
            out.exactFrom[n] = max(out.exactFrom[n], d.exactFrom)
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
