import DoseMetrics
import RTCore

/// Which constraint rows bound a **budget map** voxel (`dosesum budget --map-output`), and how.
///
/// A voxel-by-voxel map can honour only limits that hold at every point of an organ, i.e. limits on
/// its maximum. A row counts when it is judged (not informational), has a limit in Gy (not a
/// percentage of the prescription), is an upper limit (`<=` or `<`; `<` is treated as `<=`, the map's
/// values are the limit's boundary), and its metric is `Dmax` or a near-maximum `D(v cc)` with
/// v ≤ 0.1 cc (ARS-2022 Table 2: D0.03cc, D0.05cc and D0.1cc all stand for a single-voxel maximum).
/// Mean, volume and `D(x %)` rows are not point limits and do not count. Of those rows:
/// - `cumulative EQD2`: the remaining EQD2 at the voxel is limit − course-1 EQD2 there (row's α/β);
/// - `course-2 EQD2`: the remaining EQD2 is the limit itself;
/// - `course-2 physical`: the limit itself is the physical dose left.
///
/// Levels: one named level (`desirable`, `acceptable`, …) keeps that level's rows; `nil` keeps every
/// level, so the strictest row of each organ wins (the default, and the safe reading of a set whose
/// levels are not nested). Interval-conditioned rows are left out when the interval is known and the
/// condition excludes it; with the interval unknown they are kept, which can only lower the map.
public struct BudgetMapRows: Sendable {
    /// How a counted row turns into the course-2 physical dose left at a voxel.
    public enum Kind: String, Sendable, Hashable, Codable {
        case cumulativeEQD2 = "cumulative EQD2"
        case course2EQD2 = "course-2 EQD2"
        case course2Physical = "course-2 physical"
    }

    /// One counted row for one organ.
    public struct Limit: Sendable, Hashable {
        public var kind: Kind
        /// Gy EQD2 (cumulative or course-2 EQD2), or Gy physical (`course2Physical`).
        public var limitGy: Double
        /// The α/β (Gy) the row states; nil: the ROI's own α/β applies (never used for physical rows).
        public var statedAlphaBeta: Double?
        public var level: Constraint.Level
        public var metric: DoseMetric
    }

    /// The largest absolute volume (cc) whose `D(v cc)` counts as a maximum.
    public static let nearMaximumCC = 0.1

    /// The counted rows of `set`, per organ (organs with none are absent).
    public let limits: [Organ: [Limit]]
    /// The level kept, nil for every level.
    public let level: Constraint.Level?

    /// - Throws: `DoseSumError(.usage)` when `level` is given and no row of that level counts; the
    ///   message lists the levels that do (`option` names the option in it).
    public init(set: ConstraintSet, level: Constraint.Level?, intervalMonths: Double?, option: String = "the level") throws {
        var out: [Organ: [Limit]] = [:]
        var levels = Set<Constraint.Level>()
        for row in set.constraints {
            guard let kind = Self.kind(of: row), let limit = row.limit else { continue }
            if let condition = row.interval, let months = intervalMonths, !condition.admits(months: months) { continue }
            levels.insert(row.level)
            guard level == nil || row.level == level else { continue }
            let item = Limit(kind: kind, limitGy: limit, statedAlphaBeta: kind == .course2Physical ? nil : row.alphaBeta,
                             level: row.level, metric: row.metric)
            for organ in row.organs where !(out[organ]?.contains(item) ?? false) { out[organ, default: []].append(item) }
        }
        if let level, !levels.contains(level) {
            let have = levels.map(\.rawValue).sorted().joined(separator: ", ")
            throw DoseSumError(.usage, "\(option) \(level.rawValue): the constraint set \(set.id) has no \(level.rawValue) row that limits an organ's maximum in Gy"
                               + (have.isEmpty ? "" : "; it has \(have)"))
        }
        self.limits = out
        self.level = level
    }

    /// The row's kind when it counts for the map, else nil (see the type's rules).
    public static func kind(of row: Constraint) -> Kind? {
        guard !row.informational, row.limit != nil, row.limitPercentOfPrescription == nil,
              row.comparator == .lessOrEqual || row.comparator == .less else { return nil }
        switch row.metric {
        case .dmax: break
        case .doseAtAbsoluteVolume(let cc) where cc <= nearMaximumCC: break
        default: return nil
        }
        switch (row.scope, row.doseKind) {
        case (.cumulative, _): return .cumulativeEQD2
        case (.secondCourseOnly, .eqd2): return .course2EQD2
        case (.secondCourseOnly, .physical): return .course2Physical
        }
    }
}
