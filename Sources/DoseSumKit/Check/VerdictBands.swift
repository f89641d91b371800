import CompositeDose
import Constraints
import DoseMetrics
import Foundation
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

    /// One piece of a band's work: a registration entry, an ROI under the other end-cap rule, or an
    /// ROI's dose-grid ends.
    private enum Piece: Sendable {
        case registration(Int), contour(Int), grid(Int)
    }

    /// What a piece gave.
    private enum Outcome: Sendable {
        case registration(Result<ScenarioEvaluator.Output, Error>)
        case contour(Result<(organ: Organ, doses: OrganDoses)?, Error>)
        case grid(Result<[(lo: DoseGridBand.End, hi: DoseGridBand.End)]?, Error>)
    }

    /// The three bands' pieces run in one concurrent loop, largest first (by sample count: a
    /// registration entry weighs most), so the cores stay busy to the end whichever band has most to
    /// do; then each band is assembled and judged. The contour pieces take turns (one ROI's samples
    /// under the other rule held at a time, as `ContourBand` intends), the others run beside them.
    /// Errors are thrown in the order registration, contour, dose grid, and within a band the one of
    /// the first entry or ROI, whatever order the pieces ran in.
    static func compute(_ i: Inputs, judge: @escaping @Sendable ([Organ: OrganDoses]) -> [Verdict]) throws -> Output {
        let registration = RegistrationBands.work(i), grid = DoseGridBand.work(i)
        let contour = i.other.map { other in contourWork(i, other: other) }
        var pieces: [(piece: Piece, cost: Int)] = (0..<registration.count).map { (.registration($0), 2 * registration.cost($0)) }
        if contour != nil { pieces += i.assignments.indices.map { (.contour($0), i.samplings[$0].points.count) } }
        pieces += grid.active.indices.map { (.grid($0), grid.cost($0)) }
        let order = pieces.sorted { $0.cost > $1.cost }.map(\.piece)
        let oneROI = NSLock()
        let outcomes = ParallelMap.map(count: order.count) { t -> Outcome in
            switch order[t] {
            case .registration(let k): return .registration(Result { try registration.evaluate(k) })
            case .contour(let n):
                return .contour(Result {
                    oneROI.lock()
                    defer { oneROI.unlock() }
                    return try ContourBand.otherDoses(of: n, samplings: contour!.samplings, variants: i.variants, metricsOf: contour!.metricsOf,
                                                      mapping: i.mapping, nominal: i.nominal, nominalResults: i.results)
                })
            case .grid(let k): return .grid(Result { try grid.ends(k) })
            }
        }
        var entries = [ScenarioEvaluator.Output?](repeating: nil, count: registration.count)
        var others = [(organ: Organ, doses: OrganDoses)??](repeating: nil, count: i.assignments.count)
        var ends = [[(lo: DoseGridBand.End, hi: DoseGridBand.End)]??](repeating: nil, count: grid.active.count)
        // per band (0 registration, 1 contour, 2 grid), the error of its first entry or ROI
        var errors: [Int: (index: Int, error: Error)] = [:]
        func failed(_ band: Int, _ index: Int, _ error: Error) {
            if errors[band].map({ index < $0.index }) ?? true { errors[band] = (index, error) }
        }
        for (piece, outcome) in zip(order, outcomes) {
            switch (piece, outcome) {
            case (.registration(let k), .registration(let r)):
                do { entries[k] = try r.get() } catch { failed(0, k, error) }
            case (.contour(let n), .contour(let r)):
                do { others[n] = .some(try r.get()) } catch { failed(1, n, error) }
            case (.grid(let k), .grid(let r)):
                do { ends[k] = .some(try r.get()) } catch { failed(2, k, error) }
            default: preconditionFailure("ParallelMap keeps the order")
            }
        }
        for band in 0..<3 { if let e = errors[band] { throw e.error } }
        let bands = RegistrationBands.finish(registration, outputs: entries.map { $0! }, inputs: i, judge: judge)
        let contourBands: [VerdictUncertainty.Band?]? = contour.map { c in
            var doses = i.nominal
            for case let (organ, d)? in others.map({ $0 ?? nil }) { doses[organ] = d }
            let verdicts = judge(doses)
            return i.verdicts.indices.map { ContourBand.band(nominal: i.verdicts[$0], other: verdicts[$0], name: c.samplings.other.cap.name) }
        }
        let gridBands = DoseGridBand.finish(grid, ends: ends.map { $0 ?? nil }, inputs: i, judge: judge)
        var verdicts = i.verdicts
        for n in verdicts.indices {
            var u = bands.verdicts[n] ?? VerdictUncertainty()
            if let c = contourBands?[n] { u.contour = c }
            if let g = gridBands[n] { u.doseGrid = g }
            if bands.verdicts[n] != nil || contourBands?[n] != nil || gridBands[n] != nil { verdicts[n].uncertainty = u }
        }
        return Output(verdicts: verdicts, envelopes: bands.envelopes)
    }

    /// The contour band's samplings under the other end-cap rule and the metrics each organ's rows
    /// judge (composite and course 2; the contour band prunes to what they can reach), coarse where
    /// they allow it.
    private static func contourWork(_ i: Inputs, other: ContourBand.Other) -> (samplings: ContourBand.Samplings, metricsOf: [Organ: [DoseMetric]]) {
        let metricsOf = Dictionary(uniqueKeysWithValues: i.set.organs.map { o in
            (o, i.set.requiredMetrics(for: o, scope: .cumulative).union(i.set.requiredMetrics(for: o, scope: .secondCourseOnly)).sorted { $0.notation < $1.notation })
        })
        let judged = Set(metricsOf.values.joined()).sorted { $0.notation < $1.notation }
        let samplings = ContourBand.Samplings(other, courses: i.courses, assignments: i.assignments, metrics: judged, fine: Set(i.variants.map(\.roi)))
        return (samplings, metricsOf)
    }
}
