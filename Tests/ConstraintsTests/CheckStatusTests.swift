import Testing
import DoseMetrics
import RTCore
@testable import Constraints

/// The overall status of a check, declared-absent organs and conditional verdicts, on hand-made values.
@Suite struct CheckStatusTests {
    static let d003 = DoseMetric.doseAtAbsoluteVolume(cc: 0.03)
    let cord = Organ(.spinalCord)!, stem = Organ(.brainStem)!

    func row(_ organ: OrganKind, limit: Double?, metric: DoseMetric = d003, comparator: Constraint.Comparator = .lessOrEqual,
             scope: Constraint.Scope = .cumulative) -> Constraint {
        Constraint(organKind: organ, metric: metric, scope: scope, level: .desirable, comparator: comparator, limit: limit)
    }
    func set(_ rows: [Constraint]) -> ConstraintSet { ConstraintSet(id: "t", title: "t", citation: "t", constraints: rows) }
    func doses(_ values: [DoseMetric: Double], gap: UncoveredDose? = nil) -> OrganDoses {
        OrganDoses(roiName: "roi", cumulative: values.mapValues { .value($0) }, uncoveredCumulative: gap)
    }

    @Test func exceedsWinsOverIncomplete() {
        let v = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 45), row(.brainStem, limit: 54)]),
                                             doses: [cord: doses([Self.d003: 50])], intervalMonths: nil)
        #expect(v.map(\.status.name) == ["exceeds", "not-evaluable"])
        #expect(CheckStatus(verdicts: v) == .exceeds)
    }

    @Test func anUnevaluableRowMakesTheCheckIncomplete() {
        let v = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 45), row(.brainStem, limit: 54)]),
                                             doses: [cord: doses([Self.d003: 40])], intervalMonths: nil)
        let assessed = CheckStatus.assess(v)
        #expect(assessed.status == .incomplete)
        #expect(assessed.reasons == ["BrainStem D0.03cc (desirable): no ROI mapped to BrainStem"])
    }

    @Test func declaredAbsentOrgansDoNotMakeItIncomplete() {
        let v = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 45), row(.brainStem, limit: 54)]),
                                             doses: [cord: doses([Self.d003: 40])], intervalMonths: nil,
                                             absent: [stem: "declared"])
        #expect(v.map(\.status.name) == ["within", "absent"])
        #expect(CheckStatus(verdicts: v) == .within)
        // Informational rows stay informational.
        let info = ConstraintEvaluator.evaluate(set([row(.brainStem, limit: nil)]), doses: [:], intervalMonths: nil, absent: [stem: "declared"])
        #expect(info.map(\.status.name) == ["informational"])
    }

    @Test func nothingJudgedIsIncomplete() {
        let v = ConstraintEvaluator.evaluate(set([row(.brainStem, limit: 54)]), doses: [:], intervalMonths: nil, absent: [stem: "declared"])
        #expect(CheckStatus.assess(v).status == .incomplete)
        #expect(CheckStatus.assess([]).status == .incomplete)
    }

    @Test func upperBoundPerMetricKind() {
        // 20 % of a 10 cc ROI uncovered, the dose there at most 30 Gy.
        let gap = UncoveredDose(description: "g", fraction: 0.2, volumeCC: 2, boundGy: 30)
        #expect(gap.upperBound(of: .dmax, value: 25) == 30)
        #expect(gap.upperBound(of: Self.d003, value: 35) == 35)
        #expect(gap.upperBound(of: .doseAtRelativeVolume(percent: 5), value: 10) == 30)
        #expect(gap.upperBound(of: .dmean, value: 10) == 16)   // 10 + 0.2 · 30
        #expect(gap.upperBound(of: .volumeAtDose(gy: 20, relative: false), value: 1) == 3)
        #expect(gap.upperBound(of: .volumeAtDose(gy: 20, relative: true), value: 10) == 30)
        #expect(gap.upperBound(of: .volumeAtDose(gy: 31, relative: false), value: 1) == 1)
        #expect(gap.upperBound(of: .volume, value: 10) == 10)
    }

    @Test func aGapThatCouldReachTheLimitIsConditional() {
        let near = UncoveredDose(description: "course 1 grid misses 44.5 % of SPINAL CORD2", fraction: 0.445, volumeCC: 1.8, boundGy: 46)
        let v = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 45)]), doses: [cord: doses([Self.d003: 40], gap: near)],
                                             intervalMonths: nil)
        #expect(v[0].status == .conditional(reason: "course 1 grid misses 44.5 % of SPINAL CORD2; dose 0 assumed there, where it could reach 46 Gy"))
        #expect(v[0].status.display.hasPrefix("WITHIN (conditional: course 1 grid misses 44.5 % of SPINAL CORD2"))
        #expect(CheckStatus(verdicts: v) == .incomplete)
        // Far below the limit: within, with the uncovered volume stated.
        let far = UncoveredDose(description: "course 1 grid misses 44.5 % of SPINAL CORD2", fraction: 0.445, volumeCC: 1.8, boundGy: 20)
        let w = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 45)]), doses: [cord: doses([Self.d003: 40], gap: far)],
                                             intervalMonths: nil)
        #expect(w[0].status == .within)
        #expect(w[0].caveats.contains { $0.contains("1.8 cc") && $0.contains("cannot change this verdict") })
        // Exceeded stays exceeded; a lower limit met stays met (dose 0 only lowers values).
        let x = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 35)]), doses: [cord: doses([Self.d003: 40], gap: near)],
                                             intervalMonths: nil)
        #expect(x[0].status == .exceeds)
        let lower = ConstraintEvaluator.evaluate(set([row(.spinalCord, limit: 30, comparator: .greaterOrEqual)]),
                                                 doses: [cord: doses([Self.d003: 40], gap: near)], intervalMonths: nil)
        #expect(lower[0].status == .within)
    }
}

/// Two ROIs matching one organ: both are judged and the worse verdict stands for the organ.
@Suite struct SeveralROIsPerOrganTests {
    @Test func theWorseROIIsJudgedAndTheOtherNamed() {
        let cord = Organ(.spinalCord)!
        let row = Constraint(organKind: .spinalCord, metric: .doseAtAbsoluteVolume(cc: 0.03), level: .desirable, limit: 45)
        func doses(_ roi: String, _ v: Double) -> OrganDoses {
            OrganDoses(roiName: roi, cumulative: [.doseAtAbsoluteVolume(cc: 0.03): .value(v)])
        }
        var primary = doses("SpinalCord", 40)
        primary.otherROIs = [doses("Spinal Cord 2", 47)]
        let set = ConstraintSet(id: "t", title: "t", citation: "t", constraints: [row])
        let v = ConstraintEvaluator.evaluate(set, doses: [cord: primary], intervalMonths: nil)
        #expect(v.count == 1 && v[0].status == .exceeds && v[0].roiName == "Spinal Cord 2" && v[0].value == 47)
        #expect(v[0].caveats.contains { $0.contains("'SpinalCord' (40 Gy)") })
        // Both within: the tighter one is judged.
        primary.otherROIs = [doses("Spinal Cord 2", 30)]
        let w = ConstraintEvaluator.evaluate(set, doses: [cord: primary], intervalMonths: nil)
        #expect(w[0].status == .within && w[0].roiName == "SpinalCord")
    }

    @Test func mappingKeepsTheOtherROIsMatched() throws {
        let m = try StructureMapping(roiNames: ["Cord", "SpinalCord", "External"])
        #expect(m.organ(forROI: "Cord") == Organ(.spinalCord) && m.alsoMatching == ["SpinalCord": Organ(.spinalCord)!])
        #expect(m.anyOrgan(forROI: "SpinalCord") == Organ(.spinalCord) && m.unmatchedROIs == ["External"])
    }
}

/// Limits are held in Double as written: 83.2 stays 83.2 (never a 32-bit 83.19999694824219).
@Suite struct LimitPrecisionTests {
    @Test func limitsKeepTheirDecimalValue() throws {
        let set = try ConstraintSetDecoder.decode("""
            id: p
            title: p
            citation: p
            version: "2026-04"
            constraints:
              - {organ: BrainStem, metric: D0.03cc, level: desirable, comparator: "<=", limit_gy: 83.2}
            """, file: "p.yaml")
        #expect(set.constraints[0].limit == 83.2 && set.version == "2026-04")
        #expect("\(set.constraints[0].limit!)" == "83.2")
    }
}
