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

    public init(roiName: String? = nil, cumulative: [DoseMetric: MetricValue], secondCourse: [DoseMetric: MetricValue] = [:]) {
        self.roiName = roiName; self.cumulative = cumulative; self.secondCourse = secondCourse
    }
}

/// Judges every row of a constraint set on every organ it names.
public enum ConstraintEvaluator {
    /// - Parameters:
    ///   - set: the rows.
    ///   - doses: per organ, the metric values; an organ absent here has no ROI.
    ///   - intervalMonths: months between the courses; nil when unknown (interval rows are then
    ///     not evaluable).
    ///   - alphaBetaUsed: α/β (Gy) the caller used per organ; a row whose source assumes another α/β
    ///     gets a caveat saying so (the value is still judged).
    /// - Returns: one verdict per (row, organ), in row order then organ order (left before right).
    public static func evaluate(_ set: ConstraintSet, doses: [Organ: OrganDoses], intervalMonths: Double?,
                                alphaBetaUsed: [Organ: Double] = [:]) -> [Verdict] {
        var verdicts: [Verdict] = []
        for row in set.constraints {
            let rowVerdicts = row.organs.map { organ in
                var v = judge(row, organ, doses[organ], intervalMonths)
                if let assumed = row.alphaBeta, let used = alphaBetaUsed[organ], abs(assumed - used) > 1e-9 {
                    v.caveats.append("the source assumes α/β \(formatGy(assumed)) Gy; the composite used \(formatGy(used)) Gy")
                }
                return v
            }
            verdicts += row.unilateralException ? applyUnilateralException(rowVerdicts, row) : rowVerdicts
        }
        return verdicts
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
            return verdict(row.comparator.holds(v, limit) ? .within : .exceeds, value: v, margin: margin)
        }
    }

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
