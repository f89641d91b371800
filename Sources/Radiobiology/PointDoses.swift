import Grids
import RTCore

/// Doses of several courses at a list of points (the accurate path for metrics): each course's
/// physical dose is its trilinear interpolant at the point (0 outside its grid), converted to EQD2 with
/// the course's own fractionation and one α/β, then summed.
public struct PointDoses: Sendable {
    /// Per course (in course order), physical dose at each point, Gy.
    public var physical: [[Float]]
    /// Per course, EQD2 at each point, Gy (no recovery applied).
    public var eqd2: [[Float]]
    /// Σ over courses of EQD2, Gy EQD2 (undiscounted).
    public var composite: [Float]
    /// (1 − recovery) · Σ EQD2(all courses but the last) + EQD2(last course), Gy EQD2. Equal to
    /// `composite` when recovery is 0.
    public var compositeDiscounted: [Float]
    /// Per course, how many points lie outside that course's dose grid support (dose 0 assumed there).
    public var outsideCount: [Int]
    public var recovery: Double
    /// The courses' labels, in course order.
    public var courseLabels: [String]

    /// Evaluates `courses` at `points` (common frame, LPS, mm) for one α/β.
    ///
    /// Per point and course, EQD2 is computed in Double from the Float physical dose and rounded once
    /// to Float; sums run in Double in course order. Chunks of points run concurrently when `parallel`,
    /// with results bit-identical to the serial path.
    /// - Throws: `DoseSumError(.invalidValue)` for a recovery factor outside [0, 1].
    /// - Complexity: O(points × courses).
    public init(courses: [Course], points: [SIMD3<Double>], alphaBeta: AlphaBeta, recovery: Double = 0,
                parallel: Bool = true) throws {
        guard recovery >= 0, recovery <= 1 else {
            throw DoseSumError(.invalidValue, "recovery factor must be between 0 and 1, got \(recovery)")
        }
        var physical: [[Float]] = [], outside: [Int] = []
        for course in courses {
            let s = course.field.sample(at: points, parallel: parallel)
            physical.append(s.values); outside.append(s.outside)
        }
        let conversions = courses.map { $0.conversion(alphaBeta) }
        eqd2 = zip(physical, conversions).map { dose, lq in
            [Float](count: dose.count, repeating: 0, chunkSize: 65_536, parallel: parallel) { range, out in
                for (n, p) in range.enumerated() { out[n] = Float(lq.eqd2(Double(dose[p]))) }
            }
        }
        let perCourse = eqd2, keep = 1 - recovery
        func sum(discounted: Bool) -> [Float] {
            [Float](count: points.count, repeating: 0, chunkSize: 65_536, parallel: parallel) { range, out in
                for (n, p) in range.enumerated() {
                    var total = 0.0
                    for (c, values) in perCourse.enumerated() {
                        let v = Double(values[p])
                        total += discounted && c < perCourse.count - 1 ? keep * v : v
                    }
                    out[n] = Float(total)
                }
            }
        }
        composite = sum(discounted: false)
        compositeDiscounted = recovery == 0 ? composite : sum(discounted: true)
        self.physical = physical; self.outsideCount = outside; self.recovery = recovery
        courseLabels = courses.map(\.label)
    }

    /// One warning per course whose dose grid misses some of the points (dose 0 assumed there), e.g.
    /// "dose grid of course 'c1' does not cover 120 of 5000 sample points (2.4 %) of ROI 'Cord'".
    public func coverageDiagnostics(roi: String) -> [Diagnostic] {
        let total = composite.count
        return zip(courseLabels, outsideCount).compactMap { label, outside in
            guard outside > 0 else { return nil }
            let percent = (100 * Double(outside) / Double(max(total, 1)) * 10).rounded() / 10
            return Diagnostic(.warning, code: "dose.grid-does-not-cover-structure",
                              "dose grid of course '\(label)' does not cover \(outside) of \(total) sample points (\(percent) %) of ROI '\(roi)'; dose 0 assumed there",
                              subject: roi)
        }
    }
}
