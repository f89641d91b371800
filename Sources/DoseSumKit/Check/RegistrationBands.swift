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

    /// The band's work, entry by entry: each ROI at its own α/β, then each row's α/β variant of an ROI
    /// (not the physical-dose ones: they judge course 2 alone, which no scenario moves). Entries are
    /// independent (`evaluate`), so a caller may run them with other work in one concurrent loop.
    struct Work: Sendable {
        let scenarios: [RegistrationScenario]
        let displacementMM: Double
        let courses: [Course]
        /// Per entry: its assignment, the ROI it belongs to, the metrics its rows judge on the composite.
        let all: [ROIAssignment], owner: [Int], metrics: [[DoseMetric]]
        /// Per entry, from the nominal evaluation when given: course 2's EQD2, the verdict composite
        /// (picks the points that set each scenario's level) and course 1's EQD2 (bounds its nominal
        /// dose) at the ROI's points.
        let second: [[Float]?]?, nominalValues: [DoseVolumeHistogram?]?, first: [[Float]?]?
        let samplings: [StructureSampling]
        /// The entries after the ROIs' own: the variants re-evaluated.
        let moving: [CheckPipeline.AlphaBetaVariant]

        var count: Int { all.count }

        /// How much work entry k is, for scheduling (its sample count).
        func cost(_ k: Int) -> Int { samplings[owner[k]].points.count }

        /// Entry k under every scenario (`ScenarioEvaluator`, one ROI).
        func evaluate(_ k: Int) throws -> ScenarioEvaluator.Output {
            try ScenarioEvaluator.evaluate(courses: courses, assignments: [all[k]], samplings: [samplings[owner[k]]], metrics: [metrics[k]],
                                           scenarios: scenarios, displacementMM: displacementMM, curve: CheckReportBuilder.plotCurve,
                                           secondCourseEQD2: second.map { [$0[k]] }, nominalComposite: nominalValues.map { [$0[k]] },
                                           firstCourseEQD2: first.map { [$0[k]] })
        }
    }

    /// The work of the band on the nominal check's inputs (`VerdictBands.Inputs`).
    static func work(_ i: VerdictBands.Inputs) -> Work {
        let movingIndices = i.variants.indices.filter { i.variants[$0].assignment.alphaBeta != .physicalDose }
        let moving = movingIndices.map { i.variants[$0] }
        // per entry: the ROI's own value, then its variants' (nil where the nominal evaluation has none)
        func perEntry<T>(_ own: (ROIDoseResult) -> T?) -> [T?] {
            i.results.map(own) + movingIndices.map { k in k < i.variantResults.count ? own(i.variantResults[k]) : nil }
        }
        let owner = i.assignments.indices.map { $0 } + moving.map(\.roi)
        let metrics = owner.map { n -> [DoseMetric] in
            guard let organ = i.mapping.organ(forROI: i.assignments[n].roi.name) else { return [] }
            return i.set.requiredMetrics(for: organ, scope: .cumulative).sorted { $0.notation < $1.notation }
        }
        return Work(scenarios: i.scenarios, displacementMM: i.displacementMM, courses: i.courses,
                    all: i.assignments + moving.map(\.assignment), owner: owner, metrics: metrics,
                    second: perEntry { $0.courses.last?.dvh.samples.doses },
                    nominalValues: perEntry { ($0.compositeDiscounted ?? $0.composite).dvh },
                    first: perEntry { $0.courses.count == 2 ? $0.courses[0].dvh.samples.doses : nil },
                    samplings: i.samplings, moving: moving)
    }

    /// The verdicts' bands and the ROIs' envelopes from every entry's outcome (`outputs[k]` of entry k).
    static func finish(_ w: Work, outputs: [ScenarioEvaluator.Output], inputs i: VerdictBands.Inputs,
                       judge: ([Organ: OrganDoses]) -> [Verdict]) -> Output {
        let scenarios = w.scenarios, assignments = i.assignments, moving = w.moving, nominal = i.nominal, mapping = i.mapping
        let nominalVerdicts = i.verdicts
        let nominalCurves = i.results.map { ($0.compositeDiscounted ?? $0.composite).curve }
        // per scenario, per entry
        let metricsOf = scenarios.indices.map { m in outputs.map { $0.metrics[m][0] } }
        let curvesOf = scenarios.indices.map { m in outputs.map { $0.curves[m][0] } }
        let exactFrom = outputs.map { $0.exactFrom[0] }
        var scenarioVerdicts: [[Verdict]] = []
        for results in metricsOf {
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
            let curves = ([nominalCurves[n]] + curvesOf.map { $0[n] }).compactMap { $0 }
            guard curves.count > 1 else { return nil }
            return DVHEnvelope(curves: curves.map { DVHPlotCurve(dose: $0.doses, volume: $0.volumes, volumeUnit: .percent) },
                               from: exactFrom[n])
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
