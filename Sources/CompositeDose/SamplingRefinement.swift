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
        public init(metrics: [DoseMetric], displacementsMM: [Double] = []) { self.metrics = metrics; self.displacementsMM = displacementsMM }
    }

    /// Per voxel, true when every choice lets it be coarse (the choices' `coarseVoxels`, and-ed): all
    /// choices and ROIs in one concurrent loop, the ROIs with the most voxels first.
    public static func coarseVoxels(survey: StructureSurvey, courses: [Course], assignments: [ROIAssignment], every choices: [Choice]) -> [[Bool]] {
        precondition(assignments.count == survey.voxels.count, "one assignment per surveyed ROI")
        let boundary = survey.boundary
        let fields = courses.map(\.field)
        let pieces = choices.indices.flatMap { c in survey.voxels.indices.map { (c: c, n: $0) } }
            .sorted { survey.voxels[$0.n].voxelIndices.count > survey.voxels[$1.n].voxelIndices.count }
        let chosen = ParallelMap.map(count: pieces.count) { t -> [Bool] in
            let (c, n) = pieces[t]
            return coarse(survey.voxels[n], boundary: boundary[n], fields: fields,
                          conversions: courses.map { $0.conversion(assignments[n].alphaBeta) }, recovery: assignments[n].recovery,
                          metrics: choices[c].metrics, displacementsMM: choices[c].displacementsMM)
        }
        var out: [[Bool]?] = survey.voxels.map { _ in nil }
        for (t, piece) in pieces.enumerated() {
            out[piece.n] = out[piece.n].map { zip($0, chosen[t]).map { $0 && $1 } } ?? chosen[t]
        }
        return out.map { $0 ?? [] }
    }

    /// ROIs whose boundary voxels are split into fewer sub-cells per axis than this are sampled fine
    /// throughout: a coarse voxel saves about n³ − n samples, which below n = 5 (voxels finer than
    /// about 1.6 mm) costs less to sample than bounding the dose in every boundary voxel does.
    public static let minimumSubdivisions = 5

    /// One ROI's choices (see `coarseVoxels`).
    static func coarse(_ sampling: StructureSampling, boundary: [Bool], fields: [TrilinearField], conversions: [LQConversion],
                       recovery: RecoveryFactors, metrics: [DoseMetric], displacementsMM: [Double] = []) -> [Bool] {
        let count = sampling.voxelIndices.count
        guard sampling.subdivisions >= minimumSubdivisions, boundary.contains(true), !fields.isEmpty else {
            return [Bool](repeating: false, count: count)
        }
        let g = sampling.geometry
        // The voxel's box along patient x, y, z (it holds the voxel, and so the strips of its boundary
        // voxels, also on an oblique ROI's plane-frame lattice, whose voxels are rotated boxes),
        // widened by 1e-4 mm for the rounding of sample positions to Float (≤ 3.1e-5 mm).
        let box = g.voxelHalfExtentLPS + 1e-4
        let widen = fields.indices.map { $0 < displacementsMM.count ? max(0, displacementsMM[$0]) : 0 }
        let extents = fields.indices.map { m in
            let b = box + widen[m]
            return fields[m].indexHalfExtent(ofHalfAxes: SIMD3(b.x, 0, 0), SIMD3(0, b.y, 0), SIMD3(0, 0, b.z))
        }
        // an inside voxel's one sample, moved by at most the displacement
        let insideExtents = fields.indices.map { m in
            fields[m].indexHalfExtent(ofHalfAxes: SIMD3(widen[m] + 1e-4, 0, 0), SIMD3(0, widen[m] + 1e-4, 0), SIMD3(0, 0, widen[m] + 1e-4))
        }
        // Per course, per voxel: physical dose bounds (Gy); unknown voxels stay fine.
        var known = [Bool](repeating: true, count: count)
        let centres = sampling.voxelIndices.map { g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: $0))) }
        // where an inside voxel's one sample is: its centre, stored as Float like every sample
        let samplePoint = { (v: Int) in SIMD3<Double>(SIMD3<Float>(centres[v])) }
        var physical: [(lo: [Float], hi: [Float])] = []
        for (m, field) in fields.enumerated() {
            var l = [Float](repeating: 0, count: count), h = l
            let extent = extents[m]
            for v in 0..<count where known[v] {
                // an inside voxel's one sample is at its centre: its dose is known, not only bounded
                if !boundary[v] && widen[m] == 0 {
                    let dose = Float(field.value(at: samplePoint(v)))
                    l[v] = dose; h[v] = dose
                } else if !boundary[v] {
                    guard let b = field.bounds(around: samplePoint(v), halfExtent: insideExtents[m]) else { known[v] = false; continue }
                    l[v] = b.lo; h[v] = b.hi
                } else if let b = field.bounds(around: centres[v], halfExtent: extent) {
                    l[v] = b.lo; h[v] = b.hi
                } else {
                    known[v] = false
                }
                if l[v] < 0 { known[v] = false }  // EQD2 rises with dose only from 0
            }
            physical.append((l, h))
        }
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
        for s in 0..<sets {
            let l = lo[s], h = hi[s]
            if let v = hotVolume {
                // L ≤ the lower bound of the voxel where the lower bounds, hottest first, reach v: every
                // sample at or above L, so the crossing sample and the hotter one before it, is fine.
                guard let dvh = try? DoseVolumeHistogram(DoseVolumeSamples(doses: knownVoxels.map { Float(l[$0]) }, volumes: knownVolumes)),
                      let level = dvh.dose(atVolumeMM3: v + widest) else { return [Bool](repeating: false, count: count) }
                keepFine { h[$0] >= level - slack(level) }
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
