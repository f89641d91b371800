import DoseMetrics
import Grids
import Masks
import Radiobiology

/// One ROI's points prepared for `ScenarioEvaluator`: the points that can reach its hot-side metrics
/// in some scenario, ordered so that each scenario reads a prefix.
///
/// Levels (Gy EQD2). The floor L bounds every scenario's level from below: the lowest of the
/// scenarios' own levels (`ScenarioProbes`, exact values at the nominal hottest points) when every
/// scenario has one, else the dose the points' lower bounds (over every scenario) hold `holding` mm³
/// at or above. Points whose upper bound is below L cannot count in any scenario. With every level
/// known, one pass bounds each point by every scenario's lift over its cell (`init(sampling:second:
/// firstCourse:…)`, `CellLifts`) and orders the kept points in 256 bins from L to the largest finite
/// bound, hottest bin first; otherwise by the ball bound first, then (`prepareScreen`) again by that
/// tighter bound over the kept points (`orderByEveryScenario`). A
/// scenario whose values hold `holding` at or above Lₘ ≥ L needs only the bins that can hold a value
/// ≥ Lₘ: a prefix, exact at and above the lower edge of its last bin (≤ Lₘ); `screen` then drops the
/// prefix's points whose bound under that scenario alone cannot reach Lₘ. Without `holding` (some
/// metric is not hot-side) every point is kept, in point order, and every scenario reads all of them.
struct ScenarioPlan {
    var sampling: StructureSampling
    /// Course 2's EQD2 (Gy) at every point of the sampling.
    var second: [Float]
    /// The kept points (indices into the sampling), hottest upper-bound bin first; nil: every point,
    /// in point order. Indices, not copies, so a plan holds 4 bytes per kept point.
    var order: [Int32]?
    /// Per kept point, course 1's nominal physical dose (Gy) and its cell in `rises` (−1: none), when
    /// the scenarios' displaced doses are screened point by point (`screen`).
    var firstCourse: [Float] = [], cells: [Int32] = []
    /// Per kept point, course 2's EQD2 (Gy), in kept order (the screen reads it in sequence).
    var keptSecond: [Float] = []
    var rises: KeptRises?
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
    ///   - lower, upper: each point's composite bounds over every scenario (Gy EQD2; upper may be +∞);
    ///     `lower` is read only without `floor`.
    ///   - floor: the lowest of the scenarios' own levels, when every scenario has one.
    ///   - holding: see `holding`; nil keeps every point.
    init(sampling s: StructureSampling, second: [Float], lower: [Float], upper: [Float], floor: Double?, holding: Double?) {
        sampling = s
        self.second = second
        totalMM3 = s.weights.reduce(0.0) { $0 + Double($1) }
        guard let holding, let global = floor ?? HoldingLevel.level(lower, weights: s.weights, holding: holding) else {
            binEnds = [s.points.count]; binVolumes = [totalMM3]
            return
        }
        self.holding = holding
        // slack for the rounding of bounds and values to Float
        let l = global - 1e-6 * (1 + abs(global))
        level = l
        let sorted = Self.binned(upper, level: l) { Double(s.weights[$0]) }
        order = sorted.order
        binEnds = sorted.ends; binVolumes = sorted.volumes; scale = sorted.scale
    }

    /// Course 1's nominal physical dose at an ROI's points (Gy), as the one-pass plan reads it: given,
    /// or recovered point by point from its nominal EQD2 (`physicalUpper`, an upper bound), so that
    /// points the plan skips never pay for the recovery.
    enum FirstCourseDose {
        case physical([Float])
        case eqd2([Float], LQConversion)

        var count: Int {
            switch self {
            case .physical(let d): return d.count
            case .eqd2(let e, _): return e.count
            }
        }

        /// The largest dose at any point (Gy, an upper bound).
        var maximum: Double {
            switch self {
            case .physical(let d): return Double(d.max() ?? 0)
            case .eqd2(let e, let lq): return Double(ScenarioPlan.physicalUpper(eqd2: e.max() ?? 0, conversion: lq))
            }
        }

        @inline(__always) func callAsFunction(_ p: Int) -> Float {
            switch self {
            case .physical(let d): return d[p]
            case .eqd2(let e, let lq): return ScenarioPlan.physicalUpper(eqd2: e[p], conversion: lq)
            }
        }
    }

    /// The plan over every scenario's lift directly, when every scenario's level is known (`floor`):
    /// each point's key bounds its composite under every scenario — course 1's nominal physical dose
    /// there (`firstCourse`, an upper bound, Gy) plus the largest lift of any scenario over the point's
    /// cell of the axis rise bounds around the box of its voxels (`CellLifts`, `StructureSampling.voxelBoxCorners`), as a composite (`CompositeBound`) — the
    /// points whose key reaches the floor are kept, hottest bin first, and screened per scenario as
    /// `prepareScreen` prepares them. No ball bound, no second ordering: one pass over the points.
    /// With `nominal` (the nominal verdict composite at the points, Gy EQD2, as `PointDoses` sums
    /// `keep`·course 1 + course 2), a point is first skipped when that value plus the most any lift
    /// can add to it (`nominalSkip`) is below the floor: one comparison, before its dose is recovered.
    /// nil when the rise bounds cannot be built around the points (see `AxisRiseBounds`) or would
    /// exceed `maximumCells` (the caller then takes the ball bound).
    init?(sampling s: StructureSampling, second: [Float], firstCourse dose: FirstCourseDose, nominal: [Float]? = nil, floor: Double,
          holding: Double, field: TrilinearField, displacementMM: Double, displacements: [(a: Matrix3, b: SIMD3<Double>)],
          keep: Double, conversion lq: LQConversion, maximumCells: Int = 1 << 18) {
        guard dose.count == s.points.count, second.count == s.points.count, !s.points.isEmpty,
              let corners = s.voxelBoxCorners(),
              let r = AxisRiseBounds(field: field, aroundHullOf: corners, displacementMM: displacementMM, maximumCells: maximumCells) else { return nil }
        sampling = s
        self.second = second
        self.holding = holding
        totalMM3 = s.weights.reduce(0.0) { $0 + Double($1) }
        let l = floor - 1e-6 * (1 + abs(floor))
        level = l
        var lifts = CellLifts(r, field: field, displacements: displacements)
        let composite = CompositeBound(keep: keep, conversion: lq)
        // A point whose bound with the largest lift of any cell is clearly below the floor cannot be
        // kept, whichever its cell: skipped before its cell is looked up, when every point has a cell
        // and every cell holding points a finite lift (else each point is bounded in its cell).
        let largest = lifts.largestFinite.map { $0 * (1 + 1e-6) + 1e-9 }
        let skipBelow = l - 1e-6 * (1 + abs(l))
        var key = [Float](repeating: -.infinity, count: s.points.count)
        var cellOf = [Int32](repeating: -1, count: s.points.count)
        // Per voxel of the sampling (its samples together, `sampleRanges`), the largest lift over the
        // cells its box touches bounds each of its points' lifts: a voxel whose nominal maximum with it
        // cannot reach the floor is skipped whole, and a point whose dose with it cannot, before its
        // cell is looked up.
        let ranges = s.sampleRanges
        let voxelHalf: SIMD3<Double> = {
            let h = s.geometry.voxelHalfExtentLPS + 1e-3
            return field.indexHalfExtent(ofHalfAxes: SIMD3(h.x, 0, 0), SIMD3(0, h.y, 0), SIMD3(0, 0, h.z))
        }()
        let nominal = nominal.flatMap { $0.count == s.points.count ? $0 : nil }
        let most = nominal == nil ? 0 : dose.maximum
        func voxelLift(_ u: Int) -> Double? {
            let g = s.geometry
            let centre = r.index(of: g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: s.voxelIndices[u]))))
            guard let c0 = r.cell(of: centre - voxelHalf), let c1 = r.cell(of: centre + voxelHalf) else { return nil }
            let size = r.size
            var most = 0.0
            for k in (c0 / (size.x * size.y))...(c1 / (size.x * size.y)) {
                for j in ((c0 / size.x) % size.y)...((c1 / size.x) % size.y) {
                    for i in (c0 % size.x)...(c1 % size.x) {
                        let l = lifts.lift(ofCell: i + size.x * (j + size.y * k))
                        guard l.isFinite else { return nil }
                        most = max(most, l)
                    }
                }
            }
            return most * (1 + 1e-6) + 1e-9
        }
        s.points.withUnsafeBufferPointer { points in
            (nominal ?? []).withUnsafeBufferPointer { nominal in
                second.withUnsafeBufferPointer { second in
                    key.withUnsafeMutableBufferPointer { key in
                        cellOf.withUnsafeMutableBufferPointer { cellOf in
                            // neighbouring points mostly share a cell: its lift is looked up once per run of them
                            var last = -1, lift = Double.infinity
                            func bound(_ p: Int, _ d: Double) {
                                guard let c = r.cell(of: r.index(of: SIMD3<Double>(points[p]))) else { key[p] = .infinity; return }
                                cellOf[p] = Int32(c)
                                if c != last { last = c; lift = lifts.lift(ofCell: c) }
                                guard lift.isFinite else { key[p] = .infinity; return }
                                key[p] = Float(composite(dose: d + lift, second: second[p])).nextUp
                            }
                            func each(_ points: Range<Int>, within largest: Double?) {
                                let skipNominal = nominal.isEmpty ? nil : largest.map {
                                    Self.nominalSkip(below: skipBelow, largestLift: $0, firstCourseMaximum: most, keep: keep, conversion: lq)
                                }
                                for p in points {
                                    if let skipNominal, Double(max(0, nominal[p])) < skipNominal { continue }
                                    let d = Double(dose(p))
                                    if let largest, composite(dose: d + largest, second: second[p]) < skipBelow { continue }
                                    bound(p, d)
                                }
                            }
                            guard let ranges else { each(0..<points.count, within: largest); return }
                            for u in 0..<(ranges.count - 1) {
                                let range = Int(ranges[u])..<Int(ranges[u + 1])
                                guard range.count > 1, let l = voxelLift(u) else { each(range, within: largest); continue }
                                if !nominal.isEmpty {
                                    var top: Float = 0
                                    for p in range { top = max(top, nominal[p]) }
                                    if Double(top) < Self.nominalSkip(below: skipBelow, largestLift: l, firstCourseMaximum: most, keep: keep, conversion: lq) { continue }
                                }
                                each(range, within: l)
                            }
                        }
                    }
                }
            }
        }
        let sorted = Self.binned(key, level: l) { Double(s.weights[$0]) }
        order = sorted.order
        binEnds = sorted.ends; binVolumes = sorted.volumes; scale = sorted.scale
        firstCourse = sorted.order.map { dose(Int($0)) }
        keptSecond = sorted.order.map { second[Int($0)] }
        cells = sorted.order.map { cellOf[Int($0)] }
        rises = KeptRises(r, cells: &cells)
    }

    /// The nominal composite (Gy EQD2) below which a point's bound with a lift of at most `largestLift`
    /// (Gy, physical) is below `skipBelow`, for course-1 doses up to `firstCourseMaximum` (Gy): the
    /// bound is at most the nominal value plus keep · (E(D + Δ) − E(D)) ≤ keep · Δ · (2(D + Δ)/n + α/β)
    /// / (2 + α/β) (E the EQD2, convex and rising; D the largest dose, Δ the lift widened for the
    /// rounding of the recovered dose and of the bound, relative and absolute 2e-4 Gy), with the
    /// nominal value's own rounding (relative and absolute 1e-4 Gy) on top. −∞ (nothing skipped) for
    /// the physical-dose marker.
    static func nominalSkip(below skipBelow: Double, largestLift: Double, firstCourseMaximum: Double, keep: Double,
                            conversion lq: LQConversion) -> Double {
        let ab = lq.alphaBeta.gray, n = Double(lq.fractions)
        let most = max(0, firstCourseMaximum)
        let delta = largestLift * (1 + 1e-4) + 2e-4 * (1 + most)
        let rise = ab > 1e100 ? keep * delta : keep * delta * (2 * (most + delta) / n + ab) / (2 + ab)
        // x + 1e-4·(1 + |x|) + rise·(1 + 1e-4) < skipBelow  ⇐  x < (skipBelow − 1e-4 − rise·(1 + 1e-4)) / (1 + 1e-4)
        return (skipBelow - 1e-4 - rise * (1 + 1e-4)) / (1 + 1e-4)
    }

    /// Per cell of `r`, the largest lift of any scenario over the whole cell (Gy; +∞ where some
    /// scenario's displacement may exceed the reach), computed when a point first asks for it: the
    /// displacement e = a·p + b is affine in the cell's continuous index too (p = M⁻¹(ijk − offset +
    /// shift) for the field's index map M), so per axis its extremes over the cell [g, g + 1] (widened
    /// by 1e-6) are at the cell's corners; each axis's lift is largest at an end of its range or 0
    /// (`lift`), as in `orderByEveryScenario`.
    struct CellLifts {
        let r: AxisRiseBounds
        /// Per scenario, e as a function of the continuous index: e = a·ijk + b.
        let perIndex: [(a: Matrix3, b: SIMD3<Double>)]
        private var lifts: [Double]

        init(_ r: AxisRiseBounds, field: TrilinearField, displacements: [(a: Matrix3, b: SIMD3<Double>)]) {
            self.r = r
            let inverse = field.indexMap.linear.inverse, back = field.shift - field.indexMap.offset
            perIndex = displacements.map { d in
                let a = d.a * inverse
                return (a, a * back + d.b)
            }
            lifts = [Double](repeating: .nan, count: r.rise.count)
        }

        /// A lift at least that of every cell holding points (Gy): Σₐ (the largest |eₐ| of any scenario
        /// over those cells) · (the largest rise or fall along a over them); nil unless every point has
        /// a cell and every scenario's displacement over those cells stays within the reach (so that no
        /// such cell's lift is +∞).
        var largestFinite: Double? {
            guard r.holdsEveryPoint else { return nil }
            let reach = SIMD3<Double>(r.reach)
            let first = r.pointsLo.rounded(.down), last = r.pointsHi.rounded(.down)
            let lo = first - 1e-6, hi = last + 1 + 1e-6
            var e = SIMD3<Double>.zero
            for (a, b) in perIndex {
                let (eLo, eHi) = ScenarioPlan.range(a, b, over: lo, hi)
                // (a hair inside the reach: each cell's range, computed alike, lies within this one)
                guard all(eLo .>= -reach + 1e-9), all(eHi .<= reach - 1e-9) else { return nil }
                e = componentMax(e, componentMax(-eLo, eHi))
            }
            // the rise and fall bounds of the cells holding points (box cells first … last)
            let size = r.size
            let from = pointwiseMax(SIMD3<Int>(Int(first.x), Int(first.y), Int(first.z)) &- r.origin, .zero)
            let to = pointwiseMin(SIMD3<Int>(Int(last.x), Int(last.y), Int(last.z)) &- r.origin, size &- 1)
            var most = SIMD3<Float>.zero
            if all(to .>= from) {
                for k in from.z...to.z {
                    for j in from.y...to.y {
                        let row = size.x * (j + size.y * k)
                        for i in from.x...to.x { most = componentMax(most, componentMax(r.rise[row + i], r.fall[row + i])) }
                    }
                }
            }
            return (componentMax(e, .zero) * SIMD3<Double>(most)).sum()
        }

        mutating func lift(ofCell c: Int) -> Double {
            let known = lifts[c]
            if !known.isNaN { return known }
            let size = r.size
            let g = SIMD3<Double>(r.origin &+ SIMD3(c % size.x, (c / size.x) % size.y, c / (size.x * size.y)))
            let most = ScenarioPlan.largestLift(perIndex, over: g - 1e-6, g + 1 + 1e-6, rise: r.rise[c], fall: r.fall[c],
                                                reach: SIMD3<Double>(r.reach))
            lifts[c] = most
            return most
        }
    }

    /// An upper bound (Gy, physical) of the dose whose EQD2 under `lq` is `eqd2` (Gy): the positive
    /// root of D²/n + (α/β)·D = E·(2 + α/β) in its cancellation-free form (D = E when α/β is the
    /// physical-dose marker), widened by a relative and absolute 1e-5 Gy for the rounding of E to Float.
    static func physicalUpper(eqd2 e: Float, conversion lq: LQConversion) -> Float {
        let x = max(0, Double(e)), ab = lq.alphaBeta.gray, n = Double(lq.fractions)
        let d = ab > 1e100 ? x : (x > 0 ? 2 * x * (2 + ab) / (ab + (ab * ab + 4 * x * (2 + ab) / n).squareRoot()) : 0)
        return Float(d * (1 + 1e-5) + 1e-5).nextUp
    }

    /// Counting sort (positions as Int32, 4 bytes each) of the positions whose key is at least `l` into `bins` bins from `l` to the largest
    /// finite key (+∞ in the hottest), hottest bin first: the positions, each bin's end, the volume the
    /// bins down to each hold (`volume` per position, mm³), and bins per Gy.
    private static func binned(_ key: [Float], level l: Double, volume: (Int) -> Double) -> (order: [Int32], ends: [Int], volumes: [Double], scale: Double) {
        let count = bins
        var top = l
        for h in key where h.isFinite { top = max(top, Double(h)) }
        let scale = top > l ? Double(count) / (top - l) : 0
        func bin(_ h: Float) -> Int { h.isFinite ? min(count - 1, Int((Double(h) - l) * scale)) : count - 1 }
        var sizes = [Int](repeating: 0, count: count)
        for h in key where Double(h) >= l { sizes[bin(h)] += 1 }
        var start = [Int](repeating: 0, count: count)
        var running = 0
        for b in stride(from: count - 1, through: 0, by: -1) { start[b] = running; running += sizes[b] }
        var order = [Int32](repeating: 0, count: running)
        var volumes = [Double](repeating: 0, count: count)
        for p in key.indices where Double(key[p]) >= l {
            let b = bin(key[p])
            order[start[b]] = Int32(p)
            start[b] += 1
            volumes[b] += volume(p)
        }
        var v = 0.0
        var held = [Double](repeating: 0, count: count)
        for b in stride(from: count - 1, through: 0, by: -1) { v += volumes[b]; held[b] = v }
        return (order, start, held, scale)  // after the fill, start[b] is the end of bin b
    }

    /// Prepares the point-by-point screen of the kept points against course 1's field (nominal map):
    /// each point's nominal dose and its cell of the field's axis rise bounds, then orders them by a
    /// bound over every scenario (`orderByEveryScenario`) and keeps the rises of their cells only.
    /// Nothing when nothing is pruned.
    mutating func prepareScreen(field: TrilinearField, displacementMM: Double, displacements: [(a: Matrix3, b: SIMD3<Double>)],
                                keep: Double, conversion lq: LQConversion) {
        guard holding != nil, let order, !order.isEmpty else { return }
        let points = order.map { sampling.points[Int($0)] }
        guard let r = AxisRiseBounds(field: field, around: points, displacementMM: displacementMM) else { return }
        firstCourse = field.sample(at: points, parallel: false).values
        keptSecond = order.map { second[Int($0)] }
        cells = points.map { p in r.cell(of: r.index(of: SIMD3<Double>(p))).map { Int32($0) } ?? -1 }
        orderByEveryScenario(r, displacements: displacements, keep: keep, conversion: lq)
        rises = KeptRises(r, cells: &cells)
    }

    /// Orders the kept points by a bound over every scenario at once, so that each scenario's prefix
    /// holds only the points that can reach its level under some scenario (the bins by the displaced-
    /// dose ball are loose: on the clinical case a scenario's prefix held 55–70 % of the kept points).
    /// Per cell of `r` holding kept points, the box of those points bounds each scenario's
    /// displacement e(p) = a·p + b there (linear in p: per axis, its extremes over the box's corners);
    /// the largest lift of any scenario over that box (`lift`, per axis the larger of its values at the
    /// box's ends and 0) added to a point's nominal dose bounds its dose under every scenario, as
    /// `screen` does for one. Points whose cell or box the rises do not cover get +∞. The bins then
    /// run from `level` to the largest finite key; each scenario's prefix and its screen follow.
    private mutating func orderByEveryScenario(_ r: AxisRiseBounds, displacements: [(a: Matrix3, b: SIMD3<Double>)], keep: Double,
                                               conversion lq: LQConversion) {
        guard holding != nil, let order, cells.count == order.count, !order.isEmpty else { return }
        let cellCount = r.rise.count
        var boxLo = [SIMD3<Float>](repeating: SIMD3(repeating: .infinity), count: cellCount)
        var boxHi = [SIMD3<Float>](repeating: SIMD3(repeating: -.infinity), count: cellCount)
        for q in order.indices where cells[q] >= 0 {
            let c = Int(cells[q]), p = sampling.points[Int(order[q])]
            boxLo[c] = pointwiseMin(boxLo[c], p); boxHi[c] = pointwiseMax(boxHi[c], p)
        }
        let reach = SIMD3<Double>(r.reach)
        var lift = [Double](repeating: .nan, count: cellCount)
        for c in 0..<cellCount where boxLo[c].x <= boxHi[c].x {
            lift[c] = Self.largestLift(displacements, over: SIMD3<Double>(boxLo[c]), SIMD3<Double>(boxHi[c]), rise: r.rise[c], fall: r.fall[c],
                                       reach: reach)
        }
        var key = [Float](repeating: .infinity, count: order.count)
        let composite = CompositeBound(keep: keep, conversion: lq)
        for q in order.indices where cells[q] >= 0 {
            let l = lift[Int(cells[q])]
            guard l.isFinite else { continue }
            // rounded up to Float
            key[q] = Float(composite(dose: Double(firstCourse[q]) + l, second: keptSecond[q])).nextUp
        }
        rebin(by: key)
    }

    /// Re-sorts the kept points (and their per-point arrays) into the bins by `key` (one per kept
    /// point, Gy EQD2, may be +∞), hottest first, dropping those below `level`.
    private mutating func rebin(by key: [Float]) {
        guard let order else { return }
        let sorted = Self.binned(key, level: level) { Double(sampling.weights[Int(order[$0])]) }
        self.order = sorted.order.map { order[Int($0)] }
        firstCourse = sorted.order.map { firstCourse[Int($0)] }
        keptSecond = sorted.order.map { keptSecond[Int($0)] }
        cells = sorted.order.map { cells[Int($0)] }
        binEnds = sorted.ends; binVolumes = sorted.volumes; scale = sorted.scale
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
        let translation = a.c0 == .zero && a.c1 == .zero && a.c2 == .zero
        let composite = CompositeBound(keep: keep, conversion: lq)
        let reach = SIMD3<Double>(r.reach)
        r.rise.withUnsafeBufferPointer { rise in
            r.fall.withUnsafeBufferPointer { fall in
                sampling.points.withUnsafeBufferPointer { pts in
                    cells.withUnsafeBufferPointer { cell in
                        firstCourse.withUnsafeBufferPointer { first in
                            keptSecond.withUnsafeBufferPointer { e2 in
                                // a translation moves every point by b: which of rise or fall counts per axis is fixed
                                let fits = abs(b.x) <= reach.x && abs(b.y) <= reach.y && abs(b.z) <= reach.z
                                for q in 0..<count {
                                    let c = Int(cell[q])
                                    if c < 0 { out.append(q); continue }
                                    let e: SIMD3<Double>
                                    if translation {
                                        guard fits else { out.append(q); continue }
                                        e = b
                                    } else {
                                        let p = SIMD3<Double>(pts[Int(order[q])])
                                        e = a.c0 * p.x + a.c1 * p.y + a.c2 * p.z + b
                                        guard abs(e.x) <= reach.x, abs(e.y) <= reach.y, abs(e.z) <= reach.z else { out.append(q); continue }
                                    }
                                    let d = Double(first[q]) + Self.lift(e, rise: rise[c], fall: fall[c]).sum()
                                    if composite(dose: d, second: e2[q]) >= threshold { out.append(q) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Per axis, the most course 1's interpolant can rise along it under index displacement `e` in a
    /// cell of rise and fall bounds `rise`, `fall` (`AxisRiseBounds`): eₐ > 0 ? eₐ·riseₐ : −eₐ·fallₐ.
    /// Their sum bounds the rise along `e`.
    @inline(__always) static func lift(_ e: SIMD3<Double>, rise: SIMD3<Float>, fall: SIMD3<Float>) -> SIMD3<Double> {
        componentMax(e, .zero) * SIMD3<Double>(rise) + componentMax(-e, .zero) * SIMD3<Double>(fall)
    }

    /// Per axis, the extremes of an affine displacement e = `a`·x + `b` over the box `lo` … `hi`:
    /// b + Σⱼ min/max(aⱼ·loⱼ, aⱼ·hiⱼ) (linear in x, so at the box's corners).
    @inline(__always) static func range(_ a: Matrix3, _ b: SIMD3<Double>, over lo: SIMD3<Double>, _ hi: SIMD3<Double>)
        -> (lo: SIMD3<Double>, hi: SIMD3<Double>) {
        let x0 = a.c0 * lo.x, x1 = a.c0 * hi.x, y0 = a.c1 * lo.y, y1 = a.c1 * hi.y, z0 = a.c2 * lo.z, z1 = a.c2 * hi.z
        return (b + componentMin(x0, x1) + componentMin(y0, y1) + componentMin(z0, z1),
                b + componentMax(x0, x1) + componentMax(y0, y1) + componentMax(z0, z1))
    }

    /// The largest lift (Gy) of any of the displacements `maps` over the box `lo` … `hi` in a cell of
    /// rise and fall bounds `rise`, `fall`: each axis's term is piecewise linear in eₐ with its kink at
    /// 0, so largest at an end of its range or 0, and the axes' extremes are independent over the box;
    /// +∞ when some displacement may leave the `reach` there (the bounds no longer hold).
    static func largestLift(_ maps: [(a: Matrix3, b: SIMD3<Double>)], over lo: SIMD3<Double>, _ hi: SIMD3<Double>,
                            rise: SIMD3<Float>, fall: SIMD3<Float>, reach: SIMD3<Double>) -> Double {
        var most = 0.0
        for (a, b) in maps {
            let (eLo, eHi) = range(a, b, over: lo, hi)
            guard all(eLo .>= -reach), all(eHi .<= reach) else { return .infinity }
            let atHi = lift(eHi, rise: rise, fall: fall), atLo = lift(eLo, rise: rise, fall: fall)
            most = max(most, componentMax(componentMax(atHi, atLo), .zero).sum())
        }
        return most
    }

    /// The composite bound (Gy EQD2) of a point whose course-1 dose is at most `dose` (Gy) and whose
    /// course 2 gives `second` (Gy EQD2): the dose widened by a relative 1e-5 for rounding, its EQD2
    /// (d·(d/n + α/β)/(2 + α/β)) weighted by `keep` and widened likewise, plus `second`, with its
    /// constants worked out once. The screen and the orders over every scenario all go through it, so a
    /// point's key is never below its screen value.
    struct CompositeBound {
        let ab: Double, scale: Double, perFraction: Double

        init(keep: Double, conversion lq: LQConversion) {
            ab = lq.alphaBeta.gray; scale = keep / (2 + ab); perFraction = 1 / Double(lq.fractions)
        }

        @inline(__always) func callAsFunction(dose: Double, second: Float) -> Double {
            let d = max(0, dose + 1e-5 * (1 + abs(dose)))
            return scale * d * (d * perFraction + ab) * (1 + 1e-9) + Double(second)
        }
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
        guard l >= level else { return (binEnds[0], binVolumes[0], level, nil) }
        let b = min(Self.bins - 1, Int((l - level) * scale))
        return (binEnds[b], binVolumes[b], level + Double(b) / scale, l)
    }
}
