import Testing
import DoseMetrics
import RTCore
@testable import Constraints

/// Verdict logic on hand-made metric values.
@Suite struct EvaluatorTests {
    static let d003 = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)
    let brainStem = Organ(.brainStem)!, nerveL = Organ(.opticNerve, .left)!, nerveR = Organ(.opticNerve, .right)!

    func doses(_ cum: Double?, _ c2: Double? = nil, roi: String = "roi") -> OrganDoses {
        OrganDoses(roiName: roi, cumulative: cum.map { [Self.d003: .value($0)] } ?? [:],
                   secondCourse: c2.map { [Self.d003: .value($0)] } ?? [:])
    }

    func set(_ rows: [Constraint]) -> ConstraintSet { ConstraintSet(id: "t", title: "t", citation: "t", constraints: rows) }

    @Test func withinAndExceedsWithMargin() throws {
        let npc = try ConstraintLibrary.set("npc-2021")
        let v = ConstraintEvaluator.evaluate(npc, doses: [brainStem: doses(75)], intervalMonths: nil)
        let desirable = try #require(v.first { $0.organ == brainStem && $0.constraint.level == .desirable })
        let acceptable = try #require(v.first { $0.organ == brainStem && $0.constraint.level == .acceptable })
        #expect(desirable.status == .exceeds)
        #expect(abs(desirable.margin! - (70.2 - 75)) < 1e-12)
        #expect(acceptable.status == .within)
        #expect(acceptable.margin == 6.0)  // 81 − 75
        #expect(acceptable.value == 75 && acceptable.roiName == "roi")
    }

    @Test func comparatorBoundary() {
        let le = Constraint(organKind: .brainStem, metric: Self.d003, level: .desirable, comparator: .lessOrEqual, limit: 81)
        let lt = Constraint(organKind: .brainStem, metric: Self.d003, level: .acceptable, comparator: .less, limit: 81)
        let ge = Constraint(organKind: .gtv, metric: .dmin, level: .desirable, comparator: .greaterOrEqual, limit: 60)
        let v = ConstraintEvaluator.evaluate(set([le, lt, ge]), doses: [
            brainStem: doses(81), Organ(.gtv)!: OrganDoses(cumulative: [.dmin: .value(58)])], intervalMonths: nil)
        #expect(v.map(\.status) == [.within, .exceeds, .exceeds])
        #expect(v[2].margin == -2)  // 58 − 60: short by 2 Gy
    }

    @Test func missingROIAndNotEvaluableMetric() {
        let row = Constraint(organKind: .opticNerve, metric: Self.d003, level: .desirable, limit: 70.2)
        let v = ConstraintEvaluator.evaluate(set([row]), doses: [
            nerveL: OrganDoses(roiName: "OpticNrv_L", cumulative: [Self.d003: .notEvaluable(reason: "structure smaller than 0.03 cc")])],
            intervalMonths: 30)
        #expect(v.count == 2)
        #expect(v[0].organ == nerveL && v[0].status == .notEvaluable(reason: "structure smaller than 0.03 cc"))
        #expect(v[1].organ == nerveR)
        #expect(v[1].status.reason?.contains("no ROI") == true)
        // A metric the caller did not compute.
        let w = ConstraintEvaluator.evaluate(set([row]), doses: [nerveL: OrganDoses(cumulative: [.dmax: .value(3)])], intervalMonths: nil)
        #expect(w[0].status.name == "not-evaluable" && w[0].status.reason?.contains("D0.03cc") == true)
    }

    @Test func intervalConditions() throws {
        let care = try ConstraintLibrary.set("ars-2022-care-carbon")
        let input = [brainStem: doses(70)]
        func brainStemVerdicts(_ months: Double?) -> [Verdict] {
            ConstraintEvaluator.evaluate(care, doses: input, intervalMonths: months).filter { $0.organ == brainStem }
        }
        // 12 months: the < 24 months row (60 Gy) applies and is exceeded; the ≥ 24 months row does not apply.
        let early = brainStemVerdicts(12)
        #expect(early.map(\.status.name) == ["exceeds", "not-applicable"])
        // 24 months exactly: ≥ 24 months (78 Gy) applies: within by 8 Gy.
        let late = brainStemVerdicts(24)
        #expect(late.map(\.status.name) == ["not-applicable", "within"])
        #expect(late[1].margin == 8)
        // Unknown interval: both rows not evaluable, saying why.
        let unknown = brainStemVerdicts(nil)
        #expect(unknown.map(\.status.name) == ["not-evaluable", "not-evaluable"])
        #expect(unknown[0].status.reason?.contains("interval") == true)
        // Heidelberg prints "< 2 y" and "> 2 y": at exactly 24 months neither row applies, so the brain
        // stem has no limit: not evaluable (the check is incomplete), quoting both conditions.
        let heidelberg = try ConstraintLibrary.set("ars-2022-heidelberg")
        let at24 = ConstraintEvaluator.evaluate(heidelberg, doses: input, intervalMonths: 24).filter { $0.organ == brainStem }
        #expect(at24.map(\.status.name) == ["not-evaluable", "not-evaluable"])
        #expect(at24[0].status.reason == "an interval of 24 months matches none of this organ's rows: < 24 months (60 Gy), > 24 months (72 Gy)")
        let at30 = ConstraintEvaluator.evaluate(heidelberg, doses: input, intervalMonths: 30).filter { $0.organ == brainStem }
        #expect(at30.map(\.status.name) == ["not-applicable", "within"])
        // A 4-month interval warns (NPC-2021: 96 % of the panel would not re-irradiate within 6 months).
        #expect(ConstraintEvaluator.intervalWarning(months: 4)?.code == "interval.short")
        #expect(ConstraintEvaluator.intervalWarning(months: 6)?.code == "interval.short")
        #expect(ConstraintEvaluator.intervalWarning(months: 6.5) == nil && ConstraintEvaluator.intervalWarning(months: nil) == nil)
    }

    @Test func secondCourseScope() throws {
        let ecog = try ConstraintLibrary.set("ars-2022-ecog-ea3191")
        // Composite 70 Gy, course 2 alone 13 Gy physical (its EQD2 9 Gy): the rows judge the physical
        // dose, so protocol ≤ 12 is exceeded and acceptable variation ≤ 14 met.
        var d = doses(70, 9)
        d.alternatives[OrganDoses.physicalKey] = doses(70, 13)
        let v = ConstraintEvaluator.evaluate(ecog, doses: [brainStem: d], intervalMonths: nil)
            .filter { $0.organ == brainStem }
        #expect(v.map(\.status.name) == ["exceeds", "within"])
        #expect(v.map(\.value) == [13, 13])
        // Without the physical values the rows cannot be judged (never on EQD2 instead).
        let missing = ConstraintEvaluator.evaluate(ecog, doses: [brainStem: doses(70, 13)], intervalMonths: nil).filter { $0.organ == brainStem }
        #expect(missing.map(\.status.name) == ["not-evaluable", "not-evaluable"])
    }

    @Test func informationalRowsAreNotJudged() throws {
        let npc = try ConstraintLibrary.set("npc-2021")
        let carotid = Organ(.carotid, .left)!
        let v = ConstraintEvaluator.evaluate(npc, doses: [carotid: doses(140)], intervalMonths: nil).filter { $0.organ == carotid }
        #expect(v.map(\.status.name) == ["exceeds", "informational"])
        #expect(v[1].value == 140 && v[1].margin == nil)
    }

    @Test func unilateralOpticNerveException() throws {
        let npc = try ConstraintLibrary.set("npc-2021")
        func acceptable(_ l: Double, _ r: Double) -> [Verdict] {
            ConstraintEvaluator.evaluate(npc, doses: [nerveL: doses(l), nerveR: doses(r)], intervalMonths: nil)
                .filter { $0.constraint.organKind == .opticNerve && $0.constraint.level == .acceptable }
        }
        // Only the left nerve exceeds 81 Gy: exception noted, priority 2.
        let one = acceptable(90, 60)
        #expect(one.map(\.status.name) == ["exceeds", "within"])
        #expect(one[0].exception != nil && one[0].priority == 2)
        #expect(one[1].exception == nil && one[1].priority == 1)
        // Both exceed: the bilateral limit stands, no exception.
        let both = acceptable(90, 85)
        #expect(both.allSatisfy { $0.status == .exceeds && $0.exception == nil && $0.priority == 1 })
    }
}

@Suite struct AlphaBetaCaveatTests {
    @Test func rowAssumingOtherAlphaBetaGetsCaveat() throws {
        let care = try ConstraintLibrary.set("ars-2022-care-carbon")  // brain stem rows assume α/β 2 Gy
        let bs = Organ(.brainStem)!
        // the α/β the composite was computed at travels with the doses (OrganDoses.alphaBetaGy)
        func doses(alphaBeta: Double) -> [Organ: OrganDoses] {
            var d = OrganDoses(cumulative: [.doseAtAbsoluteVolume(cc: 0.03): .value(50)])
            d.alphaBetaGy = alphaBeta
            return [bs: d]
        }
        let with3 = ConstraintEvaluator.evaluate(care, doses: doses(alphaBeta: 3), intervalMonths: 30).filter { $0.organ == bs }
        #expect(!with3.isEmpty)
        #expect(with3.allSatisfy { $0.caveats.count == 1 && $0.caveats[0].contains("α/β 2 Gy") })
        let with2 = ConstraintEvaluator.evaluate(care, doses: doses(alphaBeta: 2), intervalMonths: 30).filter { $0.organ == bs }
        #expect(with2.allSatisfy { $0.caveats.isEmpty })
    }
}
