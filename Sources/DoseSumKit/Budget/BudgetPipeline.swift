import CompositeDose
import Constraints
import DICOMIO
import DoseMetrics
import Foundation
import Grids
import Masks
import OutputFiles
import Radiobiology
import RTCore
import RTModel

/// `dosesum budget`: before course 2 is planned, per organ the EQD2 course 1 already gave and the
/// course-2 physical dose still allowed at the planned fraction count under each limit.
///
/// "Used" is the course-1 EQD2 of the limit's metric (e.g. D0.03cc) with the organ's α/β. The remaining
/// dose assumes the worst case of NPC-2021's worked example: course 2 hits the same region, so
/// remaining EQD2 = limit − used, converted to a physical dose at n fractions by solving the LQ
/// quadratic (`DoseBudget`). Structures must share course 1's Frame of Reference.
///
/// A row that states its own α/β uses it (course 1 recomputed at that α/β). A limit that course 1
/// already exceeds is flagged (`exceededByGy`), never shown as merely "0 left". A course-2-only row's
/// budget is its limit itself (course 1 does not count against it). With an interval, rows whose
/// interval condition excludes it are left out, as in `check`; without one, interval rows are kept
/// and say that the interval decides whether they apply. With registration scenarios (default ±2 mm,
/// ±1° about the centre of course 1's grid), each cumulative line also gives the remaining dose under
/// the scenario where course 1 uses the most.
///
/// Further prior courses (`Request.priors`, on the structures' frame) add their EQD2 to course 1's:
/// "used" is the sum (scenarios move every prior course together). With recovery factors for an ROI
/// (`Request.recovery`, any prior course may be discounted: the course being planned is the last one),
/// "used" is the recovery-discounted sum Σ (1 − rₖ) · EQD2ₖ voxel by voxel (`RecoveryWeighting`), in
/// the table and the map alike; the undiscounted value is given beside it. With `Request.map` the same
/// budget is also written voxel by voxel as an RTDOSE (`BudgetMapPipeline`, rows: `BudgetMapRows`).
public enum BudgetPipeline {
    public struct Request: Sendable {
        public var course1: CourseInput
        /// Further prior courses (course 2, 3, … before the one being planned), each on the structures'
        /// frame with its fractions or plan; "used" is then the sum of every prior course's EQD2.
        public var priors: [CourseInput] = []
        public var structuresPath: String
        public var course2Fractions: Int
        public var protocolID: String
        public var alphaBeta: [String: Double]
        public var defaultAlphaBeta: Double?
        public var maps: [ROIOverride]
        /// Recovery factors per ROI name (`RequestValues.recoveries` with the prior courses and the
        /// planned one): per prior course, the fraction of its EQD2 discounted from "used".
        public var recovery: [String: RecoveryFactors] = [:]
        /// Months since course 1, selecting interval-conditioned rows as `check` does; nil = unknown.
        public var intervalMonths: Double?
        public var consistency: ConsistencyPolicy
        /// Registration scenarios: course 1's dose moved relative to the structures (rotations about the
        /// centre of course 1's grid); each line then also gives the remaining dose under the worst one.
        public var setupUncertainty: ScenarioSet
        /// Budget for the structures' sampling lattice (`--max-memory`).
        public var memoryBudget: MemoryBudget = .default
        /// Also write the budget map (`BudgetMapPipeline`); nil: the table only.
        public var map: BudgetMapRequest?
        /// How the structures' solids are built from their contours (`--surface`).
        public var surface: SurfaceModel = .slab
        public init(course1: CourseInput, structuresPath: String, course2Fractions: Int, protocolID: String = ConstraintLibrary.defaultID,
                    alphaBeta: [String: Double] = [:], defaultAlphaBeta: Double? = nil, maps: [ROIOverride] = [],
                    intervalMonths: Double? = nil, consistency: ConsistencyPolicy = .strict, setupUncertainty: ScenarioSet = .default) {
            self.course1 = course1; self.structuresPath = structuresPath; self.course2Fractions = course2Fractions
            self.protocolID = protocolID; self.alphaBeta = alphaBeta; self.defaultAlphaBeta = defaultAlphaBeta; self.maps = maps
            self.intervalMonths = intervalMonths; self.consistency = consistency; self.setupUncertainty = setupUncertainty
        }
    }

    /// One (organ, limit) line.
    public struct Line: Sendable, Codable, Hashable {
        public var roi: String
        public var organ: String
        public var alphaBetaGy: Double
        /// Where the α/β came from: the constraint row, or the ROI's (option or organ convention).
        public var alphaBetaSource: AlphaBetaSource
        public var metric: String
        /// `cumulative EQD2`, `course-2 EQD2` or `course-2 physical` (course-2 rows: course 1 does not count, used is 0).
        public var scope: String
        public var level: String
        public var limitGy: Double
        /// Course-1 EQD2 of the metric (Gy; with further prior courses their sum, recovery-discounted
        /// when the ROI has recovery); nil with `reason` when not evaluable.
        public var usedGy: Double?
        /// With recovery: per course (the prior ones, then the planned one, whose factor is 0) the
        /// factor its EQD2 was discounted by, and the undiscounted "used" (Gy EQD2). nil without.
        public var recoveryByCourse: [Double]?
        public var usedUndiscountedGy: Double?
        public var remainingEQD2Gy: Double?
        /// Course-2 physical dose allowed at the planned fraction count (Gy).
        public var remainingPhysicalGy: Double?
        /// The same at 2 Gy per fraction (equals the remaining EQD2).
        public var remainingPhysicalAt2GyGy: Double?
        public var reason: String?
        public var source: String
        /// How far course 1 alone is already past the limit (Gy EQD2, > 0); nil when it is not.
        public var exceededByGy: Double?
        /// Under the registration scenario that leaves the least (nil without scenarios, or for
        /// course-2 rows, where course 1 does not count): its name, course 1's EQD2 there and the
        /// remaining EQD2 and physical dose at the planned fraction count (Gy).
        public var worstScenario: String?
        public var worstUsedGy: Double?
        public var worstRemainingEQD2Gy: Double?
        public var worstRemainingPhysicalGy: Double?
    }

    public struct Outcome: Sendable, Codable {
        public var schema = "dosesum.budget/2"
        public var protocolID: String
        public var course2Fractions: Int
        public var lines: [Line]
        public var diagnostics: [Diagnostic]
        public var overrides: [InputOverride] = []
        /// The budget map written, when one was asked for (JSON key `map`, absent otherwise).
        public var map: BudgetMapSummary?
        /// The map's values as written (Gy, before quantisation); not part of the JSON.
        public var mapGrid: Grid<Float>?

        enum CodingKeys: String, CodingKey {
            case schema, protocolID, course2Fractions, lines, diagnostics, overrides, map, surface
        }
        /// The structures' surface model (`slab` or `smooth`).
        public var surface = "slab"
        /// True when course 1 alone already exceeds some limit (the CLI exits 1).
        public var anyExceeded: Bool { lines.contains { $0.exceededByGy != nil } }
    }

    /// How messages name prior course `n` (0 = course 1).
    static func role(_ n: Int) -> String { n == 0 ? "course 1" : "prior course \(n + 1)" }

    public static func run(_ request: Request) throws -> Outcome {
        guard request.course2Fractions > 0 else {
            throw DoseSumError(.usage, "must be a positive whole number, got \(request.course2Fractions)", field: .fractions(of: "course2"))
        }
        if let map = request.map {
            try map.validate()
            let inputs = ([request.course1] + request.priors).flatMap { [$0.dosePath, $0.planPath] }.compactMap { $0 } + [request.structuresPath, request.protocolID]
            try OutputPlan(outputs: [.init(label: map.outputLabel, path: map.output)], inputs: inputs, overwrite: map.overwrite).check()
        }
        let set = try ConstraintLibrary.set(request.protocolID)
        if let map = request.map {
            _ = try BudgetMapRows(set: set, level: map.level, intervalMonths: request.intervalMonths, option: map.labels.level)
        }
        // Course 1 and any further prior courses, all on the structures' frame; their EQD2 is summed.
        let priorInputs = [request.course1] + request.priors
        try priorInputs.requireDistinctDoses(role: Self.role)
        for (n, c) in priorInputs.enumerated() {
            if n > 0, c.fractions == nil, c.planPath == nil {
                throw DoseSumError(.usage, "\(Self.role(n)) (\(c.dosePath)) needs its fraction count: fractions=N or plan=RTPLAN", file: c.dosePath)
            }
        }
        let structures = try DICOMReader.readStructureSet(at: request.structuresPath)
        var courses: [Course] = [], notes: [Diagnostic] = []
        var inputs = [InputConsistency.Input(role: "structure set", path: request.structuresPath, patient: structures.patient)]
        var references: [(overrides: [InputOverride], diagnostics: [Diagnostic])] = []
        for (n, c) in priorInputs.enumerated() {
            let role = Self.role(n)
            let plan = try c.planPath.map { try DICOMReader.readPlan(at: $0) }
            let (fractions, _) = try CaseLoader.fractionCount(c, plan: plan)
            let (dose, read) = try DICOMReader.readDose(at: c.dosePath, plan: plan)
            // A further prior course may bring its own mapping to course 1's frame (the structures').
            var toCourse = RigidTransform.identity
            if n > 0, c.registrationPath != nil || c.matrix != nil {
                let registration = try c.registrationPath.map { try DICOMReader.readRegistration(at: $0) }
                if let registration { inputs.append(.init(role: "\(role) registration", path: registration.source ?? "", patient: registration.patient)) }
                let alignment = try CourseAlignment(frame1: dose.frameOfReference, name1: c.dosePath, frame2: courses[0].dose.frameOfReference,
                                                    name2: courses[0].dose.source ?? "course 1", registration: registration, matrix: c.matrix)
                notes += alignment.diagnostics
                toCourse = alignment.commonToCourse1
            } else if !structures.frameOfReference.isEmpty, structures.frameOfReference != dose.frameOfReference {
                throw DoseSumError(.geometry, "the structure set's FrameOfReferenceUID \(structures.frameOfReference) differs from \(role)'s \(dose.frameOfReference) (\(c.dosePath)); give the prior course a registration or matrix to course 1's frame (the structures')",
                                   file: request.structuresPath, tag: DICOMTag(0x3006, 0x0024, "ReferencedFrameOfReferenceUID"))
            }
            inputs.insert(.init(role: "\(role) dose", path: c.dosePath, patient: dose.patient), at: courses.count)
            if let plan { inputs.append(.init(role: "\(role) plan", path: plan.source ?? "", patient: plan.patient)) }
            references.append(try InputConsistency.checkPlanReference(doseRole: "\(role) dose", dosePath: c.dosePath,
                                                                      referencedPlans: dose.referencedPlanUIDs, plan: plan,
                                                                      policy: request.consistency))
            notes += read
            courses.append(try Course(label: c.label, dose: dose, fractions: fractions, commonToCourse: toCourse))
        }
        let dose = courses[0].dose
        let patients = try InputConsistency.checkPatients(inputs, policy: request.consistency)
        let reference = (overrides: references.flatMap(\.overrides), diagnostics: references.flatMap(\.diagnostics))
        let mapping = try StructureMapping(roiNames: structures.rois.map(\.name), overrides: request.maps, vocabulary: set.vocabulary)
        var policy = try AlphaBetaPolicy(perROI: request.alphaBeta, default: request.defaultAlphaBeta, recovery: request.recovery)
        policy.vocabulary = set.vocabulary
        // a recovery factor for an ROI the structure set lacks would silently discount nothing
        let unknown = policy.unknownROINames(in: structures).filter { AlphaBetaAssignment.lookup($0, in: policy.assignment.recoveryByROI) != nil }
        guard unknown.isEmpty else {
            throw DoseSumError(.usage, "names ROI(s) \(unknown.map { "'\($0)'" }.joined(separator: ", ")) that the structure set does not have; its ROIs are: \(structures.rois.map(\.name).joined(separator: ", "))",
                               file: structures.source, field: .recovery)
        }
        let (assignments, skipped) = try CheckPipeline.selectROIs(structures, mapping: mapping, policy: policy)
        var metrics = CheckPipeline.baseMetrics
        for row in set.constraints where !metrics.contains(row.metric) { metrics.append(row.metric) }
        let variants = CheckPipeline.rowAlphaBetaVariants(assignments, set: set, mapping: mapping)
        let all = assignments + variants.map(\.assignment)
        let samplings = try CompositeEvaluator.survey(all, options: SamplingOptions(surface: request.surface), budget: request.memoryBudget, structuresPath: structures.source).samplings()
        // every prior course may be discounted: the course being planned follows them
        let results = try CompositeEvaluator.evaluate(courses: courses, assignments: all, samplings: samplings, metrics: metrics, laterCourses: 1)
        // Per scenario, per evaluated ROI: course 1's EQD2 metrics with its dose moved (whole grid read,
        // every boundary voxel sampled fine: nothing to widen).
        let g = dose.grid.geometry
        let scenarios = request.setupUncertainty.scenarios(centre: g.point(atIndex: SIMD3<Double>(g.size &- 1) / 2))
        let judged = Array(Set(set.constraints.filter { !$0.informational }.map(\.metric))).sorted { $0.notation < $1.notation }
        let moved = try scenarios.map { scenario in
            try CompositeEvaluator.evaluate(courses: try courses.map { try scenario.apply(to: $0) }, assignments: all, samplings: samplings, metrics: judged,
                                            laterCourses: 1)
        }
        var lines: [Line] = []
        var diagnostics = patients.diagnostics + reference.diagnostics + notes + mapping.diagnostics + skipped
        if let short = ConstraintEvaluator.intervalWarning(months: request.intervalMonths) { diagnostics.append(short) }
        for r in results.prefix(assignments.count) {
            diagnostics += r.diagnostics
            guard let organ = mapping.anyOrgan(forROI: r.name) else { continue }
            for row in set.constraints where !row.informational && row.metric.unit == .gray && row.organs.contains(organ) {
                guard let limit = row.limit else { continue }
                if let condition = row.interval, let months = request.intervalMonths, !condition.admits(months: months) { continue }
                // The row's own α/β when it states one (course 1 recomputed at it), else the ROI's.
                let atRow = row.alphaBeta.flatMap { ab in
                    results.dropFirst(assignments.count).first { $0.name == r.name && abs($0.assignment.alphaBeta.gray - ab) < 1e-9 }
                }
                let used = atRow ?? r
                let ab = used.assignment.alphaBeta.gray
                var line = Line(roi: r.name, organ: organ.tg263Name, alphaBetaGy: ab, alphaBetaSource: used.assignment.alphaBetaSource,
                                metric: row.metric.notation, scope: row.judgedDose, level: row.level.rawValue, limitGy: limit,
                                source: row.source)
                if row.doseKind == .physical {
                    // A limit on course 2's physical dose is itself the budget.
                    line.alphaBetaSource = .physicalDose
                    line.usedGy = 0; line.remainingPhysicalGy = limit; line.remainingPhysicalAt2GyGy = limit
                    lines.append(line)
                    continue
                }
                let discounted = used.compositeDiscounted != nil && row.scope == .cumulative
                let usedValue: MetricValue? = row.scope == .secondCourseOnly ? .value(0) : (used.compositeDiscounted ?? used.composite).values[row.metric]
                if discounted {
                    line.recoveryByCourse = RecoveryWeighting.factors(courses: courses.count + 1, recovery: used.assignment.recovery)
                    line.usedUndiscountedGy = used.composite.values[row.metric]?.number
                }
                switch usedValue {
                case .value(let u)?:
                    let b = DoseBudget(used: u, limit: limit, alphaBeta: ab)
                    line.usedGy = u; line.remainingEQD2Gy = b.remainingEQD2
                    line.remainingPhysicalGy = b.physicalDose(fractions: request.course2Fractions)
                    line.remainingPhysicalAt2GyGy = b.physicalDose(dosePerFraction: 2)
                    let over = row.comparator == .less ? u >= limit : u > limit
                    if over { line.exceededByGy = u - limit }
                    if row.scope == .cumulative, let index = results.firstIndex(where: { $0.name == used.name && $0.assignment.alphaBeta == used.assignment.alphaBeta }) {
                        let worst = zip(scenarios, moved).compactMap { s, r in (r[index].compositeDiscounted ?? r[index].composite).values[row.metric]?.number.map { (s.name, $0) } }
                            .max { $0.1 < $1.1 }
                        if let worst, worst.1 > u {
                            let w = DoseBudget(used: worst.1, limit: limit, alphaBeta: ab)
                            line.worstScenario = worst.0; line.worstUsedGy = worst.1; line.worstRemainingEQD2Gy = w.remainingEQD2
                            line.worstRemainingPhysicalGy = w.physicalDose(fractions: request.course2Fractions)
                        } else if worst != nil {
                            line.worstScenario = "nominal"; line.worstUsedGy = u; line.worstRemainingEQD2Gy = b.remainingEQD2
                            line.worstRemainingPhysicalGy = line.remainingPhysicalGy
                        }
                    }
                case .notEvaluable(let why)?: line.reason = why
                case nil: line.reason = "\(row.metric.notation) not computed"
                }
                if let condition = row.interval {
                    line.level += request.intervalMonths == nil ? " (applies if the interval is \(condition); interval not given)" : " (interval \(condition))"
                }
                lines.append(line)
            }
        }
        var outcome = Outcome(protocolID: set.id, course2Fractions: request.course2Fractions, lines: lines, diagnostics: diagnostics)
        outcome.surface = request.surface.rawValue
        outcome.overrides = patients.overrides + reference.overrides
        if let map = request.map {
            let (summary, grid, notes) = try BudgetMapPipeline.run(map, .init(priors: courses, structures: structures, mapping: mapping, policy: policy,
                                                                        set: set, course2Fractions: request.course2Fractions,
                                                                        intervalMonths: request.intervalMonths, memoryBudget: request.memoryBudget))
            outcome.map = summary
            outcome.mapGrid = grid
            outcome.diagnostics += notes
        }
        return outcome
    }
}
