import DoseMetrics
import RTCore

/// The metric values the evaluator needs for one organ, computed by the caller.
/// Values are Gy EQD2 (volumes in cc for V-metrics), keyed by metric.
public struct OrganDoses: Hashable, Sendable {
    public var roiName: String?
    /// Metrics of the composite (course 1 + course 2) EQD2.
    public var cumulative: [DoseMetric: MetricValue]
    /// Metrics of course 2 alone, in EQD2.
    public var secondCourse: [DoseMetric: MetricValue]
    /// With recovery, the plain (undiscounted) composite beside the discounted `cumulative`.
    public var cumulativeUndiscounted: [DoseMetric: MetricValue]?
    /// Where a course's grid misses part of the ROI: for the composite (any course missing) and for
    /// course 2 alone; nil when covered.
    public var uncoveredCumulative: UncoveredDose?
    public var uncoveredSecondCourse: UncoveredDose?
    /// α/β (Gy) these values were computed with, and where it came from (e.g. the organ convention).
    public var alphaBetaGy: Double?
    public var alphaBetaSource: AlphaBetaSource?
    /// The same ROI's values recomputed at other α/β (Gy), for rows that state their own α/β; the
    /// key `physicalKey` (α/β → ∞) holds physical doses (only its `secondCourse` values are judged).
    public var alternatives: [Double: OrganDoses] = [:]
    /// Other ROIs that match the same organ (e.g. `GTV_2`): each is judged too and the worst verdict of
    /// a row is the organ's, naming the others.
    public var otherROIs: [OrganDoses] = []
    /// The key of physical-dose values in `alternatives`: EQD2 equals the physical dose as α/β → ∞.
    public static let physicalKey = Double.infinity

    public init(roiName: String? = nil, cumulative: [DoseMetric: MetricValue], secondCourse: [DoseMetric: MetricValue] = [:],
                uncoveredCumulative: UncoveredDose? = nil, uncoveredSecondCourse: UncoveredDose? = nil) {
        self.roiName = roiName; self.cumulative = cumulative; self.secondCourse = secondCourse
        self.uncoveredCumulative = uncoveredCumulative; self.uncoveredSecondCourse = uncoveredSecondCourse
    }
}

/// Judges every row of a constraint set on every organ it names.
public enum ConstraintEvaluator {
    /// - Parameters:
    ///   - set: the rows.
    ///   - doses: per organ, the metric values; an organ absent here has no ROI.
    ///   - intervalMonths: months between the courses; nil when unknown (interval rows are then
    ///     not evaluable).
    ///   - absent: organs declared not contoured for this patient, with who declared it; their rows are
    ///     `absent` instead of not evaluable (an ROI that does map to such an organ is still judged).
    /// - Returns: one verdict per (row, organ), in row order then organ order (left before right).
    public static func evaluate(_ set: ConstraintSet, doses: [Organ: OrganDoses], intervalMonths: Double?,
                                absent: [Organ: String] = [:]) -> [Verdict] {
        var verdicts: [Verdict] = []
        for row in set.constraints {
            let rowVerdicts = row.organs.map { organ -> Verdict in
                guard let own = doses[organ], !own.otherROIs.isEmpty else {
                    return judgeROI(row, organ, doses[organ], intervalMonths, absent: absent)
                }
                // Several ROIs match the organ: the worst verdict is judged; the others are named.
                var primary = own
                primary.otherROIs = []
                let all = ([primary] + own.otherROIs).map { judgeROI(row, organ, $0, intervalMonths, absent: absent) }
                var worst = all.min(by: { severity($0) < severity($1) })!
                let others = all.filter { $0.roiName != worst.roiName }.map { v in "'\(v.roiName ?? "?")' (\(v.value.map { formatGy(roundedGy($0)) + " Gy" } ?? v.status.name))" }
                worst.caveats.append("also matching \(organ.tg263Name): \(others.joined(separator: ", ")); the worst ROI is judged")
                return worst
            }
            verdicts += row.unilateralException ? applyUnilateralException(rowVerdicts, row) : rowVerdicts
        }
        return markIntervalGaps(verdicts, intervalMonths: intervalMonths)
    }

    /// Orders verdicts worst first: exceeded (most exceeded first), then not evaluable or conditional,
    /// then within (smallest margin first).
    static func severity(_ v: Verdict) -> (Int, Double) {
        switch v.status {
        case .exceeds: return (0, v.margin ?? 0)
        case .notEvaluable, .conditional: return (1, v.margin ?? 0)
        case .within: return (2, v.margin ?? .infinity)
        default: return (3, 0)
        }
    }

    /// One row judged on one ROI's values (at the row's α/β or physical dose when it asks for them).
    static func judgeROI(_ row: Constraint, _ organ: Organ, _ own: OrganDoses?, _ intervalMonths: Double?,
                         absent: [Organ: String]) -> Verdict {
        // A row that states its α/β is judged on the values at that α/β when the caller
        // computed them; a physical-dose row on the physical values.
        let atRow = row.alphaBeta.flatMap { ab in own?.alternatives.first { abs($0.key - ab) < 1e-9 }?.value }
        let used = row.doseKind == .physical ? own?.alternatives[OrganDoses.physicalKey] : atRow ?? own
        var v = judge(row, organ, used, intervalMonths)
        if row.doseKind == .physical {
            if own != nil, used == nil, !row.informational {
                v = Verdict(constraint: row, organ: organ, roiName: own?.roiName,
                            status: .notEvaluable(reason: "course 2's physical dose was not computed"),
                            value: nil, margin: nil, priority: row.priority)
            }
            v.alphaBetaSource = .physicalDose
        } else {
            v.alphaBetaGy = used?.alphaBetaGy
            v.alphaBetaSource = used?.alphaBetaSource
            // A row whose source assumes another α/β than the value judged gets a caveat (still judged).
            if let assumed = row.alphaBeta, let usedAB = used?.alphaBetaGy, abs(assumed - usedAB) > 1e-9 {
                v.caveats.append("the source assumes α/β \(formatGy(assumed)) Gy; the composite used \(formatGy(usedAB)) Gy")
            }
        }
        if row.scope == .cumulative, let plain = used?.cumulativeUndiscounted?[row.metric]?.number { v.undiscountedValue = plain }
        if own == nil, let declared = absent[organ], !row.informational {
            if case .notEvaluable = v.status { v.status = .absent(reason: declared) }
        }
        return v
    }

    /// An organ whose limits of some level (two or more rows, splitting the intervals between them) are
    /// all interval-conditioned, none admitting the interval
    /// (Heidelberg's "< 2 y" and "> 2 y" at exactly 24 months), has no limit that applies: its
    /// not-applicable rows of that level become not evaluable, quoting the rows' conditions, so the
    /// check cannot pass silently.
    static func markIntervalGaps(_ verdicts: [Verdict], intervalMonths: Double?) -> [Verdict] {
        guard let months = intervalMonths else { return verdicts }
        var out = verdicts
        let groups = Dictionary(grouping: verdicts.indices.filter { !verdicts[$0].constraint.informational },
                                by: { "\(verdicts[$0].organ.tg263Name)|\(verdicts[$0].constraint.level.rawValue)|\(verdicts[$0].constraint.metric.notation)|\(verdicts[$0].constraint.judgedDose)" })
        for indices in groups.values {
            let rows = indices.map { verdicts[$0].constraint }
            guard rows.count >= 2, rows.allSatisfy({ $0.interval != nil }),
                  !rows.contains(where: { $0.interval!.admits(months: months) }) else { continue }
            let conditions = rows.map { "\($0.interval!) (\(formatGy($0.limit ?? .nan)) Gy)" }.joined(separator: ", ")
            for n in indices {
                out[n].status = .notEvaluable(reason: "an interval of \(formatGy(months)) months matches none of this organ's rows: \(conditions)")
            }
        }
        return out
    }

    static func judge(_ row: Constraint, _ organ: Organ, _ doses: OrganDoses?, _ interval: Double?) -> Verdict {
        func verdict(_ status: Verdict.Status, value: Double? = nil, margin: Double? = nil) -> Verdict {
            Verdict(constraint: row, organ: organ, roiName: doses?.roiName, status: status, value: value,
                    margin: margin, priority: row.priority)
        }
        if let condition = row.interval {
            guard let interval else {
                return verdict(.notEvaluable(reason: "interval since course 1 unknown; the row applies when the interval is \(condition)"))
            }
            guard condition.admits(months: interval) else {
                return verdict(.notApplicable(reason: "applies when the interval is \(condition); interval is \(formatGy(interval)) months"))
            }
        }
        let scopeName = row.scope == .cumulative ? "composite" : "course 2"
        let metricValue = doses.flatMap { (row.scope == .cumulative ? $0.cumulative : $0.secondCourse)[row.metric] }
        let value = metricValue?.number
        guard let limit = row.limit, !row.informational else { return verdict(.informational, value: value) }
        guard let doses else {
            return verdict(.notEvaluable(reason: "no ROI mapped to \(organ.tg263Name)"))
        }
        switch metricValue {
        case nil:
            return verdict(.notEvaluable(reason: "\(row.metric.notation) of the \(scopeName) was not computed for \(doses.roiName ?? organ.tg263Name)"))
        case .notEvaluable(let reason):
            return verdict(.notEvaluable(reason: reason))
        case .value(let v):
            let margin = (row.comparator == .lessOrEqual || row.comparator == .less) ? limit - v : v - limit
            guard row.comparator.holds(v, limit) else { return verdict(.exceeds, value: v, margin: margin) }
            var within = verdict(.within, value: v, margin: margin)
            // Dose assumed 0 where a grid misses the ROI only lowers values: an exceeded upper limit
            // stays exceeded, a lower limit met stays met. An upper limit met is conditional when the
            // dose there could reach it.
            let upper = row.comparator == .lessOrEqual || row.comparator == .less
            if upper, let gap = row.scope == .cumulative ? doses.uncoveredCumulative : doses.uncoveredSecondCourse {
                let bound = gap.upperBound(of: row.metric, value: v)
                if !row.comparator.holds(bound, limit) {
                    within.status = .conditional(reason: "\(gap.description); dose 0 assumed there, where it could reach \(formatGy(roundedGy(bound))) Gy")
                } else {
                    within.caveats.append("\(gap.description) (\(formatGy(roundedGy(gap.volumeCC))) cc, dose 0 assumed there); the dose there is at most \(formatGy(roundedGy(gap.boundGy))) Gy and cannot change this verdict")
                }
            }
            return within
        }
    }

    /// Rounded to 0.01 for messages.
    /// NPC-2021: 96 % of the panel would not re-irradiate within 6 months of the first course (63 %
    /// within 12). A warning for an interval of 6 months or less; nil otherwise.
    public static func intervalWarning(months: Double?) -> Diagnostic? {
        guard let months, months <= 6 else { return nil }
        return Diagnostic(.warning, code: "interval.short",
            "the interval since course 1 is \(formatGy(months)) months: NPC-2021 does not recommend re-irradiation within 6 months (96 % of its panel; 63 % within 12 months)")
    }

    static func roundedGy(_ v: Double) -> Double { (v * 100).rounded() / 100 }

    /// When exactly one side of a pair exceeds and the other side is within, the exceeding side gets
    /// the exception note and the row's unilateral priority (NPC-2021 optic nerve).
    static func applyUnilateralException(_ verdicts: [Verdict], _ row: Constraint) -> [Verdict] {
        let exceeding = verdicts.filter { $0.status == .exceeds }
        let within = verdicts.filter { $0.status == .within }
        guard exceeding.count == 1, within.count == 1 else { return verdicts }
        return verdicts.map { v in
            guard v.status == .exceeds else { return v }
            var v = v
            v.exception = "unilateral: only \(v.organ.displayName) exceeds; no limit if the patient accepts the risk"
            v.priority = row.unilateralPriority ?? v.priority
            return v
        }
    }
}
