import CompositeDose
import Constraints
import DICOMIO
import DoseMetrics
import Foundation
import Grids
import Masks
import Radiobiology
import Reports
import RTCore
import RTModel

/// What `dosesum check` is asked to do.
public struct CheckRequest: Sendable, Hashable, Codable {
    public var composite: CompositeRequest
    /// A shipped constraint-set id (`dosesum protocols`) or a YAML/JSON file.
    public var protocolID: String
    /// Months between the end of course 1 and course 2, for interval-conditioned rows.
    public var intervalMonths: Double?
    /// `ROI=ORGAN` overrides of the automatic organ matching.
    /// ROI→organ overrides, parsed where they entered (`RequestValues.maps`).
    public var maps: [ROIOverride]
    public var endCap: EndCapRule
    /// How the structures' solids are built from their contours (`--surface`).
    public var surface: SurfaceModel = .slab
    /// Organs deliberately not contoured for this patient: their rows are `absent (declared)` and do
    /// not make the check incomplete; every report lists the declaration.
    public var absentOrgans: [Organ]
    /// The re-irradiation course's prescription (Gy, physical) for rows relative to it; nil = read
    /// the course-2 plan's TargetPrescriptionDose when a plan is given.
    public var prescriptionGy: Double?
    /// Registration scenarios weighed for every verdict's band (default ±2 mm, ±1°; `.none`: no bands).
    public var setupUncertainty: ScenarioSet
    /// The program's arguments, for the reports' provenance (set by the CLI; not part of a batch
    /// patient's request fingerprint).
    public var commandLine: [String] = []

    public init(composite: CompositeRequest, protocolID: String = ConstraintLibrary.defaultID,
                intervalMonths: Double? = nil, maps: [ROIOverride] = [], endCap: EndCapRule = .halfSpacing,
                absentOrgans: [Organ] = [], prescriptionGy: Double? = nil, setupUncertainty: ScenarioSet = .default) {
        self.composite = composite; self.protocolID = protocolID; self.intervalMonths = intervalMonths
        self.maps = maps; self.endCap = endCap; self.absentOrgans = absentOrgans; self.prescriptionGy = prescriptionGy
        self.setupUncertainty = setupUncertainty
    }
}

/// The outcome of a check: the report (for every renderer) and the overall status.
public struct CheckOutcome: Sendable {
    public var report: CheckReport
    public var results: [ROIDoseResult]
    public var commonGeometry: GridGeometry
    /// `exceeds` when any evaluated limit is exceeded, else `incomplete` when any row is not
    /// evaluable or conditional (or nothing was judged), else `within` (see `CheckStatus`).
    public var status: CheckStatus { report.status }
    /// The verdict that exceeds by the most (most negative margin), if any; else the tightest within.
    public var worstVerdict: Verdict? {
        report.verdicts.filter { $0.margin != nil }.min { ($0.margin ?? 0) < ($1.margin ?? 0) }
    }
}

/// files → courses in one frame → per-ROI EQD2 composite metrics → verdicts → report.
public enum CheckPipeline {
    /// The metrics always computed per ROI; a constraint set adds the ones its rows name.
    public static let baseMetrics: [DoseMetric] = [
        .doseAtAbsoluteVolume(cc: 0.03), .dmax, .dmean, .dmin, .doseAtAbsoluteVolume(cc: 0.05), .doseAtAbsoluteVolume(cc: 0.1),
    ]

    public static func run(_ request: CheckRequest, now: Date = Date()) throws -> CheckOutcome {
        if let m = request.intervalMonths, !(m >= 0 && m.isFinite) {
            throw DoseSumError(.usage, "must be a number of months ≥ 0, got \(m)", field: .intervalMonths)
        }
        // The constraint set is decoded while the DICOM files are read; its error comes first. No
        // file is read without a structure set (a usage error, after the constraint set's).
        let provenance = ProvenanceCollector.start(request)  // hashes the inputs meanwhile
        let hasStructures = request.composite.structuresPath != nil
        let (setRead, openedRead) = Concurrently.run({ try ConstraintLibrary.set(request.protocolID) },
                                                     { hasStructures ? try CaseLoader.open(request.composite) : nil })
        let read = try setRead.get()
        guard hasStructures, let opened = try openedRead.get() else {
            throw DoseSumError(.usage, "check needs a structure set (RTSTRUCT)", field: .structures)
        }
        if let rx = request.prescriptionGy, !(rx > 0 && rx.isFinite) {
            throw DoseSumError(.usage, "the prescription must be a positive number of Gy, got \(rx)")
        }
        let set = read.resolvingPrescription(request.prescriptionGy ?? opened.plans.last??.prescriptionDose?.value)
        guard let structures = opened.structures else {
            throw DoseSumError(.internalError, "the structure set was not read although its path was given")
        }
        let vocabulary = set.vocabulary
        let mapping = try StructureMapping(roiNames: structures.rois.map(\.name), overrides: request.maps, vocabulary: vocabulary)
        var policy = try AlphaBetaPolicy(perROI: request.composite.alphaBeta, default: request.composite.defaultAlphaBeta,
                                         recovery: request.composite.recovery)
        policy.vocabulary = vocabulary
        let unknown = policy.unknownROINames(in: structures)
        guard unknown.isEmpty else {
            let field: RequestField = unknown.contains { AlphaBetaAssignment.lookup($0, in: policy.assignment.byROI) != nil } ? .alphaBeta : .recovery
            throw DoseSumError(.usage, "names ROI(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")) that the structure set does not have; its ROIs are: \(structures.rois.map(\.name).joined(separator: ", "))",
                               file: structures.source, field: field)
        }
        let (assignments, skipped) = try selectROIs(structures, mapping: mapping, policy: policy)
        let geometry = try commonGeometry(opened, choice: request.composite.grid)
        try request.composite.requireCommonGridMemory(geometry)
        var metrics = baseMetrics
        for organ in set.organs {
            for m in set.requiredMetrics(for: organ, scope: .cumulative).union(set.requiredMetrics(for: organ, scope: .secondCourseOnly))
            where !metrics.contains(m) { metrics.append(m) }
        }
        // Structures first, then only the dose around their voxels (same doses there as the whole
        // grids: see OpenedCase.regions), then the sample points: boundary voxels whose dose cannot
        // reach a reported metric's range are sampled coarse (SamplingRefinement).
        let survey = try CompositeEvaluator.survey(assignments, options: SamplingOptions(endCap: request.endCap, surface: request.surface),
                                                   budget: request.composite.memoryBudget, structuresPath: structures.source)
        // Registration scenarios move course 1's dose about the centre of course 2's grid; course 1 is
        // read, and bounded for coarse sampling, that much wider (see RegistrationScenario).
        // (Scenarios are defined for two courses: with more, no bands, and a note says so.)
        let twoCourses = opened.doseHeaders.count == 2
        let scenarios = twoCourses ? request.setupUncertainty.scenarios(centre: course2Centre(opened)) : []
        let displacement = OpenedCase.box(aroundVoxelsOf: survey.voxels).map {
            RegistrationScenario.displacementBound(scenarios, box: $0.lo, $0.hi)
        } ?? 0
        // With bands on, the ROIs are also sampled under the other end-cap convention (ContourBand):
        // with `half` (reaching beyond `none`) surveyed here and the dose read around both; `none`
        // lies inside the nominal `half` solid and is surveyed one ROI at a time inside the band.
        let otherCap = ContourBand.other(request.endCap)
        let otherOptions = SamplingOptions(endCap: otherCap.rule, surface: request.surface)
        let otherSurvey = scenarios.isEmpty || otherCap.rule == .none ? nil
            : try CompositeEvaluator.survey(assignments, options: otherOptions, budget: request.composite.memoryBudget, structuresPath: structures.source)
        let loaded = try opened.readDoses(regions: opened.regions(aroundVoxelsOf: survey.voxels + (otherSurvey?.voxels ?? []),
                                                                  margins: [displacement, 0]))
        var diagnostics = loaded.diagnostics + mapping.diagnostics + skipped
        if !twoCourses && !request.setupUncertainty.isEmpty {
            diagnostics.append(Diagnostic(.warning, code: "uncertainty.two-courses-only",
                "uncertainty bands are computed for two courses; with \(opened.doseHeaders.count) courses the verdicts carry no band"))
        }
        if request.composite.grid != .automatic {
            // The common grid is the one export writes; check's metrics never depend on it.
            diagnostics.append(Diagnostic(.info, code: "grid.not-used-by-check",
                "the common-grid choice (\(request.composite.grid.words)) sets the grid an export writes (check refuses one beyond the memory budget, as export does); check samples the structures on the patient-anchored \(SamplingOptions().latticeSpacingMM) mm lattice, so its metrics are the same on any grid"))
        }
        // Rows that state their own α/β are judged on the composite recomputed at it, from the same
        // samples; those ROIs are sampled fine throughout (the coarse choice was made for one α/β).
        let variants = rowAlphaBetaVariants(assignments, set: set, mapping: mapping)
        // Rule: with scenarios, a voxel is coarse only when both choices allow it: the nominal one (every
        // reported metric) and the one on course-1 bounds widened by the scenarios' displacement (the
        // metrics the rows judge on the composite, for the verdict composite alone: what the scenarios
        // re-evaluate), which holds for every scenario at once.
        var choices = [SamplingRefinement.Choice(metrics: metrics)]
        if !scenarios.isEmpty {
            let judged = Set(set.organs.flatMap { set.requiredMetrics(for: $0, scope: .cumulative) }).sorted { $0.notation < $1.notation }
            let moved = try scenarios.map { try $0.apply(to: loaded.courses[0]).field }
            choices.append(SamplingRefinement.Choice(metrics: judged, displacementsMM: [displacement, 0], verdictCompositeOnly: true,
                                                     scenarioFirstCourse: moved))
        }
        var coarse = SamplingRefinement.coarseVoxels(survey: survey, courses: loaded.courses, assignments: assignments, every: choices)
        for n in Set(variants.map(\.roi)) { coarse[n] = [Bool](repeating: false, count: coarse[n].count) }
        let samplings = survey.samplings(coarse: coarse)
        let results = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: assignments, samplings: samplings,
                                                      metrics: metrics, curve: CheckReportBuilder.plotCurve)
        let variantResults = try CompositeEvaluator.evaluate(courses: loaded.courses, assignments: variants.map(\.assignment),
                                                             samplings: variants.map { samplings[$0.roi] }, metrics: metrics)
        var organDoses: [Organ: OrganDoses] = [:]
        var extra: [Organ: [OrganDoses]] = [:]
        for (n, r) in results.enumerated() {
            guard let organ = mapping.anyOrgan(forROI: r.name) else { continue }
            var doses = organDosesOf(r)
            for (v, variant) in zip(variants, variantResults) where v.roi == n {
                let key = variant.assignment.alphaBeta == .physicalDose ? OrganDoses.physicalKey : variant.assignment.alphaBeta.gray
                doses.alternatives[key] = organDosesOf(variant)
            }
            // The organ's primary ROI holds the values; other ROIs matching it are judged beside it.
            if mapping.organ(forROI: r.name) == organ { organDoses[organ] = doses } else { extra[organ, default: []].append(doses) }
            diagnostics += r.diagnostics
        }
        for (organ, others) in extra { organDoses[organ]?.otherROIs = others }
        for r in results where mapping.anyOrgan(forROI: r.name) == nil { diagnostics += r.diagnostics }
        if let short = ConstraintEvaluator.intervalWarning(months: request.intervalMonths) { diagnostics.append(short) }
        if set.levelsIncludeRecovery, assignments.contains(where: { $0.recovery.discounts }) {
            diagnostics.append(Diagnostic(.warning, code: "recovery.counted-twice",
                "the levels of \(set.id) already assume partial recovery of the earlier course; a recovery factor on top of them counts recovery twice (judged values are discounted, the undiscounted ones are shown beside them)"))
        }
        let absent = Dictionary(request.absentOrgans.map { ($0, "declared not contoured for this patient") }, uniquingKeysWith: { a, _ in a })
        var verdicts = ConstraintEvaluator.evaluate(set, doses: organDoses, intervalMonths: request.intervalMonths, absent: absent)
        var envelopes: [DVHEnvelope?] = results.map { _ in nil }
        if !scenarios.isEmpty {
            let judge: @Sendable ([Organ: OrganDoses]) -> [Verdict] = { [absent, intervalMonths = request.intervalMonths] doses in
                ConstraintEvaluator.evaluate(set, doses: doses, intervalMonths: intervalMonths, absent: absent)
            }
            let bands = try VerdictBands.compute(VerdictBands.Inputs(
                scenarios: scenarios, displacementMM: displacement, courses: loaded.courses, assignments: assignments, variants: variants,
                samplings: samplings, boundary: survey.boundary, coarse: coarse, results: results, variantResults: variantResults,
                set: set, mapping: mapping, nominal: organDoses, verdicts: verdicts, other: ContourBand.Other(cap: otherCap, options: otherOptions, survey: otherSurvey, budget: request.composite.memoryBudget,
                                                          structuresPath: structures.source, readBox: OpenedCase.box(aroundVoxelsOf: survey.voxels))), judge: judge)
            verdicts = bands.verdicts
            envelopes = bands.envelopes
        }
        // the hot spots' slices stay inside the box whose dose was read
        let slices = HotSpotSlicer.slices(results, courses: loaded.courses, bounds: OpenedCase.box(aroundVoxelsOf: survey.voxels))
        var report = CheckReportBuilder.build(request: request, loaded: loaded, set: set, mapping: mapping,
                                              results: results, verdicts: verdicts, diagnostics: diagnostics, now: now,
                                              slices: slices, envelopes: envelopes)
        report.provenance = try provenance.finish(commandLine: request.commandLine, now: now)
        return CheckOutcome(report: report, results: results, commonGeometry: geometry)
    }

    /// The centre of course 2's whole dose grid in the common frame (LPS, mm): the rotation centre of
    /// the registration scenarios.
    static func course2Centre(_ opened: OpenedCase) -> SIMD3<Double> {
        let last = opened.doseHeaders.count - 1
        let g = opened.doseHeaders[last].geometry
        return opened.commonToCourse(last).inverse.apply(g.point(atIndex: SIMD3<Double>(g.size &- 1) / 2))
    }

    /// One extra evaluation of an ROI at an α/β some constraint row of its organ states (other than the
    /// ROI's own); `roi` indexes the assignments.
    struct AlphaBetaVariant: Sendable { var roi: Int; var assignment: ROIAssignment }

    static func rowAlphaBetaVariants(_ assignments: [ROIAssignment], set: ConstraintSet, mapping: StructureMapping) -> [AlphaBetaVariant] {
        var out: [AlphaBetaVariant] = []
        for (n, a) in assignments.enumerated() {
            guard let organ = mapping.anyOrgan(forROI: a.roi.name) else { continue }
            let rows = set.constraints.filter { !$0.informational && $0.organs.contains(organ) }
            let stated = Set(rows.filter { $0.doseKind == .eqd2 }.compactMap(\.alphaBeta))
            for ab in stated.sorted() where abs(ab - a.alphaBeta.gray) > 1e-9 {
                guard let value = try? AlphaBeta(ab) else { continue }
                out.append(AlphaBetaVariant(roi: n, assignment: ROIAssignment(roi: a.roi, alphaBeta: value, alphaBetaSource: .constraintRow,
                                                                            recovery: a.recovery)))
            }
            if rows.contains(where: { $0.doseKind == .physical }) {
                out.append(AlphaBetaVariant(roi: n, assignment: ROIAssignment(roi: a.roi, alphaBeta: .physicalDose, alphaBetaSource: .physicalDose,
                                                                            recovery: .none)))
            }
        }
        return out
    }

    /// What the evaluator judges for one ROI result: the composite the verdict uses (discounted when
    /// the ROI has recovery), course 2 alone, the uncovered parts, and the α/β and its source.
    static func organDosesOf(_ r: ROIDoseResult) -> OrganDoses {
        let gaps = uncoveredDoses(r)
        var doses = OrganDoses(roiName: r.name, cumulative: (r.compositeDiscounted ?? r.composite).values,
                               secondCourse: r.courses.last?.values ?? [:],
                               uncoveredCumulative: gaps.cumulative, uncoveredSecondCourse: gaps.secondCourse)
        doses.alphaBetaGy = r.assignment.alphaBeta.gray
        doses.alphaBetaSource = r.assignment.alphaBetaSource
        if r.compositeDiscounted != nil { doses.cumulativeUndiscounted = r.composite.values }
        return doses
    }

    /// The parts of an ROI that a course's grid misses, as the evaluator weighs them: for the composite
    /// (bound with the recovery the verdict uses) and for the last course alone.
    static func uncoveredDoses(_ r: ROIDoseResult) -> (cumulative: UncoveredDose?, secondCourse: UncoveredDose?) {
        guard let u = r.uncovered, u.totalVolumeMM3 > 0 else { return (nil, nil) }
        func percent(_ mm3: Double) -> String { "\(((1000 * mm3 / u.totalVolumeMM3).rounded()) / 10) %" }
        let misses = u.outsideVolumeMM3.indices.filter { u.outsideVolumeMM3[$0] > 0 }.map { n in
            "course \(n + 1) grid misses \(percent(u.outsideVolumeMM3[n])) of \(r.name)"
        }
        let cumulative = UncoveredDose(description: misses.joined(separator: "; "), fraction: u.uncoveredFraction,
                                       volumeCC: u.uncoveredVolumeMM3 / 1000, boundGy: u.compositeBound(recovery: r.assignment.recovery))
        let last = u.outsideVolumeMM3.count - 1
        let second = u.outsideVolumeMM3[last] > 0
            ? UncoveredDose(description: misses.last ?? "", fraction: u.outsideVolumeMM3[last] / u.totalVolumeMM3,
                            volumeCC: u.outsideVolumeMM3[last] / 1000, boundGy: u.ownBoundaryMaximaGy[last])
            : nil
        return (cumulative, second)
    }

    /// The common grid for a request's grid choice, from the whole stored dose grids.
    public static func commonGeometry(_ loaded: LoadedCase, choice: GridChoice) throws -> GridGeometry {
        try commonGeometry(choice, courses: loaded.courses.map { ($0.dose.fileGeometry, $0.commonToCourse) })
    }

    /// The common grid for a request's grid choice, from the dose headers (before samples are read).
    public static func commonGeometry(_ opened: OpenedCase, choice: GridChoice) throws -> GridGeometry {
        try commonGeometry(choice, courses: opened.doseHeaders.indices.map { (opened.doseHeaders[$0].geometry, opened.commonToCourse($0)) })
    }

    /// Courses in order (the last is the reference), each its whole grid and the map into its frame.
    static func commonGeometry(_ choice: GridChoice, courses: [(grid: GridGeometry, commonToCourse: RigidTransform)]) throws -> GridGeometry {
        let policy: CommonGridPolicy
        switch choice {
        case .automatic, .union: policy = .union
        case .course1: policy = .course1
        case .course2: policy = .course2
        case .spacing(let mm): policy = .spacing(SIMD3(repeating: mm))
        }
        return try policy.geometry(courses: courses)
    }

    /// ROIs evaluated: those that map to an organ or are named by `--alpha-beta`/`--recovery`, with
    /// contours and an α/β. The others are listed in diagnostics, never dropped silently.
    /// - Throws: `DoseSumError(.usage)` naming the organ when an ROI maps to an organ that has no α/β
    ///   (no `--alpha-beta` for the ROI, no `--default-alpha-beta`, none in the constraint file, no
    ///   convention).
    static func selectROIs(_ set: StructureSet, mapping: StructureMapping, policy: AlphaBetaPolicy) throws -> ([ROIAssignment], [Diagnostic]) {
        var out: [ROIAssignment] = [], notes: [Diagnostic] = []
        let named = Set((Array(policy.assignment.byROI.keys) + Array(policy.assignment.recoveryByROI.keys)).map { $0.lowercased() })
        for roi in set.rois {
            let organ = mapping.anyOrgan(forROI: roi.name)
            guard organ != nil || named.contains(roi.name.lowercased()) else {
                notes.append(Diagnostic(.info, code: "roi.not-evaluated",
                    "ROI '\(roi.name)' matches no organ of the vocabulary and has no α/β of its own; not evaluated (map it to an organ, or give it an α/β, to include it)",
                    subject: set.source))
                continue
            }
            guard !roi.contours.isEmpty else {
                notes.append(Diagnostic(.warning, code: "roi.no-contours", "ROI '\(roi.name)' has no contours; not evaluated", subject: set.source))
                continue
            }
            guard let (ab, source) = policy.resolve(roiName: roi.name, organ: organ) else {
                if let organ {
                    throw DoseSumError(.usage, "organ \(organ.tg263Name) (ROI '\(roi.name)') has no α/β: the constraint set states none for it (alpha_beta_gy in its row or under organs:), and neither an α/β for the ROI nor a default α/β is given", field: .alphaBeta)
                }
                notes.append(Diagnostic(.warning, code: "roi.no-alpha-beta",
                    "ROI '\(roi.name)' has no α/β (give one for it, or a default α/β); not evaluated", subject: set.source))
                continue
            }
            out.append(ROIAssignment(roi: roi, alphaBeta: ab, alphaBetaSource: source, recovery: policy.assignment.recovery(for: roi.name)))
        }
        return (out, notes)
    }
}
