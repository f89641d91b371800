import DoseMetrics
import RTCore
import Testing
@testable import Constraints

/// Which rows bound a budget-map voxel: judged upper limits in Gy on Dmax or D(≤ 0.1 cc).
@Suite struct BudgetMapRowsTests {
    @Test func npc2021CountsItsNearMaximumRowsPerLevel() throws {
        let set = try ConstraintLibrary.set("npc-2021")
        let all = try BudgetMapRows(set: set, level: nil, intervalMonths: nil)
        let stem = try #require(Organ(.brainStem))
        #expect(all.limits[stem]?.map(\.limitGy).sorted() == [70.2, 81])
        #expect(all.limits[stem]?.allSatisfy { $0.kind == .cumulativeEQD2 && $0.statedAlphaBeta == nil } == true)
        // targets (percent of the prescription, Dmin, D5%) never count; the carotid's acceptable row is informational
        #expect(all.limits.keys.allSatisfy { !["GTV", "PTV"].contains($0.kind.tg263Stem) })
        let carotid = try #require(Organ(.carotid, .left))
        #expect(all.limits[carotid]?.map(\.limitGy) == [125])
        let desirable = try BudgetMapRows(set: set, level: .desirable, intervalMonths: nil)
        #expect(desirable.limits[stem]?.map(\.limitGy) == [70.2])
        let acceptable = try BudgetMapRows(set: set, level: .acceptable, intervalMonths: nil)
        #expect(acceptable.limits[stem]?.map(\.limitGy) == [81] && acceptable.limits[carotid] == nil)
        // a level the set lacks: a usage error that names the option and the levels it has
        #expect {
            try BudgetMapRows(set: set, level: .protocol, intervalMonths: nil, option: "--level")
        } throws: { error in
            "\(error)".contains("--level protocol") && "\(error)".contains("acceptable, desirable")
        }
    }

    @Test func onlyPointLimitsCount() {
        func row(_ metric: DoseMetric, _ comparator: Constraint.Comparator = .lessOrEqual, scope: Constraint.Scope = .cumulative) -> Constraint {
            Constraint(organKind: .brainStem, metric: metric, scope: scope, level: .desirable, comparator: comparator, limit: 50)
        }
        #expect(BudgetMapRows.kind(of: row(.dmax)) == .cumulativeEQD2)
        #expect(BudgetMapRows.kind(of: row(.doseAtAbsoluteVolume(cc: 0.1))) == .cumulativeEQD2)
        #expect(BudgetMapRows.kind(of: row(.doseAtAbsoluteVolume(cc: 0.03), scope: .secondCourseOnly)) == .course2EQD2)
        #expect(BudgetMapRows.kind(of: row(.doseAtAbsoluteVolume(cc: 1))) == nil)
        #expect(BudgetMapRows.kind(of: row(.dmean)) == nil)
        #expect(BudgetMapRows.kind(of: row(.dmax, .greaterOrEqual)) == nil)
    }
}
