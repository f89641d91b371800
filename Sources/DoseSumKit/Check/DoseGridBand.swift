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

    /// Per nominal verdict, its dose-grid band (nil for rows of no limit, rows without a value, and
    /// organs whose regions leave the dose read or hold a negative dose).
    /// - Parameters:
    ///   - boundary, coarse: per ROI, per voxel of `samplings[n].voxelIndices`, whether it is a
    ///     boundary voxel and whether it was sampled coarse (`SamplingRefinement`).
    ///   - nominal: the organ doses the nominal verdicts were judged on; each end replaces the values
    ///     of every organ's primary ROI (and its α/β variants).
    static func compute(courses: [Course], assignments: [ROIAssignment], variants: [CheckPipeline.AlphaBetaVariant],
                        samplings: [StructureSampling], boundary: [[Bool]], coarse: [[Bool]], set: ConstraintSet,
                        nominal: [Organ: OrganDoses], mapping: StructureMapping, judge: ([Organ: OrganDoses]) -> [Verdict],
                        nominalVerdicts: [Verdict]) throws -> [VerdictUncertainty.Band?] {
        let sorted = { (m: Set<DoseMetric>) in m.sorted { $0.notation < $1.notation } }
        // per ROI, its evaluations: its own α/β first, then the rows' variants
        var evaluations = [[Evaluation]](repeating: [], count: assignments.count)
        var variantKeys = [[Double]](repeating: [], count: assignments.count)
        for (n, a) in assignments.enumerated() {
            guard let organ = mapping.organ(forROI: a.roi.name) else { continue }
            let cumulative = sorted(set.requiredMetrics(for: organ, scope: .cumulative))
            let second = sorted(set.requiredMetrics(for: organ, scope: .secondCourseOnly))
            guard !cumulative.isEmpty || !second.isEmpty else { continue }
            evaluations[n].append(Evaluation(alphaBeta: a.alphaBeta, recovery: a.recovery, cumulative: cumulative, secondCourse: second))
            for v in variants where v.roi == n {
                evaluations[n].append(Evaluation(alphaBeta: v.assignment.alphaBeta, recovery: v.assignment.recovery,
                                                 cumulative: cumulative, secondCourse: second))
                variantKeys[n].append(v.assignment.alphaBeta == .physicalDose ? OrganDoses.physicalKey : v.assignment.alphaBeta.gray)
            }
        }
        let active = assignments.indices.filter { !evaluations[$0].isEmpty }
        let asked = evaluations
        var ends = [Result<[(lo: End, hi: End)]?, Error>?](repeating: nil, count: active.count)
        ends.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: active.count) { k in
                let n = active[k]
                slots[k] = Result { try evaluate(samplings[n], boundary: boundary[n], coarse: coarse[n], courses: courses,
                                                 evaluations: asked[n]) }
            }
        }
        var unknown = Set<Organ>(), lower = nominal, upper = nominal
        for (k, n) in active.enumerated() {
            guard let organ = mapping.organ(forROI: assignments[n].roi.name) else { continue }
            guard let values = try ends[k]!.get() else { unknown.insert(organ); continue }
            for (side, end) in [(0, values.map(\.lo)), (1, values.map(\.hi))] {
                guard var d = (side == 0 ? lower : upper)[organ] else { continue }
                d.cumulative = end[0].cumulative
                d.secondCourse = end[0].secondCourse
                for (key, e) in zip(variantKeys[n], end.dropFirst()) {
                    guard var alt = d.alternatives[key] else { continue }
                    alt.cumulative = e.cumulative
                    alt.secondCourse = e.secondCourse
                    d.alternatives[key] = alt
                }
                if side == 0 { lower[organ] = d } else { upper[organ] = d }
            }
        }
        let low = judge(lower), high = judge(upper)
        return nominalVerdicts.indices.map { i in
            let v = nominalVerdicts[i]
            guard !v.constraint.informational, !unknown.contains(v.organ) else { return nil }
            return RegistrationBands.band(nominal: v, scenarios: [(upperName, high[i].value), (lowerName, low[i].value)])
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

    /// Both ends of every evaluation of one ROI, or nil when some region needs dose the courses do not
    /// hold or a bound is negative (EQD2 rises with dose only from 0).
    /// With `prune` false every sample is bounded exactly (for tests: the result is the same).
    static func evaluate(_ s: StructureSampling, boundary: [Bool], coarse: [Bool], courses: [Course],
                         evaluations: [Evaluation], prune: Bool = true) throws -> [(lo: End, hi: End)]? {
        let g = s.geometry, count = s.voxelIndices.count, m = courses.count
        guard count > 0, !s.points.isEmpty, boundary.count == count, coarse.count == count else { return nil }
        let fields = courses.map(\.field)
        // Regions along patient x, y, z, widened by 1e-4 mm for the rounding of sample positions to Float.
        let voxelBox = g.voxelHalfExtentLPS + 1e-4, cellBox = g.voxelHalfExtentLPS / Double(max(s.subdivisions, 1)) + 1e-4
        let extent = { (f: TrilinearField, b: SIMD3<Double>) in f.indexHalfExtent(ofHalfAxes: SIMD3(b.x, 0, 0), SIMD3(0, b.y, 0), SIMD3(0, 0, b.z)) }
        let voxelExtent = fields.map { extent($0, voxelBox) }, cellExtent = fields.map { extent($0, cellBox) }
        // strips exist only on lattices whose axes are patient axes (elsewhere coarse flags are not applied)
        let stripped = s.coarseVoxelCount > 0
        // Per course, per voxel: bounds on the physical dose over the voxel box (Gy), the nodes' min … max
        // first (cheap, for choosing the voxels); exact for the voxels kept, below.
        let centres = s.voxelIndices.map { g.point(atIndex: SIMD3<Double>(g.voxel(atLinearIndex: $0))) }
        var voxelLo = [[Float]](repeating: [Float](repeating: 0, count: count), count: m), voxelHi = voxelLo
        for v in 0..<count {
            for c in 0..<m {
                guard let b = nodeBounds(fields[c], around: centres[v], halfExtent: voxelExtent[c]), b.lo >= 0 else { return nil }
                voxelLo[c][v] = b.lo; voxelHi[c][v] = b.hi
            }
        }
        // The points of each voxel: samples are stored in voxel order (`StructureSampling`).
        var firstPoint = [Int](repeating: s.points.count, count: count + 1)
        var v = 0
        firstPoint[0] = 0
        for (p, point) in s.points.enumerated() {
            let ijk = g.index(of: SIMD3<Double>(point)).rounded(.toNearestOrAwayFromZero)
            let index = g.linearIndex(Int(ijk.x), Int(ijk.y), Int(ijk.z))
            while v < count && s.voxelIndices[v] < index { v += 1; firstPoint[v] = p }
            guard v < count, s.voxelIndices[v] == index else { return nil }
        }
        let voxelVolume = g.voxelVolumeMM3
        let volumes = s.voxelFractions.map { Double($0) * voxelVolume }
        // EQD2 of a physical dose as PointDoses computes it, per course, for one α/β.
        func composite(_ physical: (Int) -> Float, _ lqs: [LQConversion], weights: [Double], courses used: Range<Int>) -> Float {
            var t = 0.0
            for c in used { t += weights[c] * Double(Float(lqs[c].eqd2(Double(physical(c))))) }
            return Float(t)
        }
        // Which samples are bounded exactly: all, unless every dose set is hot-side only; then, in two
        // rounds on node bounds (cheap), first the voxels that can reach the judged near-maximum, then
        // those voxels' samples that can (each round's level is at least the one before: the items at
        // or above it hold more than v + the widest item, and their parts' lower bounds are no lower).
        func choose(_ lo: [[Float]], _ hi: [[Float]], volumes: [Float]) -> [Bool] {
            var keep = [Bool](repeating: !prune, count: volumes.count)
            guard prune else { return keep }
            let widest = Double(volumes.max() ?? 0)
            for e in evaluations {
                let lqs = courses.map { $0.conversion(e.alphaBeta) }
                let weights = RecoveryWeighting.weights(courses: m, recovery: e.recovery)
                let sets: [(metrics: [DoseMetric], used: Range<Int>, weights: [Double])] = [
                    (e.cumulative, 0..<m, weights), (e.secondCourse, (m - 1)..<m, [Double](repeating: 1, count: m)),
                ]
                for (metrics, used, w) in sets where !metrics.isEmpty {
                    guard let volume = ScenarioEvaluator.hotVolume(metrics, totalMM3: s.volumeMM3),
                          let l = try? DoseVolumeHistogram(DoseVolumeSamples(doses: volumes.indices.map { u in composite({ lo[$0][u] }, lqs, weights: w, courses: used) },
                                                                             volumes: volumes)).dose(atVolumeMM3: volume + widest), l > 0
                    else { return [Bool](repeating: true, count: volumes.count) }
                    let level = l - 1e-6 * (1 + abs(l))  // slack for the rounding of bounds to Float
                    for u in volumes.indices where !keep[u] && Double(composite({ hi[$0][u] }, lqs, weights: w, courses: used)) >= level { keep[u] = true }
                }
            }
            return keep
        }
        let keepVoxel = choose(voxelLo, voxelHi, volumes: volumes.map { Float($0) })
        // Round two: the samples of those voxels, on node bounds over each one's region.
        var candidates: [Int] = []
        for u in 0..<count where keepVoxel[u] { candidates.append(contentsOf: firstPoint[u]..<firstPoint[u + 1]) }
        var voxelOf = [Int](repeating: 0, count: candidates.count)
        var nodeLo = [[Float]](repeating: [Float](repeating: 0, count: candidates.count), count: m), nodeHi = nodeLo
        var q = 0
        for u in 0..<count where keepVoxel[u] {
            let fine = boundary[u] && !(stripped && coarse[u])
            for p in firstPoint[u]..<firstPoint[u + 1] {
                voxelOf[q] = u
                for c in 0..<m {
                    if fine {
                        guard let b = nodeBounds(fields[c], around: SIMD3<Double>(s.points[p]), halfExtent: cellExtent[c]), b.lo >= 0 else { return nil }
                        nodeLo[c][q] = b.lo; nodeHi[c][q] = b.hi
                    } else {
                        nodeLo[c][q] = voxelLo[c][u]; nodeHi[c][q] = voxelHi[c][u]
                    }
                }
                q += 1
            }
        }
        let keepPoint = choose(nodeLo, nodeHi, volumes: candidates.map { s.weights[$0] })
        // Per course, the exact physical bounds of every kept sample's region (Gy), and the volume left out.
        let kept = candidates.indices.filter { keepPoint[$0] }.map { candidates[$0] }
        let keptVoxels = candidates.indices.filter { keepPoint[$0] }.map { voxelOf[$0] }
        let restMM3 = s.volumeMM3 - kept.reduce(0.0) { $0 + Double(s.weights[$1]) }
        var exactVoxel = [Bool](repeating: false, count: count)
        var pointLo = [[Float]](repeating: [Float](repeating: 0, count: kept.count), count: m), pointHi = pointLo
        for (k, p) in kept.enumerated() {
            let u = keptVoxels[k]
            let fine = boundary[u] && !(stripped && coarse[u])
            if !fine && !exactVoxel[u] {
                for c in 0..<m {
                    guard let b = fields[c].bounds(around: centres[u], halfExtent: voxelExtent[c]), b.lo >= 0 else { return nil }
                    voxelLo[c][u] = b.lo; voxelHi[c][u] = b.hi
                }
                exactVoxel[u] = true
            }
            for c in 0..<m {
                if fine {
                    guard let b = fields[c].bounds(around: SIMD3<Double>(s.points[p]), halfExtent: cellExtent[c]), b.lo >= 0 else { return nil }
                    pointLo[c][k] = b.lo; pointHi[c][k] = b.hi
                } else {
                    pointLo[c][k] = voxelLo[c][u]; pointHi[c][k] = voxelHi[c][u]
                }
            }
        }
        var weights = kept.map { s.weights[$0] }
        if kept.count < s.points.count { weights.append(Float(max(0, restMM3))) }
        func metrics(_ physical: [[Float]], _ e: Evaluation, _ asked: [DoseMetric], courses used: Range<Int>, weights w: [Double]) throws -> [DoseMetric: MetricValue] {
            guard !asked.isEmpty else { return [:] }
            let lqs = courses.map { $0.conversion(e.alphaBeta) }
            var doses = (0..<kept.count).map { q in composite({ physical[$0][q] }, lqs, weights: w, courses: used) }
            if kept.count < s.points.count { doses.append(0) }
            let samples = try DoseVolumeSamples(doses: doses, volumes: weights, subject: s.roiName)
            return StructureMetrics(sampling: s, samples: samples, metrics: asked).values
        }
        return try evaluations.map { e in
            let w = RecoveryWeighting.weights(courses: m, recovery: e.recovery), one = [Double](repeating: 1, count: m)
            func end(_ physical: [[Float]]) throws -> End {
                End(cumulative: try metrics(physical, e, e.cumulative, courses: 0..<m, weights: w),
                    secondCourse: try metrics(physical, e, e.secondCourse, courses: (m - 1)..<m, weights: one))
            }
            return (try end(pointLo), try end(pointHi))
        }
    }
}
