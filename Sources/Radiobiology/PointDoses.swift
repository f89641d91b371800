import Dispatch
import Grids
import RTCore

/// Doses of several courses at a list of points (the accurate path for metrics): each course's
/// physical dose is its trilinear interpolant at the point (0 outside its grid), converted to EQD2 with
/// the course's own fractionation and one α/β, then summed.
public struct PointDoses: Sendable {
    /// Per course (in course order), physical dose at each point, Gy; empty when not kept.
    public var physical: [[Float]]
    /// Per course, EQD2 at each point, Gy (no recovery applied).
    public var eqd2: [[Float]]
    /// Σ over courses of EQD2, Gy EQD2 (undiscounted).
    public var composite: [Float]
    /// Σ (1 − rₖ) · EQD2(earlier course k) + EQD2(last course), Gy EQD2 (`RecoveryWeighting`). Equal
    /// to `composite` when no course is discounted.
    public var compositeDiscounted: [Float]
    /// Per course, how many points lie outside that course's dose grid support (dose 0 assumed there).
    public var outsideCount: [Int]
    /// Per course, the volume (mm³) of the points outside its support, and the volume of all points,
    /// when the points' weights were given (nil otherwise). Sample points need not stand for equal
    /// volumes (boundary sub-cells, coarse strips, whole voxels), so this is what coverage is told in.
    public var outsideVolumeMM3: [Double]?
    public var totalVolumeMM3: Double?
    public var recovery: RecoveryFactors
    /// The courses' labels, in course order.
    public var courseLabels: [String]

    /// Evaluates `courses` at `points` (common frame, LPS, mm; Float as structure samples are stored)
    /// for one α/β. With `keepPhysical` false
    /// the physical doses are not stored (`physical` is empty), which saves 4 bytes per point and course.
    ///
    /// Per point and course, EQD2 is computed in Double from the Float physical dose and rounded once
    /// to Float; sums run in Double in course order. Chunks of points run concurrently when `parallel`,
    /// with results bit-identical to the serial path.
    /// - Throws: `DoseSumError(.invalidValue)` for a recovery factor outside [0, 1].
    /// - Complexity: O(points × courses).
    public init(courses: [Course], points: [SIMD3<Float>], alphaBeta: AlphaBeta, recovery: RecoveryFactors = .none,
                parallel: Bool = true, keepPhysical: Bool = true) throws {
        self = try Self.batch(courses: courses, pointSets: [points], alphaBetas: [alphaBeta], recoveries: [recovery],
                              parallel: parallel, keepPhysical: keepPhysical)[0]
    }

    /// `PointDoses` of several point sets at once (e.g. every ROI of a check, each with its own α/β
    /// and recovery), equal to evaluating them one by one; the chunks of all sets share one
    /// concurrent loop, so small sets do not each wait at a barrier of their own. With `weightSets`
    /// (each point's volume, mm³), the volumes outside each course's grid are measured too.
    /// `laterCourses`: how many courses follow `courses` without being evaluated (1 for a budget, whose
    /// evaluated courses are all prior to the one being planned): the recovery weights are taken among
    /// `courses.count + laterCourses` courses, so every evaluated course may then be discounted.
    /// - Throws: `DoseSumError(.invalidValue)` for a recovery factor outside [0, 1].
    public static func batch(courses: [Course], pointSets: [[SIMD3<Float>]], weightSets: [[Float]]? = nil, alphaBetas: [AlphaBeta],
                             recoveries: [RecoveryFactors], laterCourses: Int = 0, parallel: Bool = true,
                             keepPhysical: Bool = true) throws -> [PointDoses] {
        precondition(pointSets.count == alphaBetas.count && pointSets.count == recoveries.count, "one α/β and recovery per point set")
        precondition(weightSets.map { w in w.count == pointSets.count && zip(w, pointSets).allSatisfy { $0.count == $1.count } } ?? true,
                     "one weight per point")
        for recovery in recoveries {
            if let r = recovery.invalidFactor { throw DoseSumError(.invalidValue, "recovery factor must be between 0 and 1, got \(r)") }
        }
        let fields = courses.map(\.field)
        let kernels = zip(alphaBetas, recoveries).map { alphaBeta, recovery in
            Kernel(fields: fields, conversions: courses.map { $0.conversion(alphaBeta) },
                   courseWeights: Array(RecoveryWeighting.weights(courses: courses.count + laterCourses, recovery: recovery).prefix(courses.count)),
                   discounted: recovery.discounts, keepPhysical: keepPhysical)
        }
        let m = courses.count
        // Per set: its number of columns (physical per course when kept, EQD2 per course, composite,
        // then the discounted composite) and chunks; all chunks are jobs of one loop.
        let widths = kernels.map { $0.physicalColumns + m + ($0.discounted ? 2 : 1) }
        let chunks = pointSets.map { ($0.count + Kernel.chunk - 1) / Kernel.chunk }
        let jobs = pointSets.indices.flatMap { set in (0..<chunks[set]).map { (set: set, chunk: $0) } }
        var outsideStart = [0]
        for set in pointSets.indices { outsideStart.append(outsideStart[set] + chunks[set] * m) }
        var outside = [Int](repeating: 0, count: outsideStart.last!)
        var outsideVolume = [Double](repeating: 0, count: outsideStart.last!)
        let weights = weightSets ?? []
        let counts = pointSets.indices.flatMap { set in [Int](repeating: pointSets[set].count, count: widths[set]) }
        let all = withPointers(pointSets) { points in withPointers(weights) { weights in
            outside.withUnsafeMutableBufferPointer { outside in outsideVolume.withUnsafeMutableBufferPointer { outsideVolume in
                filledColumns(counts: counts) { columns in
                    var sets: [[UnsafeMutableBufferPointer<Float>]] = [], first = 0
                    for w in widths { sets.append(Array(columns[first..<first + w])); first += w }
                    nonisolated(unsafe) let (points, weights, columnsOfSet, outside, outsideVolume) = (points, weights, sets, outside, outsideVolume)
                    let outsideStart = outsideStart
                    let run: @Sendable (Int) -> Void = { n in
                        let (set, chunk) = jobs[n], range = outsideStart[set]..<outsideStart[set + 1]
                        kernels[set].run(chunk: chunk, points: points[set], weights: weights.isEmpty ? nil : weights[set], columns: columnsOfSet[set],
                                         outside: UnsafeMutableBufferPointer(rebasing: outside[range]),
                                         outsideVolume: UnsafeMutableBufferPointer(rebasing: outsideVolume[range]))
                    }
                    if parallel && jobs.count > 1 { DispatchQueue.concurrentPerform(iterations: jobs.count, execute: run) }
                    else { for n in jobs.indices { run(n) } }
                }
            } }
        } }
        var first = 0
        return pointSets.indices.map { set in
            let columns = all[first..<first + widths[set]].map { $0 }
            first += widths[set]
            let p = kernels[set].physicalColumns, discounted = kernels[set].discounted
            return PointDoses(physical: Array(columns[0..<p]), eqd2: Array(columns[p..<(p + m)]), composite: columns[p + m],
                              compositeDiscounted: discounted ? columns[p + m + 1] : columns[p + m],
                              outsideCount: (0..<m).map { course in
                                  stride(from: outsideStart[set] + course, to: outsideStart[set + 1], by: m).reduce(0) { $0 + outside[$1] }
                              },
                              recovery: recoveries[set], courseLabels: courses.map(\.label),
                              outsideVolumeMM3: weightSets == nil ? nil : (0..<m).map { course in
                                  stride(from: outsideStart[set] + course, to: outsideStart[set + 1], by: m).reduce(0.0) { $0 + outsideVolume[$1] }
                              },
                              totalVolumeMM3: weightSets.map { $0[set].reduce(0.0) { $0 + Double($1) } })
        }
    }

    private init(physical: [[Float]], eqd2: [[Float]], composite: [Float], compositeDiscounted: [Float], outsideCount: [Int],
                 recovery: RecoveryFactors, courseLabels: [String], outsideVolumeMM3: [Double]?, totalVolumeMM3: Double?) {
        self.physical = physical; self.eqd2 = eqd2; self.composite = composite; self.compositeDiscounted = compositeDiscounted
        self.outsideCount = outsideCount; self.recovery = recovery; self.courseLabels = courseLabels
        self.outsideVolumeMM3 = outsideVolumeMM3; self.totalVolumeMM3 = totalVolumeMM3
    }

    /// Calls `body` with a buffer pointer to each array's elements (valid only inside `body`).
    private static func withPointers<T, R>(_ sets: [[T]], prefix: [UnsafeBufferPointer<T>] = [],
                                           _ body: ([UnsafeBufferPointer<T>]) -> R) -> R {
        guard prefix.count < sets.count else { return body(prefix) }
        return sets[prefix.count].withUnsafeBufferPointer { withPointers(sets, prefix: prefix + [$0], body) }
    }

    /// One warning per course whose dose grid misses some of the points (dose 0 assumed there), e.g.
    /// "dose grid of course 'c1' does not cover 0.52 of 15.7 cc (3.3 %) of ROI 'Cord'" when the
    /// volumes are known, else "… does not cover 120 of 5000 sample points (2.4 %) …".
    public func coverageDiagnostics(roi: String) -> [Diagnostic] {
        courseLabels.indices.compactMap { n -> Diagnostic? in
            guard outsideCount[n] > 0 else { return nil }
            let what: String
            if let volumes = outsideVolumeMM3, let total = totalVolumeMM3 {
                let percent = (100 * volumes[n] / max(total, .leastNonzeroMagnitude) * 10).rounded() / 10
                let cc = { (mm3: Double) in (mm3 / 10).rounded() / 100 }  // cc to 0.01
                what = "\(cc(volumes[n])) of \(cc(total)) cc (\(percent) %)"
            } else {
                let total = composite.count
                what = "\(outsideCount[n]) of \(total) sample points (\((100 * Double(outsideCount[n]) / Double(max(total, 1)) * 10).rounded() / 10) %)"
            }
            return Diagnostic(.warning, code: "dose.grid-does-not-cover-structure",
                              "dose grid of course '\(courseLabels[n])' does not cover \(what) of ROI '\(roi)'; dose 0 assumed there",
                              subject: roi)
        }
    }
}

extension PointDoses {
    /// The per-chunk work of `init`: for a run of points, every course's physical dose (Gy), its EQD2
    /// (Gy), and the composite sums, written to disjoint ranges of the output columns.
    struct Kernel: Sendable {
        /// Points per chunk (one unit of concurrent work).
        static let chunk = 8192
        let fields: [TrilinearField]
        let conversions: [LQConversion]
        /// Per course, the share of its EQD2 kept in the discounted composite (`RecoveryWeighting`).
        let courseWeights: [Double]
        /// Whether the discounted composite is computed (some course discounted).
        let discounted: Bool
        /// Whether the physical doses get columns of their own.
        let keepPhysical: Bool
        /// Columns before the EQD2 ones: one physical column per course when kept, else none.
        var physicalColumns: Int { keepPhysical ? fields.count : 0 }

        /// Evaluates chunk `c`: `columns` as laid out in `init`, `outside[c · courses + course]` the
        /// chunk's count of points outside each course's grid and, with `weights`, `outsideVolume[…]`
        /// their volume (mm³, summed in point order).
        func run(chunk c: Int, points: UnsafeBufferPointer<SIMD3<Float>>, weights: UnsafeBufferPointer<Float>?,
                 columns: [UnsafeMutableBufferPointer<Float>], outside: UnsafeMutableBufferPointer<Int>,
                 outsideVolume: UnsafeMutableBufferPointer<Double>) {
            let m = fields.count, p = physicalColumns
            let range = (c * Self.chunk)..<min(points.count, (c + 1) * Self.chunk)
            let pts = UnsafeBufferPointer(rebasing: points[range])
            func slice(_ column: Int) -> UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(rebasing: columns[column][range]) }
            for course in 0..<m {
                // without a physical column the dose is sampled into the EQD2 column and converted in place
                let eqd2 = slice(p + course), physical = keepPhysical ? slice(course) : eqd2, lq = conversions[course]
                outside[c * m + course] = fields[course].sample(pts, into: physical)
                if outside[c * m + course] > 0, let weights {
                    var volume = 0.0
                    for n in range where !fields[course].supports(SIMD3<Double>(points[n])) { volume += Double(weights[n]) }
                    outsideVolume[c * m + course] = volume
                }
                for n in 0..<pts.count { eqd2[n] = Float(lq.eqd2(Double(physical[n]))) }
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: pts.count) { total in
                sum(columns, p, m, range, weights: nil, into: slice(p + m), scratch: total)
                if discounted { sum(columns, p, m, range, weights: courseWeights, into: slice(p + m + 1), scratch: total) }
            }
        }

        /// `out[n]` = Float(0 + w₁·EQD2₁ + … + wₘ·EQD2ₘ) accumulated in Double in course order, the
        /// weights those of `RecoveryWeighting` (nil: the plain sum, every weight 1).
        private func sum(_ columns: [UnsafeMutableBufferPointer<Float>], _ p: Int, _ m: Int, _ range: Range<Int>, weights: [Double]?,
                         into out: UnsafeMutableBufferPointer<Float>, scratch total: UnsafeMutableBufferPointer<Double>) {
            for n in 0..<out.count { total[n] = 0 }
            for course in 0..<m {
                let eqd2 = UnsafeMutableBufferPointer(rebasing: columns[p + course][range])
                if let weights, weights[course] != 1 {
                    let w = weights[course]
                    for n in 0..<out.count { total[n] += w * Double(eqd2[n]) }
                } else {
                    for n in 0..<out.count { total[n] += Double(eqd2[n]) }
                }
            }
            for n in 0..<out.count { out[n] = Float(total[n]) }
        }
    }

    /// Float arrays of `counts[n]` elements each, filled in place by `fill` (which must write every
    /// element of every buffer): no zero fill and no copy into the arrays afterwards.
    static func filledColumns(counts: [Int], prefix: [UnsafeMutableBufferPointer<Float>] = [],
                              fill: ([UnsafeMutableBufferPointer<Float>]) -> Void) -> [[Float]] {
        guard prefix.count < counts.count else { fill(prefix); return [] }
        var rest: [[Float]] = []
        let column = [Float](unsafeUninitializedCapacity: counts[prefix.count]) { buffer, initialized in
            rest = filledColumns(counts: counts, prefix: prefix + [buffer], fill: fill)
            initialized = counts[prefix.count]
        }
        return [column] + rest
    }
}
