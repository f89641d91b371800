import Constraints
import DoseMetrics
import Masks
import Radiobiology
import Reports
import RTCore

/// Every verdict's registration band: the rows judged again on the composite of each registration
/// scenario (`ScenarioEvaluator`), so a band follows exactly the value its row judges (the composite
/// at the ROI's or the row's α/β, discounted for recovery, or course 2 alone, whose band is then of
/// zero width: course 1 does not enter it). Coverage (`conditional`) is weighed on the nominal
/// registration only.
enum RegistrationBands {
    struct Output {
        /// Parallel to the nominal verdicts.
        var verdicts: [VerdictUncertainty?]
        /// Per ROI (assignment order), the envelope of its verdict composite's DVH.
        var envelopes: [DVHEnvelope?]
    }

    static func compute(scenarios: [RegistrationScenario], courses: [Course], assignments: [ROIAssignment],
                        variants: [CheckPipeline.AlphaBetaVariant], samplings: [StructureSampling], metrics: [DoseMetric],
                        nominal: [Organ: OrganDoses], mapping: StructureMapping, judge: ([Organ: OrganDoses]) -> [Verdict],
                        nominalVerdicts: [Verdict], nominalCurves: [DVHCurve?]) throws -> Output {
        // physical-dose variants judge course 2 alone: nothing to re-evaluate
        let moving = variants.filter { $0.assignment.alphaBeta != .physicalDose }
        let all = assignments + moving.map(\.assignment)
        let allSamplings = samplings + moving.map { samplings[$0.roi] }
        let perScenario = try ScenarioEvaluator.evaluate(courses: courses, assignments: all, samplings: allSamplings, metrics: metrics,
                                                         scenarios: scenarios, curve: CheckReportBuilder.plotCurve,
                                                         curveFor: Set(assignments.indices))
        var scenarioVerdicts: [[Verdict]] = []
        for results in perScenario {
            var doses = nominal
            for (n, a) in assignments.enumerated() {
                guard let organ = mapping.organ(forROI: a.roi.name), var d = doses[organ] else { continue }
                apply(results[n], to: &d)
                for (k, v) in moving.enumerated() where v.roi == n {
                    let key = v.assignment.alphaBeta.gray
                    if var alt = d.alternatives[key] { apply(results[assignments.count + k], to: &alt); d.alternatives[key] = alt }
                }
                doses[organ] = d
            }
            scenarioVerdicts.append(judge(doses))
        }
        let bands = nominalVerdicts.indices.map { i -> VerdictUncertainty? in
            band(nominal: nominalVerdicts[i], scenarios: zip(scenarios, scenarioVerdicts).map { ($0.name, $1[i].value) })
                .map { VerdictUncertainty(registration: $0) }
        }
        let envelopes = assignments.indices.map { n -> DVHEnvelope? in
            let curves = ([nominalCurves[n]] + perScenario.map { $0[n].curve }).compactMap { $0 }
            return DVHEnvelope(curves: curves.map { DVHPlotCurve(dose: $0.doses, volume: $0.volumes, volumeUnit: .percent) })
        }
        return Output(verdicts: bands, envelopes: envelopes)
    }

    /// The scenario's composite in place of the nominal one (the verdict's, and the undiscounted one
    /// beside it with recovery).
    static func apply(_ r: ScenarioEvaluator.ROIScenario, to d: inout OrganDoses) {
        d.cumulative = r.compositeDiscounted ?? r.composite
        if r.compositeDiscounted != nil { d.cumulativeUndiscounted = r.composite }
    }

    /// min … max of the nominal value and the scenarios' values (Gy), the worst scenario the one
    /// farthest on the limit's wrong side (highest for `≤`/`<` rows, lowest for `≥`/`>`; nil when no
    /// scenario is worse than nominal). nil when the nominal verdict has no value.
    static func band(nominal: Verdict, scenarios: [(name: String, value: Double?)]) -> VerdictUncertainty.Band? {
        guard let v0 = nominal.value else { return nil }
        let upper = nominal.constraint.comparator == .lessOrEqual || nominal.constraint.comparator == .less
        var lo = v0, hi = v0, worst: (String?, Double) = (nil, v0)
        for (name, value) in scenarios {
            guard let v = value else { continue }
            lo = min(lo, v); hi = max(hi, v)
            if upper ? v > worst.1 : v < worst.1 { worst = (name, v) }
        }
        return VerdictUncertainty.Band(lo: lo, hi: hi, worstScenario: worst.0, worstValue: worst.1)
    }
}
