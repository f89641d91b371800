import CompositeDose
import Constraints
import Dispatch
import DoseMetrics
import Grids
import Masks
import Radiobiology
import RTCore

/// The dose-grid band: how far a judged value could move within what the dose grids resolve.
///
/// Rule. Every sample point stands for a region of its ROI: a fine boundary sample for its sub-cell
/// (its cell lies within the sample ± half a sub-cell, voxel size / subdivisions, per patient axis),
/// an inside voxel's one sample and a coarse voxel's strip samples for their whole sampling voxel
/// (its box along patient x, y, z). Per course, the trilinear interpolant of the stored dose samples
/// over that region lies between its exact extremes there (`TrilinearField.bounds`, widened by one
/// Float step). The band's upper end is the row's value recomputed with every sample's physical dose
/// replaced by that maximum in each course (EQD2 per course with its own fractionation, summed in
/// course order, recovery-weighted exactly as the nominal composite); the lower end, by the minimum.
/// So D0.03cc's upper end is the near-maximum of a dose that is, everywhere in the ROI, at least the
/// interpolant there: the true near-maximum of the interpolant over the ROI lies within the band.
/// Rows judged on course 2 alone get course 2's bounds (course 1 does not enter them). The contour
/// vertices that `Dmax`/`Dmin` also read are not used: each lies in some sample's closed region.
///
/// Speed. When every metric asked of a dose set is a hot-side one (`Dmax`, a dose at an absolute
/// volume or at ≤ 50 % of the volume), only the samples that can reach the judged near-maximum get
/// exact bounds: with L the dose at volume v + (largest item volume) of the items' lower EQD2 bounds,
/// every point whose value is ≥ L on either side lies in an item with upper bound ≥ L, and the
/// points at or above L hold more than v and the sample after the crossing; the others are carried
/// as one sample at 0 Gy with their volume (as `ScenarioEvaluator` does), which leaves every
/// hot-side metric exact. Items are first the voxels, then the samples of the voxels kept, both on
/// the min … max of the dose nodes around their boxes (looser than the exact bounds, and cheap).
enum DoseGridBand {
    /// The names of the band's two ends, as reports name the worst scenario.
    static let upperName = "dose grid: the interpolant's maximum over each sample's cell"
    static let lowerName = "dose grid: the interpolant's minimum over each sample's cell"

    /// One evaluation of an ROI: its α/β and recovery (the ROI's own, or a row's α/β variant) and the
    /// metrics its rows judge on the composite and on course 2 alone.
    struct Evaluation: Sendable {
        var alphaBeta: AlphaBeta
        var recovery: RecoveryFactors
        var cumulative: [DoseMetric]
        var secondCourse: [DoseMetric]
    }

    /// One end of the band of one evaluation: the metrics of the composite and of course 2.
    struct End: Sendable {
        var cumulative: [DoseMetric: MetricValue]
        var secondCourse: [DoseMetric: MetricValue]
    }

    /// The band's work, ROI by ROI: each ROI's evaluations (its own α/β first, then the rows'
    /// variants), with the nominal values that set the levels that prune. ROIs are independent
    /// (`ends`), so a caller may run them with other work in one concurrent loop.
    struct Work: Sendable {
        /// Per ROI: its evaluations, the keys of its variants in `OrganDoses.alternatives`, and the
        /// nominal values of each evaluation at its samples.
        let evaluations: [[Evaluation]], variantKeys: [[Double]], nominalValues: [[Nominal]]
        /// The ROIs with an evaluation.
        let active: [Int]
        let courses: [Course], samplings: [StructureSampling], boundary: [[Bool]], coarse: [[Bool]]

        /// How much work active ROI k is, for scheduling (its sample count).
        func cost(_ k: Int) -> Int { samplings[active[k]].points.count }

        /// Both ends of every evaluation of active ROI k (nil: see `evaluate`).
        func ends(_ k: Int) throws -> [(lo: End, hi: End)]? {
            let n = active[k]
            return try evaluate(samplings[n], boundary: boundary[n], coarse: coarse[n], courses: courses,
                                evaluations: evaluations[n], nominal: nominalValues[n])
        }
    }

    /// The work of the band on the nominal check's inputs (`VerdictBands.Inputs`).
    /// - `boundary`, `coarse` there: per ROI, per voxel of `samplings[n].voxelIndices`, whether it is
    ///   a boundary voxel and whether it was sampled coarse (`SamplingRefinement`).
    static func work(_ i: VerdictBands.Inputs) -> Work {
        let sorted = { (m: Set<DoseMetric>) in m.sorted { $0.notation < $1.notation } }
        var evaluations = [[Evaluation]](repeating: [], count: i.assignments.count)
        var variantKeys = [[Double]](repeating: [], count: i.assignments.count)
        var nominalValues = [[Nominal]](repeating: [], count: i.assignments.count)
        func nominalOf(_ r: ROIDoseResult) -> Nominal {
            let composite = (r.compositeDiscounted ?? r.composite).dvh
            return Nominal(composite: composite.samples.doses, secondCourse: r.courses.last?.dvh.samples.doses ?? [],
                           courses: r.courses.map(\.dvh.samples.doses), histograms: (composite, r.courses.last?.dvh))
        }
        for (n, a) in i.assignments.enumerated() {
            guard let organ = i.mapping.organ(forROI: a.roi.name) else { continue }
            let cumulative = sorted(i.set.requiredMetrics(for: organ, scope: .cumulative))
            let second = sorted(i.set.requiredMetrics(for: organ, scope: .secondCourseOnly))
            guard !cumulative.isEmpty || !second.isEmpty else { continue }
            evaluations[n].append(Evaluation(alphaBeta: a.alphaBeta, recovery: a.recovery, cumulative: cumulative, secondCourse: second))
            if n < i.results.count { nominalValues[n].append(nominalOf(i.results[n])) }
            for (j, v) in i.variants.enumerated() where v.roi == n {
                if j < i.variantResults.count { nominalValues[n].append(nominalOf(i.variantResults[j])) }
                evaluations[n].append(Evaluation(alphaBeta: v.assignment.alphaBeta, recovery: v.assignment.recovery,
                                                 cumulative: cumulative, secondCourse: second))
                variantKeys[n].append(v.assignment.alphaBeta == .physicalDose ? OrganDoses.physicalKey : v.assignment.alphaBeta.gray)
            }
        }
        return Work(evaluations: evaluations, variantKeys: variantKeys, nominalValues: nominalValues,
                    active: i.assignments.indices.filter { !evaluations[$0].isEmpty },
                    courses: i.courses, samplings: i.samplings, boundary: i.boundary, coarse: i.coarse)
    }

    /// Per nominal verdict, its dose-grid band (nil for rows of no limit, rows without a value, and
    /// organs whose regions leave the dose read or hold a negative dose), from every active ROI's
    /// ends (`ends[k]` of `w.active[k]`): each end replaces the values of every organ's primary ROI
    /// (and its α/β variants) in the organ doses the nominal verdicts were judged on.
    static func finish(_ w: Work, ends: [[(lo: End, hi: End)]?], inputs i: VerdictBands.Inputs,
                       judge: ([Organ: OrganDoses]) -> [Verdict]) -> [VerdictUncertainty.Band?] {
        var unknown = Set<Organ>(), lower = i.nominal, upper = i.nominal
        for (k, n) in w.active.enumerated() {
            guard let organ = i.mapping.organ(forROI: i.assignments[n].roi.name) else { continue }
            guard let values = ends[k] else { unknown.insert(organ); continue }
            for (side, end) in [(0, values.map(\.lo)), (1, values.map(\.hi))] {
                guard var d = (side == 0 ? lower : upper)[organ] else { continue }
                d.cumulative = end[0].cumulative
                d.secondCourse = end[0].secondCourse
                for (key, e) in zip(w.variantKeys[n], end.dropFirst()) {
                    guard var alt = d.alternatives[key] else { continue }
                    alt.cumulative = e.cumulative
                    alt.secondCourse = e.secondCourse
                    d.alternatives[key] = alt
                }
                if side == 0 { lower[organ] = d } else { upper[organ] = d }
            }
        }
        let low = judge(lower), high = judge(upper)
        return i.verdicts.indices.map { n in
            let v = i.verdicts[n]
            guard !v.constraint.informational, !unknown.contains(v.organ) else { return nil }
            return RegistrationBands.band(nominal: v, scenarios: [(upperName, high[n].value), (lowerName, low[n].value)])
        }
    }

    /// min … max of the held nodes of every cell that positions within `halfExtent` (continuous
    /// indices) of `centre`'s index touch: trilinear values are convex combinations of their cell's
    /// nodes, so these bound the interpolant there, more loosely than `TrilinearField.bounds` but in
    /// one pass over at most a few nodes per axis. Where the region leaves the held grid, the exact
    /// bounds (which know the support and the 0 beyond it).
    static func nodeBounds(_ field: TrilinearField, around centre: SIMD3<Double>, halfExtent: SIMD3<Double>) -> (lo: Float, hi: Float)? {
        let ijk = field.indexMap(centre) - field.shift, size = field.grid.geometry.size
        let pad = halfExtent + 1e-9 * (SIMD3(ijk.x.magnitude, ijk.y.magnitude, ijk.z.magnitude) + 1)
        let l = (ijk - pad).rounded(.down), h = (ijk + pad).rounded(.up)
        guard all(l .>= 0), all(h .<= SIMD3<Double>(size &- 1)) else { return field.bounds(around: centre, halfExtent: halfExtent) }
        let lo = SIMD3(Int(l.x), Int(l.y), Int(l.z)), hi = SIMD3(Int(h.x), Int(h.y), Int(h.z))
        return field.grid.values.withUnsafeBufferPointer { v in
            var a = Float.infinity, b = -Float.infinity
            for k in lo.z...hi.z {
                for j in lo.y...hi.y {
                    let row = (k * size.y + j) * size.x
                    for i in lo.x...hi.x { let x = v[row + i]; a = min(a, x); b = max(b, x) }
                }
            }
            return (a, b)
        }
    }

    /// The nominal values of one evaluation at the ROI's samples (Gy EQD2, point order, as the nominal
    /// evaluation gave them): its verdict composite and course 2 alone. They set the levels that
    /// prune (see `evaluate`).
    struct Nominal: Sendable {
        var composite: [Float]
        var secondCourse: [Float]
        /// Per course, its EQD2 at the samples (Gy, the evaluation's α/β; empty when not known): the
        /// nominal physical doses they give back screen the samples of the upper ends.
        var courses: [[Float]] = []
        /// The nominal DVHs of `composite` and `secondCourse` when known (their samples those values,
        /// the sampling's weights as volumes): the levels are read from their buckets
        /// (`HoldingLevel.Histogram(_: DoseVolumeHistogram)`) instead of binning the values again.
        var histograms: (composite: DoseVolumeHistogram?, secondCourse: DoseVolumeHistogram?) = (nil, nil)
    }

    /// Both ends of every evaluation of one ROI, or nil when some region needs dose the courses do not
    /// hold or a bound is negative (EQD2 rises with dose only from 0).
    ///
    /// Pruning (with `nominal`, for a dose set whose metrics are all hot-side, v the largest volume
    /// asked, w the largest sample volume): every sample evaluated is bounded exactly; the others are
    /// carried as one sample at 0 Gy with their volume, which leaves every hot-side metric exact as
    /// long as the samples at or above the level L hold at least v + w and every sample left out is
    /// below L (see the type's comment). Upper end: each sample's upper bound is at least its nominal
    /// value x, so L is a dose that the samples with x ≥ L reach with v + 2w; only the samples of voxels
    /// whose node maximum can reach L are bounded. Lower end: the lower bounds of the samples with the
    /// highest x (v + 3w of them) give L (the others counted at 0 can only lower it); a lower bound is
    /// at most x, so only the samples with x ≥ L are bounded. Without `nominal`, or for other metrics,
    /// every sample is bounded (the same ends).
    static func evaluate(_ s: StructureSampling, boundary: [Bool], coarse: [Bool], courses: [Course],
                         evaluations: [Evaluation], nominal: [Nominal]? = nil) throws -> [(lo: End, hi: End)]? {
        let g = s.geometry, count = s.voxelIndices.count, m = courses.count, total = s.points.count
        guard count > 0, total > 0, boundary.count == count, coarse.count == count else { return nil }
        let nominal = nominal.flatMap { n in
            n.count == evaluations.count && n.allSatisfy({ $0.composite.count == total && $0.secondCourse.count == total }) ? n : nil
        }
        let fields = courses.map(\.field)
        // Regions along patient x, y, z, widened by 1e-4 mm for the rounding of sample positions to Float.
        let voxelBox = g.voxelHalfExtentLPS + 1e-4, cellBox = g.voxelHalfExtentLPS / Double(max(s.subdivisions, 1)) + 1e-4
        let voxelExtent = fields.map { indexHalfExtent($0, box: voxelBox) }, cellExtent = fields.map { indexHalfExtent($0, box: cellBox) }
        // strips exist only on lattices whose axes are patient axes (elsewhere coarse flags are not applied)
        let stripped = s.coarseVoxelCount > 0
        let centres = s.voxelIndices.map { g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: $0))) }
        guard let firstPoint = firstPoints(s) else { return nil }
        let fine = (0..<count).map { boundary[$0] && !(stripped && coarse[$0]) }
        // Per point, per course: the exact physical bounds (Gy), computed when first needed and kept
        // compactly (`SampleBounds`: most samples are never bounded); per voxel: the exact bounds over
        // its box (for samples that stand for the whole voxel), NaN before.
        var bounds = SampleBounds(samples: total, courses: m)
        var voxelLo = [[Float]](repeating: [Float](repeating: .nan, count: count), count: m), voxelHi = voxelLo
        var lo = [Float](repeating: 0, count: m), hi = lo
        func bound(voxels: [Int], where wanted: (Int) -> Bool) -> Bool {
            for u in voxels {
                for p in firstPoint[u]..<firstPoint[u + 1] where wanted(p) && !bounds.has(p) {
                    for c in 0..<m {
                        if fine[u] {
                            guard let b = fields[c].bounds(around: SIMD3<Double>(s.points[p]), halfExtent: cellExtent[c]), b.lo >= 0 else { return false }
                            lo[c] = b.lo; hi[c] = b.hi
                        } else {
                            if voxelLo[c][u].isNaN {
                                guard let b = fields[c].bounds(around: centres[u], halfExtent: voxelExtent[c]), b.lo >= 0 else { return false }
                                voxelLo[c][u] = b.lo; voxelHi[c][u] = b.hi
                            }
                            lo[c] = voxelLo[c][u]; hi[c] = voxelHi[c][u]
                        }
                    }
                    bounds.set(p, lower: lo, upper: hi)
                }
            }
            return true
        }
        let everyVoxel = Array(0..<count)
        // EQD2 of a physical dose as PointDoses computes it, per course, summed with the course weights.
        func composite(_ p: Int, upper: Bool, _ lqs: [LQConversion], _ w: [Double], _ used: Range<Int>) -> Float {
            var t = 0.0
            for c in used { t += w[c] * Double(Float(lqs[c].eqd2(Double(upper ? bounds.upper(p, c) : bounds.lower(p, c))))) }
            return Float(t)
        }
        // Per voxel, the nodes' maximum over its box per course (cheap; only for the upper ends' choice).
        var nodeMax: [[Float]]? = nil
        func voxelMaxima() -> [[Float]]? {
            if let nodeMax { return nodeMax }
            var out = [[Float]](repeating: [Float](repeating: 0, count: count), count: m)
            for c in 0..<m {
                let field = fields[c], box = voxelExtent[c]
                for u in 0..<count {
                    guard let b = nodeBounds(field, around: centres[u], halfExtent: box), b.lo >= 0 else { return nil }
                    out[c][u] = b.hi
                }
            }
            nodeMax = out
            return out
        }
        // Per course, the axis rise bounds around the candidate samples of one end (reach: a fine
        // sample's sub-cell): a box around the hot samples only, not the whole ROI.
        let reachMM = (cellBox * cellBox).sum().squareRoot()
        func riseBounds(around candidates: [Int], courses used: Range<Int>) -> [RiseScreen?] {
            let around = candidates.map { s.points[$0] }
            return fields.indices.map { c in
                guard used.contains(c) else { return nil }
                return AxisRiseBounds(field: fields[c], around: around, displacementMM: reachMM).flatMap { RiseScreen($0, halfExtent: cellExtent[c]) }
            }
        }
        var fineOfPoint: [Bool]? = nil
        let widest = Double(s.weights.max() ?? 0)
        // The metrics of one end: every sample bounded, or (pruned) those at or above the level.
        // each nominal value set's histogram, built once for both ends (`HoldingLevel`), or its DVH's
        var histograms: [Int: HoldingLevel.Histogram?] = [:]
        func end(_ e: Evaluation, _ asked: [DoseMetric], cumulative: Bool, upper: Bool, nominal x: [Float]?, histogram known: DoseVolumeHistogram?,
                 key: Int, courses nominalCourses: [[Float]]?) throws -> [DoseMetric: MetricValue]? {
            guard !asked.isEmpty else { return [:] }
            let lqs = courses.map { $0.conversion(e.alphaBeta) }
            let used = cumulative ? 0..<m : (m - 1)..<m
            let w = cumulative ? RecoveryWeighting.weights(courses: m, recovery: e.recovery) : [Double](repeating: 1, count: m)
            var chosen: [Int]? = nil, level = -Double.infinity
            if let x, let v = ScenarioEvaluator.hotVolume(asked, totalMM3: s.volumeMM3) {
                if histograms[key] == nil {
                    histograms[key] = .some(known.map { HoldingLevel.Histogram($0) } ?? HoldingLevel.Histogram(x, weights: s.weights))
                }
                let histogram = histograms[key] ?? nil
                if upper, let l = histogram?.level(holding: v + 2 * widest), let maxima = voxelMaxima() {
                    // slack for one Float step of the exact bounds above the nodes
                    let reach = l - 1e-6 * (1 + abs(l))
                    let voxels = everyVoxel.filter { u in
                        var t = 0.0
                        for c in used { t += w[c] * Double(Float(lqs[c].eqd2(Double(maxima[c][u])))) }
                        return t >= reach
                    }
                    var points = voxels.flatMap { firstPoint[$0]..<firstPoint[$0 + 1] }
                    // then per sample: the nominal physical dose of each course plus the most it can rise over
                    // the sample's region (AxisRiseBounds), widened for rounding, as a composite
                    if let known = nominalCourses, e.alphaBeta != .physicalDose {
                        if fineOfPoint == nil {
                            var f = [Bool](repeating: false, count: total)
                            for u in 0..<count where fine[u] { for p in firstPoint[u]..<firstPoint[u + 1] { f[p] = true } }
                            fineOfPoint = f
                        }
                        points = Self.screen(points, s.points, fine: fineOfPoint!, rises: riseBounds(around: points, courses: used),
                                             eqd2: known, conversions: lqs, weights: w, used: used, reaching: reach, nominal: x)
                    }
                    var wanted = [Bool](repeating: false, count: total)
                    for p in points { wanted[p] = true }
                    guard bound(voxels: voxels, where: { wanted[$0] }) else { return nil }
                    chosen = points
                    level = l
                } else if !upper, let top = histogram?.level(holding: v + 3 * widest) {
                    guard bound(voxels: everyVoxel, where: { Double(x[$0]) >= top }) else { return nil }
                    let hottest = (0..<total).filter { Double(x[$0]) >= top }
                    // (the others would count as 0 Gy: below any level)
                    let lows = hottest.map { composite($0, upper: false, lqs, w, used) }
                    if let l = HoldingLevel.level(lows, weights: hottest.map { s.weights[$0] }, holding: v + 2 * widest) {
                        let candidates = (0..<total).filter { Double(x[$0]) >= l }
                        guard bound(voxels: everyVoxel, where: { Double(x[$0]) >= l }) else { return nil }
                        chosen = candidates
                        level = l
                    }
                }
            }
            let points = chosen ?? Array(0..<total)
            if chosen == nil { guard bound(voxels: everyVoxel, where: { _ in true }) else { return nil } }
            var doses: [Float] = [], volumes: [Float] = [], kept = 0.0
            doses.reserveCapacity(points.count + 1); volumes.reserveCapacity(points.count + 1)
            for p in points {
                let d = composite(p, upper: upper, lqs, w, used)
                guard Double(d) >= level else { continue }
                doses.append(d); volumes.append(s.weights[p]); kept += Double(s.weights[p])
            }
            if chosen != nil, s.volumeMM3 - kept > 0 { doses.append(0); volumes.append(Float(s.volumeMM3 - kept)) }
            let samples = try DoseVolumeSamples(doses: doses, volumes: volumes, subject: s.roiName)
            return StructureMetrics(sampling: s, samples: samples, metrics: asked).values
        }
        var out: [(lo: End, hi: End)] = []
        for (k, e) in evaluations.enumerated() {
            let x = nominal?[k]
            var ends: [End] = []
            for upper in [false, true] {
                let known = x.flatMap { $0.courses.count == m && $0.courses.allSatisfy({ $0.count == total }) ? $0.courses : nil }
                // (a DVH only when its samples are the values: one per sample)
                let dvh = { (h: DoseVolumeHistogram?) in h.flatMap { $0.samples.count == total ? $0 : nil } }
                guard let cumulative = try end(e, e.cumulative, cumulative: true, upper: upper, nominal: x?.composite,
                                               histogram: dvh(x?.histograms.composite), key: 2 * k, courses: known),
                      let second = try end(e, e.secondCourse, cumulative: false, upper: upper, nominal: x?.secondCourse,
                                           histogram: dvh(x?.histograms.secondCourse), key: 2 * k + 1, courses: known) else { return nil }
                ends.append(End(cumulative: cumulative, secondCourse: second))
            }
            out.append((ends[0], ends[1]))
        }
        return out
    }

    /// A course's rise bounds around an ROI's samples, with, per cell, the most its interpolant can
    /// exceed a fine sample's value over the sample's region (± `halfExtent` index steps):
    /// Σₐ hₐ · max(riseₐ, fallₐ, 0) (Gy). nil when the region reaches farther than the bounds do.
    struct RiseScreen {
        var bounds: AxisRiseBounds
        var lifts: [Double]

        init?(_ bounds: AxisRiseBounds, halfExtent h: SIMD3<Double>) {
            guard all(h .<= SIMD3<Double>(bounds.reach)) else { return nil }
            self.bounds = bounds
            lifts = zip(bounds.rise, bounds.fall).map { (h * pointwiseMax(pointwiseMax(SIMD3<Double>($0), SIMD3<Double>($1)), .zero)).sum() }
        }
    }

    /// The samples among `candidates` whose region's upper bound can reach `level` (Gy EQD2, the
    /// composite of `used` courses with weights `weights`): fine samples whose nominal physical dose
    /// per course (the LQ inverse of its nominal EQD2 `eqd2[c][p]`, `DoseBudget.physicalDose`, widened
    /// by a relative and absolute 1e-4 Gy for rounding) plus the most the course's interpolant can rise
    /// over the sample's region (`RiseScreen`) cannot reach it are dropped; every other sample is kept.
    static func screen(_ candidates: [Int], _ points: [SIMD3<Float>], fine: [Bool], rises: [RiseScreen?],
                       eqd2: [[Float]], conversions: [LQConversion], weights: [Double], used: Range<Int>, reaching level: Double,
                       nominal: [Float]? = nil) -> [Int] {
        guard used.allSatisfy({ rises[$0] != nil }) else { return candidates }
        // course by course (one screen's arrays at a time), summed per candidate; NaN: cannot screen;
        // −∞: dropped on its nominal value alone (`nominalCut`)
        var t = [Double](repeating: 0, count: candidates.count)
        if let x = nominal {
            let cut = nominalCut(candidates, fine: fine, rises: rises, eqd2: eqd2, conversions: conversions, weights: weights, used: used, reaching: level)
            for (q, p) in candidates.enumerated() where fine[p] && Double(max(0, x[p])) < cut { t[q] = -.infinity }
        }
        for c in used {
            let r = rises[c]!, lq = conversions[c], w = weights[c]
            for (q, p) in candidates.enumerated() where fine[p] && t[q].isFinite {
                guard let cell = r.bounds.cell(of: r.bounds.index(of: SIMD3<Double>(points[p]))) else { t[q] = .nan; continue }
                let d = DoseBudget(used: 0, limit: Double(eqd2[c][p]), alphaBeta: lq.alphaBeta.gray).physicalDose(fractions: lq.fractions)
                t[q] += w * lq.eqd2(d * (1 + 1e-4) + 1e-4 + r.lifts[cell])
            }
        }
        var out: [Int] = []
        out.reserveCapacity(candidates.count / 4)
        for (q, p) in candidates.enumerated() where !fine[p] || t[q].isNaN || t[q] >= level { out.append(p) }
        return out
    }

    /// The nominal value (Gy EQD2, the `used` courses' EQD2 summed with `weights`, as the nominal
    /// evaluation rounds it to Float) below which a fine candidate's screen value cannot reach `level`:
    /// per course, the screen adds at most Δ = D·1e-4 + 1e-4 + the largest lift of any cell to the
    /// nominal dose, D the largest nominal dose of the candidates, which raises its EQD2 by at most
    /// Δ·(2(D + Δ)/n + α/β)/(2 + α/β) (convex, rising); relative and absolute 1e-5 Gy on top for the
    /// rounding of the nominal values. −∞ (nothing dropped) when a lift is unbounded.
    static func nominalCut(_ candidates: [Int], fine: [Bool], rises: [RiseScreen?], eqd2: [[Float]], conversions: [LQConversion],
                           weights: [Double], used: Range<Int>, reaching level: Double) -> Double {
        var rise = 0.0
        for c in used {
            guard let r = rises[c], let largest = r.lifts.max(), largest.isFinite else { return -.infinity }
            let lq = conversions[c], e = eqd2[c]
            var top: Float = 0
            for p in candidates where fine[p] { top = max(top, e[p]) }
            let most = DoseBudget(used: 0, limit: Double(top), alphaBeta: lq.alphaBeta.gray).physicalDose(fractions: lq.fractions) * (1 + 1e-6) + 1e-6
            let delta = most * 1e-4 + 1e-4 + max(0, largest)
            rise += weights[c] * delta * (2 * (most + delta) / Double(lq.fractions) + lq.alphaBeta.gray) / (2 + lq.alphaBeta.gray)
        }
        return (level - 1e-5 - rise * (1 + 1e-6)) / (1 + 1e-5)
    }

    /// The half extents, in `field`'s continuous indices, of an axis-aligned box of half sides `box`
    /// (mm along patient x, y, z).
    static func indexHalfExtent(_ field: TrilinearField, box: SIMD3<Double>) -> SIMD3<Double> {
        field.indexHalfExtent(ofHalfAxes: SIMD3(box.x, 0, 0), SIMD3(0, box.y, 0), SIMD3(0, 0, box.z))
    }

    /// Per voxel of `s.voxelIndices`, its first sample (samples are stored in voxel order), then the
    /// sample count: the sampler's (`StructureSampling.sampleRanges`) when known, else found by
    /// position; nil when the samples do not follow the voxels.
    static func firstPoints(_ s: StructureSampling) -> [Int]? {
        if let known = s.sampleRanges { return known.map { Int($0) } }
        return firstPointsByPosition(s)
    }

    /// `firstPoints` found from the samples' positions (each sample's voxel, galloping over runs).
    static func firstPointsByPosition(_ s: StructureSampling) -> [Int]? {
        let g = s.geometry, count = s.voxelIndices.count, total = s.points.count
        // the index of a position, as `GridGeometry.index(of:)` computes it, with the transposed direction once
        let back = g.direction.transposed, origin = g.origin, spacing = g.spacing
        func voxel(_ p: Int) -> Int {
            let ijk = ((back * (SIMD3<Double>(s.points[p]) - origin)) / spacing).rounded(.toNearestOrAwayFromZero)
            return g.linearIndex(Int(ijk.x), Int(ijk.y), Int(ijk.z))
        }
        var first = [Int](repeating: total, count: count + 1)
        var p = 0
        for u in 0..<count {
            guard p < total, voxel(p) == s.voxelIndices[u] else { return nil }
            first[u] = p
            // gallop, then bisect, to the first sample of a later voxel
            var step = 1
            while p + step < total && voxel(p + step) == s.voxelIndices[u] { step *= 2 }
            var lo = p + step / 2, hi = min(p + step, total)  // voxel(lo) is u's, hi is past it (or the end)
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if voxel(mid) == s.voxelIndices[u] { lo = mid } else { hi = mid }
            }
            p = hi
        }
        guard p == total else { return nil }
        first[count] = total
        return first
    }
}
