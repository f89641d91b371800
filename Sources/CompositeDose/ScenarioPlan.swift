import DoseMetrics
import Grids
import Masks
import Radiobiology

/// One ROI's points prepared for `ScenarioEvaluator`: the points that can reach its hot-side metrics
/// in some scenario, ordered so that each scenario reads a prefix, and the few points whose exact
/// values set each scenario's level.
///
/// Levels (Gy EQD2). The global level L is the dose the points' lower bounds (over every scenario)
/// hold `holding` mm³ at or above; points whose upper bound is below L cannot count in any scenario.
/// The kept points are ordered by upper bound in 256 bins from L to the largest finite bound,
/// hottest bin first. A scenario whose exact values at the probe points hold `holding` at or above
/// Lₘ needs only the bins that can hold a value ≥ Lₘ: a prefix, exact at and above the lower edge of
/// its last bin (≤ Lₘ); `screen` then drops the prefix's points whose bound under that scenario alone
/// cannot reach Lₘ. Without `holding` (some metric is not hot-side) every point is kept, in point
/// order, and every scenario reads all of them.
struct ScenarioPlan {
    var sampling: StructureSampling
    /// Course 2's EQD2 (Gy) at every point of the sampling.
    var second: [Float]
    /// The kept points (indices into the sampling), hottest upper-bound bin first; nil: every point,
    /// in point order. Indices, not copies, so a plan holds 4 bytes per kept point.
    var order: [Int32]?
    /// Points whose exact scenario values set the scenario's level, with their volumes and course 2's EQD2.
    var probePoints: [SIMD3<Float>] = [], probeWeights: [Float] = [], probeSecond: [Float] = []
    /// Per kept point, course 1's nominal physical dose (Gy) and its cell in `rises` (−1: none), when
    /// the scenarios' displaced doses are screened point by point (`screen`).
    var firstCourse: [Float] = [], cells: [Int32] = []
    /// Per kept point, course 2's EQD2 (Gy), in kept order (the screen reads it in sequence).
    var keptSecond: [Float] = []
    var rises: AxisRiseBounds?
    /// The volume (mm³) the levels hold: the largest hot-side volume asked plus the largest sample's.
    var holding: Double?
    /// The global level (Gy; 0 when nothing is pruned).
    var level = 0.0
    var totalMM3: Double
    /// Per bin b (hottest first), how many kept points and how much volume the bins down to b hold.
    private var binEnds: [Int] = [], binVolumes: [Double] = []
    private var scale = 0.0

    static let bins = 256

    /// - Parameters:
    ///   - lower, upper: each point's composite bounds over every scenario (Gy EQD2; upper may be +∞).
    ///   - nominal: the nominal composite at each point, when known (chooses the probe points).
    ///   - holding: see `holding`; nil keeps every point.
    init(sampling s: StructureSampling, second: [Float], lower: [Float], upper: [Float], nominal: [Float]?, holding: Double?) {
        sampling = s
        self.second = second
        totalMM3 = s.weights.reduce(0.0) { $0 + Double($1) }
        guard let holding, let global = HoldingLevel.level(lower, weights: s.weights, holding: holding) else {
            binEnds = [s.points.count]; binVolumes = [totalMM3]
            return
        }
        self.holding = holding
        // slack for the rounding of bounds and values to Float
        let l = global - 1e-6 * (1 + abs(global))
        level = l
        var top = l
        for h in upper where h.isFinite { top = max(top, Double(h)) }
        let count = Self.bins
        scale = top > l ? Double(count) / (top - l) : 0
        func bin(_ h: Float) -> Int { h.isFinite ? min(count - 1, Int((Double(h) - l) * scale)) : count - 1 }
        // counting sort of the kept points by bin, hottest first
        var sizes = [Int](repeating: 0, count: count)
        for h in upper where Double(h) >= l { sizes[bin(h)] += 1 }
        var start = [Int](repeating: 0, count: count)
        var running = 0
        for b in stride(from: count - 1, through: 0, by: -1) { start[b] = running; running += sizes[b] }
        var kept = [Int32](repeating: 0, count: running)
        var volumes = [Double](repeating: 0, count: count)
        for p in upper.indices where Double(upper[p]) >= l {
            let b = bin(upper[p]), at = start[b]
            start[b] += 1
            kept[at] = Int32(p)
            volumes[b] += Double(s.weights[p])
        }
        order = kept
        binEnds = start  // after the fill, start[b] is the end of bin b
        var v = 0.0
        binVolumes = [Double](repeating: 0, count: count)
        for b in stride(from: count - 1, through: 0, by: -1) { v += volumes[b]; binVolumes[b] = v }
        // probes: the points hottest by the nominal composite (else by lower bound) holding 4× the volume
        let rank = nominal ?? lower
        if let cut = HoldingLevel.level(rank, weights: s.weights, holding: 4 * holding) {
            for p in rank.indices where Double(rank[p]) >= cut {
                probePoints.append(s.points[p]); probeWeights.append(s.weights[p]); probeSecond.append(second[p])
            }
        }
    }

    /// Prepares the point-by-point screen of the kept points against course 1's field (nominal map):
    /// each point's nominal dose and its cell of the field's axis rise bounds. Nothing when nothing
    /// is pruned.
    mutating func prepareScreen(field: TrilinearField, displacementMM: Double) {
        guard holding != nil, let order, !order.isEmpty else { return }
        let points = order.map { sampling.points[Int($0)] }
        guard let r = AxisRiseBounds(field: field, around: points, displacementMM: displacementMM) else { return }
        firstCourse = field.sample(at: points, parallel: false).values
        keptSecond = order.map { second[Int($0)] }
        cells = points.map { p in r.cell(of: r.index(of: SIMD3<Double>(p))).map { Int32($0) } ?? -1 }
        rises = r
    }

    /// The kept points among the first `count` whose composite under a scenario can reach
    /// `threshold` (Gy EQD2): course 1's dose there is at most its nominal dose plus the rise bound
    /// along the scenario's index displacement e(p) = `a`·p + `b` (`AxisRiseBounds`, |eₐ| ≤ its reach),
    /// widened by a relative 1e-5 for rounding, converted by `eqd2` and weighted by `keep`, plus
    /// course 2's exact EQD2. Points without a bound are kept. Returns their indices.
    func screen(count: Int, threshold: Double, a: Matrix3, b: SIMD3<Double>, keep: Double, conversion lq: LQConversion) -> [Int] {
        guard let r = rises, let order, cells.count == order.count else { return Array(0..<count) }
        var out: [Int] = []
        out.reserveCapacity(count / 4)
        let n = Double(lq.fractions), ab = lq.alphaBeta.gray
        let translation = a.c0 == .zero && a.c1 == .zero && a.c2 == .zero
        let reach = SIMD3<Double>(r.reach)
        r.rise.withUnsafeBufferPointer { rise in
            r.fall.withUnsafeBufferPointer { fall in
                sampling.points.withUnsafeBufferPointer { pts in
                    cells.withUnsafeBufferPointer { cell in
                        firstCourse.withUnsafeBufferPointer { first in
                            keptSecond.withUnsafeBufferPointer { e2 in
                                // a translation moves every point by b: which of rise or fall counts per axis is fixed
                                let fits = abs(b.x) <= reach.x && abs(b.y) <= reach.y && abs(b.z) <= reach.z
                                let pos = pointwiseMax(b, .zero), neg = pointwiseMax(-b, .zero)
                                let scale = keep / (2 + ab), perFraction = 1 / n
                                for q in 0..<count {
                                    let c = Int(cell[q])
                                    if c < 0 { out.append(q); continue }
                                    let lift: Double
                                    if translation {
                                        guard fits else { out.append(q); continue }
                                        lift = (pos * SIMD3<Double>(rise[c]) + neg * SIMD3<Double>(fall[c])).sum()
                                    } else {
                                        let p = SIMD3<Double>(pts[Int(order[q])])
                                        let e = a.c0 * p.x + a.c1 * p.y + a.c2 * p.z + b
                                        guard abs(e.x) <= reach.x, abs(e.y) <= reach.y, abs(e.z) <= reach.z else { out.append(q); continue }
                                        lift = (pointwiseMax(e, .zero) * SIMD3<Double>(rise[c]) + pointwiseMax(-e, .zero) * SIMD3<Double>(fall[c])).sum()
                                    }
                                    var d = Double(first[q]) + lift
                                    d = max(0, d + 1e-5 * (1 + abs(d)))
                                    // keep · EQD2(d), EQD2 = d·(d/n + α/β)/(2 + α/β), widened below like d
                                    if scale * d * (d * perFraction + ab) * (1 + 1e-9) + Double(e2[q]) >= threshold { out.append(q) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// How many points are kept.
    var keptCount: Int { order?.count ?? sampling.points.count }

    /// The points, volumes (mm³) and course 2's EQD2 (Gy) of kept points `positions` (positions in the
    /// kept order); the sampling's own arrays when that is every point in point order.
    func gather(_ positions: [Int]) -> (points: [SIMD3<Float>], weights: [Float], second: [Float]) {
        guard let order else {
            if positions.count == sampling.points.count { return (sampling.points, sampling.weights, second) }
            return (positions.map { sampling.points[$0] }, positions.map { sampling.weights[$0] }, positions.map { second[$0] })
        }
        let at = positions.map { Int(order[$0]) }
        return (at.map { sampling.points[$0] }, at.map { sampling.weights[$0] }, at.map { second[$0] })
    }

    /// How many kept points (a prefix) a scenario whose values hold `holding` at or above `levelGy`
    /// needs, the volume (mm³) they hold, and the dose (Gy) from which its values on them are exact.
    /// nil level: every kept point, exact from the global level.
    /// `threshold`: the level lowered by a relative 1e-6 for rounding (every point whose value reaches
    /// it is in the prefix).
    func prefix(reaching levelGy: Double?) -> (count: Int, volumeMM3: Double, exactFrom: Double, threshold: Double?) {
        guard scale > 0, let levelGy else { return (binEnds[0], binVolumes[0], level, nil) }
        let l = levelGy - 1e-6 * (1 + abs(levelGy))
        guard l > level else { return (binEnds[0], binVolumes[0], level, nil) }
        let b = min(Self.bins - 1, Int((l - level) * scale))
        return (binEnds[b], binVolumes[b], level + Double(b) / scale, l)
    }
}
