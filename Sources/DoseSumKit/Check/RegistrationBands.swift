import CompositeDose
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
/// registration only; rows of no limit (informational) get no band.
enum RegistrationBands {
    struct Output {
        /// Parallel to the nominal verdicts.
        var verdicts: [VerdictUncertainty?]
        /// Per ROI (assignment order): min … max of the nominal and every scenario's DVH, from the
        /// dose at and above which the scenarios' curves are exact (`ScenarioEvaluator.Output.exactFrom`).
        var envelopes: [DVHEnvelope?]
    }

    static func compute(scenarios: [RegistrationScenario], displacementMM: Double, courses: [Course], assignments: [ROIAssignment],
                        variants: [CheckPipeline.AlphaBetaVariant], samplings: [StructureSampling], set: ConstraintSet,
                        nominal: [Organ: OrganDoses], mapping: StructureMapping, judge: ([Organ: OrganDoses]) -> [Verdict],
                        nominalVerdicts: [Verdict], nominalCurves: [DVHCurve?],
                        secondCourseEQD2: [[Float]?]? = nil, variantSecondCourseEQD2: [[Float]?]? = nil,
                        nominalComposite: [[Float]?]? = nil, variantNominalComposite: [[Float]?]? = nil) throws -> Output {
        // physical-dose variants judge course 2 alone: nothing to re-evaluate
        let movingIndices = variants.indices.filter { variants[$0].assignment.alphaBeta != .physicalDose }
        let moving = movingIndices.map { variants[$0] }
        // course 2's EQD2 per point, from the nominal evaluation when given (ScenarioEvaluator)
        let second: [[Float]?]? = secondCourseEQD2.map { own in
            own + movingIndices.map { k in variantSecondCourseEQD2.flatMap { k < $0.count ? $0[k] : nil } }
        }
        // the nominal verdict composite per point (picks the points that set each scenario's level)
        let nominalValues: [[Float]?]? = nominalComposite.map { own in
            own + movingIndices.map { k in variantNominalComposite.flatMap { k < $0.count ? $0[k] : nil } }
        }
        let all = assignments + moving.map(\.assignment)
        let owner = assignments.indices.map { $0 } + moving.map(\.roi)
        let metrics = owner.map { n -> [DoseMetric] in
            guard let organ = mapping.organ(forROI: assignments[n].roi.name) else { return [] }
            return set.requiredMetrics(for: organ, scope: .cumulative).sorted { $0.notation < $1.notation }
        }
        let evaluated = try ScenarioEvaluator.evaluate(courses: courses, assignments: all, samplings: owner.map { samplings[$0] },
                                                       metrics: metrics, scenarios: scenarios, displacementMM: displacementMM,
                                                       curve: CheckReportBuilder.plotCurve, secondCourseEQD2: second,
                                                       nominalComposite: nominalValues)
        var scenarioVerdicts: [[Verdict]] = []
        for results in evaluated.metrics {
            var doses = nominal
            for (n, a) in assignments.enumerated() {
                guard let organ = mapping.organ(forROI: a.roi.name), var d = doses[organ], let own = results[n] else { continue }
                d.cumulative = own
                for (k, v) in moving.enumerated() where v.roi == n {
                    let key = v.assignment.alphaBeta.gray
                    if var alt = d.alternatives[key], let values = results[assignments.count + k] { alt.cumulative = values; d.alternatives[key] = alt }
                }
                doses[organ] = d
            }
            scenarioVerdicts.append(judge(doses))
        }
        let bands = nominalVerdicts.indices.map { i -> VerdictUncertainty? in
            guard !nominalVerdicts[i].constraint.informational else { return nil }
            return band(nominal: nominalVerdicts[i], scenarios: zip(scenarios, scenarioVerdicts).map { ($0.name, $1[i].value) })
                .map { VerdictUncertainty(registration: $0) }
        }
        let envelopes = assignments.indices.map { n -> DVHEnvelope? in
            let curves = ([nominalCurves[n]] + evaluated.curves.map { $0[n] }).compactMap { $0 }
            guard curves.count > 1 else { return nil }
            return DVHEnvelope(curves: curves.map { DVHPlotCurve(dose: $0.doses, volume: $0.volumes, volumeUnit: .percent) },
                               from: evaluated.exactFrom[n])
        }
        return Output(verdicts: bands, envelopes: envelopes)
    }

    /// min … max of the nominal value and the scenarios' values (Gy), the worst scenario the one
    /// farthest on the limit's wrong side (highest for `≤`/`<` rows, lowest for `≥`/`>`; nil when no
    /// scenario is worse than nominal). nil when the nominal verdict or any scenario has no value.
    static func band(nominal: Verdict, scenarios: [(name: String, value: Double?)]) -> VerdictUncertainty.Band? {
        guard let v0 = nominal.value else { return nil }
        let upper = nominal.constraint.comparator == .lessOrEqual || nominal.constraint.comparator == .less
        var lo = v0, hi = v0, worst: (String?, Double) = (nil, v0)
        for (name, value) in scenarios {
            guard let v = value else { return nil }
            lo = min(lo, v); hi = max(hi, v)
            if upper ? v > worst.1 : v < worst.1 { worst = (name, v) }
        }
        return VerdictUncertainty.Band(lo: lo, hi: hi, worstScenario: worst.0, worstValue: worst.1)
    }
}
