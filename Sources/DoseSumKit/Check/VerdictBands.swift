import CompositeDose
import Constraints
import DoseMetrics
import Masks
import Radiobiology
import Reports
import RTCore

/// A check's three uncertainty bands on its verdicts: registration scenarios (`RegistrationBands`),
/// the other contour convention (`ContourBand`) and the dose grid (`DoseGridBand`). Each reads only
/// the nominal evaluation's values and the dose already loaded, so the three run concurrently (each
/// also parallel inside); their bands are then set on the verdicts, registration, contour, grid.
enum VerdictBands {
    /// What the bands read: the nominal check's ROIs, samples, values and verdicts.
    struct Inputs: Sendable {
        var scenarios: [RegistrationScenario]
        /// How far any scenario samples course 1 from the nominal map (mm).
        var displacementMM: Double
        var courses: [Course]
        var assignments: [ROIAssignment]
        var variants: [CheckPipeline.AlphaBetaVariant]
        var samplings: [StructureSampling]
        var boundary: [[Bool]], coarse: [[Bool]]
        var results: [ROIDoseResult], variantResults: [ROIDoseResult]
        var set: ConstraintSet
        var mapping: StructureMapping
        var nominal: [Organ: OrganDoses]
        var verdicts: [Verdict]
        /// The other end-cap rule and where its samples come from (nil: no contour band).
        var other: ContourBand.Other?
    }

    struct Output: Sendable {
        /// The nominal verdicts with their bands.
        var verdicts: [Verdict]
        /// Per ROI, the registration scenarios' DVH envelope.
        var envelopes: [DVHEnvelope?]
    }

    static func compute(_ i: Inputs, judge: @escaping @Sendable ([Organ: OrganDoses]) -> [Verdict]) throws -> Output {
        typealias Grid = [VerdictUncertainty.Band?]
        let (registration, rest) = Concurrently.run({ () throws -> RegistrationBands.Output in
            return try RegistrationBands.compute(
                scenarios: i.scenarios, displacementMM: i.displacementMM, courses: i.courses, assignments: i.assignments, variants: i.variants,
                samplings: i.samplings, set: i.set, nominal: i.nominal, mapping: i.mapping, judge: judge,
                nominalVerdicts: i.verdicts, nominalCurves: i.results.map { ($0.compositeDiscounted ?? $0.composite).curve },
                secondCourseEQD2: i.results.map { $0.courses.last?.dvh.samples.doses },
                variantSecondCourseEQD2: i.variantResults.map { $0.courses.last?.dvh.samples.doses },
                nominalComposite: i.results.map { ($0.compositeDiscounted ?? $0.composite).dvh.samples.doses },
                variantNominalComposite: i.variantResults.map { ($0.compositeDiscounted ?? $0.composite).dvh.samples.doses })
        }, { () -> (Result<Grid?, Error>, Result<Grid, Error>) in
            Concurrently.run({ () throws -> Grid? in try Self.contour(i, judge: judge) }, { () throws -> Grid in
                // the dose grid: each sample's dose at the bounds of the interpolant over its cell
                try DoseGridBand.compute(courses: i.courses, assignments: i.assignments, variants: i.variants, samplings: i.samplings,
                                         results: i.results, variantResults: i.variantResults, boundary: i.boundary, coarse: i.coarse,
                                         set: i.set, nominal: i.nominal, mapping: i.mapping, judge: judge, nominalVerdicts: i.verdicts)
            })
        })
        let bands = try registration.get()
        let (contourResult, gridResult) = try rest.get()
        let ends = try contourResult.get(), grid = try gridResult.get()
        var verdicts = i.verdicts
        for n in verdicts.indices {
            var u = bands.verdicts[n] ?? VerdictUncertainty()
            if let c = ends?[n] { u.contour = c }
            if let g = grid[n] { u.doseGrid = g }
            if bands.verdicts[n] != nil || ends?[n] != nil || grid[n] != nil { verdicts[n].uncertainty = u }
        }
        return Output(verdicts: verdicts, envelopes: bands.envelopes)
    }

    /// Per verdict, its band under the other end-cap rule (nil without `other`).
    static func contour(_ i: Inputs, judge: ([Organ: OrganDoses]) -> [Verdict]) throws -> [VerdictUncertainty.Band?]? {
        guard let other = i.other else { return nil }
        // only the metrics rows judge (composite and course 2), per organ (the contour band prunes to
        // what they can reach), coarse where they allow it
        let metricsOf = Dictionary(uniqueKeysWithValues: i.set.organs.map { o in
            (o, i.set.requiredMetrics(for: o, scope: .cumulative).union(i.set.requiredMetrics(for: o, scope: .secondCourseOnly)).sorted { $0.notation < $1.notation })
        })
        let judged = Set(metricsOf.values.joined()).sorted { $0.notation < $1.notation }
        let samplings = ContourBand.Samplings(other, courses: i.courses, assignments: i.assignments, metrics: judged, fine: Set(i.variants.map(\.roi)))
        let verdicts = try ContourBand.verdicts(samplings: samplings, variants: i.variants, metricsOf: metricsOf, mapping: i.mapping,
                                                nominal: i.nominal, judge: judge)
        return i.verdicts.indices.map { ContourBand.band(nominal: i.verdicts[$0], other: verdicts[$0], name: other.cap.name) }
    }
}
