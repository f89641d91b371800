import DoseMetrics
import Grids
import Masks
import Radiobiology
import RTCore

/// Which boundary voxels of surveyed ROIs can be sampled coarse without changing the dose metrics
/// asked for (see `StructureSurvey`): the dose-aware part of the accurate path.
///
/// For every boundary voxel and course, the trilinear dose anywhere in the voxel box is bounded
/// (`TrilinearField.bounds`; an inside voxel's one sample is its centre dose, known exactly); EQD2
/// rises with dose, so each dose set a metric is reported for (every course alone, the composite and
/// the recovery-discounted composite, each with the ROI's α/β) gets per-voxel bounds lo ≤ dose ≤ hi.
/// Then, per dose set:
/// - a dose at volume v (`Dmax`: v = 0, `D0.03cc`, `Dx%` = x % of the volume) with v at most half the
///   volume: the hottest v of the voxels' *lower* bounds, L, is at most the sampled D(v) (every voxel
///   has samples at or above its lo, with its whole volume). Every voxel with hi ≥ L is sampled fine,
///   so every sample at or above L, and the DVH above L, are those of the all-fine sampling: D(v) is
///   unchanged. A larger v (`Dmin`, `D95%`) is found from the cold side alike (voxels with lo ≤ U,
///   U from the upper bounds, the volume of voxels without bounds counted as hotter), plus the voxels
///   that may hold the next sample above U, towards which D(v) interpolates (not for Dmin).
/// - a volume at dose x (`V20Gy`): every voxel that may hold a sample between the lowest upper bound
///   of the voxels wholly above x and the highest lower bound of those wholly below is sampled fine:
///   the volume at or above x, and the samples either side of x that V(x) interpolates between.
/// - `Dmean` and `volume` need nothing: voxel volumes are the same either way, and a coarse strip's
///   centre sample is its mean dose where the dose is linear across it.
/// Only the DVH curves (plots) and the mean move, by the in-strip spread of coarse voxels far from
/// every reported near-maximum, near-minimum or threshold dose.
public enum SamplingRefinement {
    /// Per ROI (survey order), per voxel: true when the voxel is a boundary voxel that may be sampled
    /// coarse. Voxels whose bounds are unknown (a course's dose not held around them, a negative dose)
    /// stay fine.
    /// - Parameters:
    ///   - courses: the courses, whose fields cover the surveyed voxels (`OpenedCase.regions(aroundVoxelsOf:)`).
    ///   - assignments: one per surveyed ROI (α/β and recovery).
    ///   - metrics: the metrics that will be reported for every dose set.
    ///   - displacementsMM: per course (default 0), how far (mm) any registration scenario may sample
    ///     that course from where the nominal map does (`RegistrationScenario.displacementBound`): its
    ///     bounds are then taken over every voxel box widened by that much on every side (inside voxels
    ///     too), so they hold for the nominal map and every scenario alike, and the choice of coarse
    ///     voxels leaves every scenario's metrics as they would be all-fine.
    public static func coarseVoxels(survey: StructureSurvey, courses: [Course], assignments: [ROIAssignment],
                                    metrics: [DoseMetric], displacementsMM: [Double] = []) -> [[Bool]] {
        coarseVoxels(survey: survey, courses: courses, assignments: assignments, every: [Choice(metrics: metrics, displacementsMM: displacementsMM)])
    }

    /// One choice of coarse voxels: the metrics it keeps and the displacements its bounds allow for
    /// (see `coarseVoxels`).
    public struct Choice: Sendable {
        public var metrics: [DoseMetric]
        public var displacementsMM: [Double]
        /// Only the verdict composite (the recovery-discounted composite when the ROI discounts, else
        /// the composite) keeps its metrics, not each course alone: what registration scenarios
        /// re-evaluate (`ScenarioEvaluator`); false: every dose set a metric is reported for.
        public var verdictCompositeOnly: Bool
        /// With `verdictCompositeOnly`: course 1's field under each registration scenario (the other
        /// courses nominal). The hot-side level is then also taken per scenario, from that scenario's
        /// own lower bounds over the voxels of highest (widened) upper bound, and the lowest of them
        /// replaces the widened bounds' level when higher (see `coarseVoxels`). Empty: not used.
        public var scenarioFirstCourse: [TrilinearField]
        public init(metrics: [DoseMetric], displacementsMM: [Double] = [], verdictCompositeOnly: Bool = false,
                    scenarioFirstCourse: [TrilinearField] = []) {
            self.metrics = metrics; self.displacementsMM = displacementsMM; self.verdictCompositeOnly = verdictCompositeOnly
            self.scenarioFirstCourse = scenarioFirstCourse
        }
    }

    /// Per voxel, true when every choice lets it be coarse (the choices' `coarseVoxels`, and-ed). The
    /// dose bounds per ROI, course and displacement are computed once however many choices read them
    /// (the choices differ in course 1's displacement; course 2's bounds are shared), all in one
    /// concurrent loop, the ROIs with the most voxels first; then each choice decides per ROI.
    public static func coarseVoxels(survey: StructureSurvey, courses: [Course], assignments: [ROIAssignment], every choices: [Choice]) -> [[Bool]] {
        precondition(assignments.count == survey.voxels.count, "one assignment per surveyed ROI")
        let boundary = survey.boundary
        let fields = courses.map(\.field)
        let rois = survey.voxels.indices.filter { n in
            survey.voxels[n].subdivisions >= minimumSubdivisions && boundary[n].contains(true) && !fields.isEmpty
        }
        // the displacement each choice allows per course, and the distinct (course, displacement) pairs
        let widths = choices.map { c in fields.indices.map { $0 < c.displacementsMM.count ? max(0, c.displacementsMM[$0]) : 0 } }
        var pairs: [CourseWidth] = []
        for w in widths { for (m, d) in w.enumerated() where !pairs.contains(CourseWidth(course: m, widthMM: d)) { pairs.append(CourseWidth(course: m, widthMM: d)) } }
        let pieces = rois.flatMap { n in pairs.indices.map { (n: n, pair: $0) } }
            .sorted { survey.voxels[$0.n].voxelIndices.count > survey.voxels[$1.n].voxelIndices.count }
        let bounds = ParallelMap.map(count: pieces.count) { t -> PhysicalBounds in
            let (n, q) = pieces[t]
            return physicalBounds(survey.voxels[n], boundary: boundary[n], field: fields[pairs[q].course], widthMM: pairs[q].widthMM)
        }
        var boundsOf: [Int: [CourseWidth: PhysicalBounds]] = [:]
        for (t, piece) in pieces.enumerated() { boundsOf[piece.n, default: [:]][pairs[piece.pair]] = bounds[t] }
        // per ROI, the choices in order, each told which voxels the earlier ones keep fine
        let chosen = ParallelMap.map(count: rois.count) { t -> [Bool] in
            let n = rois[t]
            var coarse: [Bool]? = nil
            for c in choices.indices {
                let physical = fields.indices.map { boundsOf[n]![CourseWidth(course: $0, widthMM: widths[c][$0])]! }
                let next = choose(survey.voxels[n], boundary: boundary[n], physical: physical,
                                  conversions: courses.map { $0.conversion(assignments[n].alphaBeta) }, recovery: assignments[n].recovery,
                                  metrics: choices[c].metrics, verdictCompositeOnly: choices[c].verdictCompositeOnly,
                                  scenarioFirstCourse: choices[c].scenarioFirstCourse, fineAlready: coarse.map { $0.map { !$0 } })
                coarse = coarse.map { zip($0, next).map { $0 && $1 } } ?? next
            }
            return coarse ?? [Bool](repeating: false, count: survey.voxels[n].voxelIndices.count)
        }
        var out: [[Bool]] = survey.voxels.indices.map { [Bool](repeating: false, count: survey.voxels[$0].voxelIndices.count) }
        for (t, n) in rois.enumerated() { out[n] = chosen[t] }
        return out
    }

    /// ROIs whose boundary voxels are split into fewer sub-cells per axis than this are sampled fine
    /// throughout: a coarse voxel saves about n³ − n samples, which below n = 5 (voxels finer than
    /// about 1.6 mm) costs less to sample than bounding the dose in every boundary voxel does.
    public static let minimumSubdivisions = 5

    /// A course and how far (mm) its bounds allow the dose to be read from the nominal map.
    private struct CourseWidth: Hashable { var course: Int; var widthMM: Double }

    /// One course's physical dose bounds (Gy) per voxel of an ROI; `known` false where a bound is not
    /// available (the dose not held there, or negative).
    struct PhysicalBounds: Sendable { var lo: [Float], hi: [Float], known: [Bool] }

    /// One ROI's choices (see `coarseVoxels`).
    static func coarse(_ sampling: StructureSampling, boundary: [Bool], fields: [TrilinearField], conversions: [LQConversion],
                       recovery: RecoveryFactors, metrics: [DoseMetric], displacementsMM: [Double] = []) -> [Bool] {
        guard sampling.subdivisions >= minimumSubdivisions, boundary.contains(true), !fields.isEmpty else {
            return [Bool](repeating: false, count: sampling.voxelIndices.count)
        }
        let physical = fields.indices.map { m in
            physicalBounds(sampling, boundary: boundary, field: fields[m], widthMM: m < displacementsMM.count ? max(0, displacementsMM[m]) : 0)
        }
        return choose(sampling, boundary: boundary, physical: physical, conversions: conversions, recovery: recovery, metrics: metrics)
    }

    /// One course's bounds over every voxel of an ROI: a boundary voxel's over its box along patient x,
    /// y, z (it holds the voxel, and so the strips of its boundary voxels, also on an oblique ROI's
    /// plane-frame lattice, whose voxels are rotated boxes), an inside voxel's at its one sample (its
    /// centre, stored as Float: known exactly), each widened by `widthMM` on every side (any
    /// registration scenario's displacement) and by 1e-4 mm for the rounding of sample positions to
    /// Float (≤ 3.1e-5 mm).
    static func physicalBounds(_ sampling: StructureSampling, boundary: [Bool], field: TrilinearField, widthMM widen: Double) -> PhysicalBounds {
        let count = sampling.voxelIndices.count
        let g = sampling.geometry
        let box = g.voxelHalfExtentLPS + 1e-4 + widen
        let extent = field.indexHalfExtent(ofHalfAxes: SIMD3(box.x, 0, 0), SIMD3(0, box.y, 0), SIMD3(0, 0, box.z))
        // an inside voxel's one sample, moved by at most the displacement
        let insideExtent = field.indexHalfExtent(ofHalfAxes: SIMD3(widen + 1e-4, 0, 0), SIMD3(0, widen + 1e-4, 0), SIMD3(0, 0, widen + 1e-4))
        var known = [Bool](repeating: true, count: count)
        var l = [Float](repeating: 0, count: count), h = l
        for v in 0..<count {
            let centre = g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: sampling.voxelIndices[v])))
            // where an inside voxel's one sample is: its centre, stored as Float like every sample
            let sample = SIMD3<Double>(SIMD3<Float>(centre))
            if !boundary[v] && widen == 0 {
                // an inside voxel's one sample is at its centre: its dose is known, not only bounded
                let dose = Float(field.value(at: sample))
                l[v] = dose; h[v] = dose
            } else if !boundary[v] {
                guard let b = field.bounds(around: sample, halfExtent: insideExtent) else { known[v] = false; continue }
                l[v] = b.lo; h[v] = b.hi
            } else if let b = field.bounds(around: centre, halfExtent: extent) {
                l[v] = b.lo; h[v] = b.hi
            } else {
                known[v] = false
            }
            if l[v] < 0 { known[v] = false }  // EQD2 rises with dose only from 0
        }
        return PhysicalBounds(lo: l, hi: h, known: known)
    }

    /// One ROI's choice from each course's physical bounds (see `coarseVoxels`).
    static func choose(_ sampling: StructureSampling, boundary: [Bool], physical: [PhysicalBounds], conversions: [LQConversion],
                       recovery: RecoveryFactors, metrics: [DoseMetric], verdictCompositeOnly: Bool = false,
                       scenarioFirstCourse: [TrilinearField] = [], fineAlready: [Bool]? = nil) -> [Bool] {
        let count = sampling.voxelIndices.count
        let fields = physical
        let g = sampling.geometry
        // Per course, per voxel: physical dose bounds (Gy); a voxel unknown in any course stays fine.
        var known = [Bool](repeating: true, count: count)
        for p in physical { for v in 0..<count where !p.known[v] { known[v] = false } }
        // Per dose set (courses, composite, discounted composite), per voxel: EQD2 bounds (Gy), as
        // PointDoses rounds them: EQD2 of the Float dose, rounded to Float, summed in Double.
        let sets = fields.count + (recovery.discounts ? 2 : 1)
        var lo = [[Double]](repeating: [], count: sets), hi = lo
        for m in fields.indices {
            let lq = conversions[m]
            lo[m] = physical[m].lo.map { Double(Float(lq.eqd2(Double($0)))) }
            hi[m] = physical[m].hi.map { Double(Float(lq.eqd2(Double($0)))) }
        }
        lo[fields.count] = (0..<count).map { v in fields.indices.reduce(0.0) { $0 + lo[$1][v] } }
        hi[fields.count] = (0..<count).map { v in fields.indices.reduce(0.0) { $0 + hi[$1][v] } }
        if recovery.discounts {
            // Σ wₖ · EQD2ₖ in course order, as PointDoses sums the discounted composite (weights ≥ 0)
            let w = RecoveryWeighting.weights(courses: fields.count, recovery: recovery)
            lo[fields.count + 1] = (0..<count).map { v in fields.indices.reduce(0.0) { $0 + w[$1] * lo[$1][v] } }
            hi[fields.count + 1] = (0..<count).map { v in fields.indices.reduce(0.0) { $0 + w[$1] * hi[$1][v] } }
        }
        let voxelVolume = g.voxelVolumeMM3
        let volumes = sampling.voxelFractions.map { Double($0) * voxelVolume }
        let total = volumes.reduce(0, +)
        // Volumes (mm³) of the dose-at-volume metrics, and the doses of the volume-at-dose ones.
        var hotVolume: Double? = nil, coldVolume: Double? = nil, thresholds: [Double] = []
        // whether a cold-side D(v) interpolates (v below the whole volume; Dmin is the lowest sample)
        var coldInterpolates = false
        func atVolume(_ v: Double, interpolates: Bool = true) {
            // (a volume beyond the total, near-evaluable by rounding, is kept as the whole volume)
            if v <= total / 2 { hotVolume = max(hotVolume ?? 0, v); return }
            coldVolume = min(coldVolume ?? total, min(v, total))
            coldInterpolates = coldInterpolates || interpolates
        }
        for metric in metrics {
            switch metric {
            case .dmax: atVolume(0)
            case .dmin: atVolume(total, interpolates: false)
            case .doseAtAbsoluteVolume(let cc): atVolume(cc * 1000)
            case .doseAtRelativeVolume(let percent): atVolume(percent / 100 * total)
            case .volumeAtDose(let gy, _): thresholds.append(gy)
            case .dmean, .volume: break
            }
        }
        var fine = known.map { !$0 }
        let knownVoxels = (0..<count).filter { known[$0] }
        let knownVolumes = knownVoxels.map { Float(volumes[$0]) }
        let unknownVolume = (0..<count).reduce(0.0) { $0 + (known[$1] ? 0 : volumes[$1]) }
        // One voxel more than v (hot side) or less (cold side) keeps the levels on the safe side of
        // the crossing voxel's bound, whatever the DVH interpolates within it.
        let widest = Double(knownVolumes.max() ?? 0)
        // slack for the rounding of bounds to Float and of sums taken in another order than the sample path's
        let slack = { (d: Double) in 1e-6 * (1 + d.magnitude) }
        func keepFine(_ keep: (Int) -> Bool) { for voxel in knownVoxels where keep(voxel) { fine[voxel] = true } }
        // The lowest over the scenarios (`scenarioFirstCourse`, course 1 moved) of a dose that each
        // scenario's verdict composite holds `volume` at or above, nil when some bound is unknown: per
        // scenario, the voxels of highest upper bound `upper` (which holds for every scenario) holding
        // 4·`volume` are bounded from below under that scenario alone — course 1 over the voxel's box
        // (or at an inside voxel's one sample) in its moved field, the other courses' nominal lower
        // bounds — and the level is the lowest of the hottest of these lower bounds that hold `volume`
        // (no interpolation): every sample of those voxels lies at or above it under that scenario.
        // Any subset of voxels gives a valid level; the hottest give the highest.
        func scenarioLevels(holding volume: Double, upper h: [Double]) -> [Double]? {
            guard let top = try? DoseVolumeHistogram(DoseVolumeSamples(doses: knownVoxels.map { Float(h[$0]) }, volumes: knownVolumes)),
                  let cut = top.holdingLevel(4 * volume) else { return nil }
            let subset = knownVoxels.filter { h[$0] >= cut }
            let w = recovery.discounts ? RecoveryWeighting.weights(courses: fields.count, recovery: recovery) : [Double](repeating: 1, count: fields.count)
            let half = g.voxelHalfExtentLPS + 1e-4
            var levels: [Double] = []
            for field in scenarioFirstCourse {
                let extent = field.indexHalfExtent(ofHalfAxes: SIMD3(half.x, 0, 0), SIMD3(0, half.y, 0), SIMD3(0, 0, half.z))
                var lows: [(dose: Double, volume: Double)] = []
                for u in subset {
                    let centre = g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: sampling.voxelIndices[u])))
                    let b: Float
                    if boundary[u] {
                        guard let bounds = field.bounds(around: centre, halfExtent: extent) else { return nil }
                        b = bounds.lo
                    } else {
                        b = Float(field.value(at: SIMD3<Double>(SIMD3<Float>(centre))))
                    }
                    guard b >= 0 else { return nil }
                    // as `lo` sums the composite: EQD2 of the Float dose, rounded to Float, summed in Double
                    var t = 0.0
                    t += w[0] * Double(Float(conversions[0].eqd2(Double(b))))
                    for m in 1..<fields.count { t += w[m] * lo[m][u] }
                    lows.append((t, volumes[u]))
                }
                lows.sort { $0.dose > $1.dose }
                var held = 0.0, level: Double? = nil
                for x in lows { held += x.volume; if held >= volume { level = x.dose; break } }
                guard let level else { return nil }
                levels.append(level)
            }
            return levels.isEmpty ? nil : levels
        }
        // Whether voxel u's verdict composite may reach `levels[m]` under some scenario m (or its bound
        // is unknown): course 1's upper bound over the voxel's box (or its inside sample) in the moved
        // field, the other courses' nominal upper bounds, summed as `hi` is.
        func reachesUnderSomeScenario(_ u: Int, levels: [Double]) -> Bool {
            let w = recovery.discounts ? RecoveryWeighting.weights(courses: fields.count, recovery: recovery) : [Double](repeating: 1, count: fields.count)
            let half = g.voxelHalfExtentLPS + 1e-4
            let centre = g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: sampling.voxelIndices[u])))
            var rest = 0.0
            for m in 1..<fields.count { rest += w[m] * hi[m][u] }
            for (field, level) in zip(scenarioFirstCourse, levels) {
                let b: Float
                if boundary[u] {
                    let extent = field.indexHalfExtent(ofHalfAxes: SIMD3(half.x, 0, 0), SIMD3(0, half.y, 0), SIMD3(0, 0, half.z))
                    guard let bounds = field.bounds(around: centre, halfExtent: extent) else { return true }
                    b = bounds.hi
                } else {
                    b = Float(field.value(at: SIMD3<Double>(SIMD3<Float>(centre))))
                }
                var t = 0.0
                t += w[0] * Double(Float(conversions[0].eqd2(Double(max(0, b)))))
                t += rest
                if t >= level - slack(level) { return true }
            }
            return false
        }
        // the verdict composite alone (see `Choice.verdictCompositeOnly`), or every set
        let judged = verdictCompositeOnly ? (sets - 1)..<sets : 0..<sets
        for s in judged {
            let l = lo[s], h = hi[s]
            if let v = hotVolume {
                // L ≤ the lower bound of the voxel where the lower bounds, hottest first, reach v: every
                // sample at or above L, so the crossing sample and the hotter one before it, is fine.
                guard let dvh = try? DoseVolumeHistogram(DoseVolumeSamples(doses: knownVoxels.map { Float(l[$0]) }, volumes: knownVolumes)),
                      var level = dvh.dose(atVolumeMM3: v + widest) else { return [Bool](repeating: false, count: count) }
                // Per scenario, a level from its own bounds, and each voxel whose widened bound reaches
                // the lowest of them tested under each scenario alone: fine when it may reach that
                // scenario's level (the voxels the earlier choices keep fine are fine anyway).
                if verdictCompositeOnly, !scenarioFirstCourse.isEmpty, s == sets - 1, fields.count >= 2,
                   let levels = scenarioLevels(holding: v + widest, upper: h) {
                    level = max(level, levels.min()!)
                    // (the widened bounds' level holds for every scenario too: the higher of the two)
                    let raised = levels.map { max($0, level) }
                    keepFine { u in
                        guard h[u] >= level - slack(level) else { return false }
                        return fineAlready?[u] == true || reachesUnderSomeScenario(u, levels: raised)
                    }
                } else {
                    keepFine { h[$0] >= level - slack(level) }
                }
            }
            if let v = coldVolume {
                // U ≥ the upper bound of the voxel where the upper bounds, hottest first, reach v (the
                // unknown voxels' volume counted as hotter): every sample at or below U is fine, and so
                // (when a D(v) interpolates towards it; Dmin does not) is the next sample above it,
                // found below the lowest upper bound of the voxels wholly above U.
                guard let dvh = try? DoseVolumeHistogram(DoseVolumeSamples(doses: knownVoxels.map { Float(h[$0]) }, volumes: knownVolumes)),
                      let u = dvh.dose(atVolumeMM3: max(0, v - widest - unknownVolume)) else { return [Bool](repeating: false, count: count) }
                let next = coldInterpolates ? knownVoxels.filter { l[$0] > u + slack(u) }.map { h[$0] }.min() ?? u : u
                keepFine { l[$0] <= next + slack(next) }
            }
            for x in thresholds {
                // V(x) takes the volume at or above x, the coldest sample at or above x, and the
                // hottest below x with its volume: every voxel that can hold any of them is fine.
                let above = knownVoxels.filter { l[$0] >= x }.map { h[$0] }.min() ?? x
                let below = knownVoxels.filter { h[$0] < x }.map { l[$0] }.max() ?? x
                keepFine { l[$0] <= max(x, above) + slack(above) && h[$0] >= min(x, below) - slack(below) }
            }
        }
        return (0..<count).map { boundary[$0] && !fine[$0] }
    }
}
