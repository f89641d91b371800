import Constraints
import DICOMIO
import DoseMetrics
import Foundation
import Grids
import Masks
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
public enum BudgetPipeline {
    public struct Request: Sendable {
        public var course1: CourseInput
        public var structuresPath: String
        public var course2Fractions: Int
        public var protocolID: String
        public var alphaBeta: [String: Double]
        public var defaultAlphaBeta: Double?
        public var maps: [String]
        public init(course1: CourseInput, structuresPath: String, course2Fractions: Int, protocolID: String = ConstraintLibrary.defaultID,
                    alphaBeta: [String: Double] = [:], defaultAlphaBeta: Double? = nil, maps: [String] = []) {
            self.course1 = course1; self.structuresPath = structuresPath; self.course2Fractions = course2Fractions
            self.protocolID = protocolID; self.alphaBeta = alphaBeta; self.defaultAlphaBeta = defaultAlphaBeta; self.maps = maps
        }
    }

    /// One (organ, limit) line.
    public struct Line: Sendable, Codable, Hashable {
        public var roi: String
        public var organ: String
        public var alphaBetaGy: Double
        public var metric: String
        public var level: String
        public var limitGy: Double
        /// Course-1 EQD2 of the metric (Gy); nil with `reason` when not evaluable.
        public var usedGy: Double?
        public var remainingEQD2Gy: Double?
        /// Course-2 physical dose allowed at the planned fraction count (Gy).
        public var remainingPhysicalGy: Double?
        /// The same at 2 Gy per fraction (equals the remaining EQD2).
        public var remainingPhysicalAt2GyGy: Double?
        public var reason: String?
        public var source: String
    }

    public struct Outcome: Sendable, Codable {
        public var schema = "dosesum.budget/1"
        public var protocolID: String
        public var course2Fractions: Int
        public var lines: [Line]
        public var diagnostics: [Diagnostic]
    }

    public static func run(_ request: Request) throws -> Outcome {
        guard request.course2Fractions > 0 else {
            throw DoseSumError(.usage, "--course2-fractions must be a positive whole number, got \(request.course2Fractions)")
        }
        let set = try ConstraintLibrary.set(request.protocolID)
        let plan = try request.course1.planPath.map { try DICOMReader.readPlan(at: $0) }
        let (n1, _) = try CaseLoader.fractionCount(request.course1, plan: plan)
        let (dose, notes) = try DICOMReader.readDose(at: request.course1.dosePath, plan: plan)
        let structures = try DICOMReader.readStructureSet(at: request.structuresPath)
        if !structures.frameOfReference.isEmpty, structures.frameOfReference != dose.frameOfReference {
            throw DoseSumError(.geometry, "the structure set's FrameOfReferenceUID \(structures.frameOfReference) differs from course 1's \(dose.frameOfReference); budget needs structures on the course-1 frame",
                               file: request.structuresPath, tag: DICOMTag(0x3006, 0x0024, "ReferencedFrameOfReferenceUID"))
        }
        let course = try Course(label: "course1", dose: dose, fractions: n1)
        let mapping = try StructureMapping(roiNames: structures.rois.map(\.name), overrides: request.maps)
        let policy = try AlphaBetaPolicy(perROI: request.alphaBeta, default: request.defaultAlphaBeta, recovery: [:])
        let (assignments, skipped) = CheckPipeline.selectROIs(structures, mapping: mapping, policy: policy)
        var metrics = CheckPipeline.baseMetrics
        for row in set.constraints where row.scope == .cumulative && !metrics.contains(row.metric) { metrics.append(row.metric) }
        let results = try CompositeEvaluator.evaluate(courses: [course], assignments: assignments, on: dose.grid.geometry, metrics: metrics)
        var lines: [Line] = []
        var diagnostics = notes + mapping.diagnostics + skipped
        for r in results {
            diagnostics += r.diagnostics
            guard let organ = mapping.organ(forROI: r.name) else { continue }
            for row in set.constraints where row.scope == .cumulative && !row.informational && row.metric.unit == .gray
                && row.organs.contains(organ) {
                guard let limit = row.limit else { continue }
                var line = Line(roi: r.name, organ: organ.tg263Name, alphaBetaGy: r.assignment.alphaBeta.gray,
                                metric: row.metric.notation, level: row.level.rawValue, limitGy: limit, source: row.source)
                switch r.composite.values[row.metric] {
                case .value(let used)?:
                    let b = DoseBudget(used: used, limit: limit, alphaBeta: r.assignment.alphaBeta.gray)
                    line.usedGy = used; line.remainingEQD2Gy = b.remainingEQD2
                    line.remainingPhysicalGy = b.physicalDose(fractions: request.course2Fractions)
                    line.remainingPhysicalAt2GyGy = b.physicalDose(dosePerFraction: 2)
                case .notEvaluable(let why)?: line.reason = why
                case nil: line.reason = "\(row.metric.notation) not computed"
                }
                if let condition = row.interval { line.level += " (interval \(condition))" }
                lines.append(line)
            }
        }
        return Outcome(protocolID: set.id, course2Fractions: request.course2Fractions, lines: lines, diagnostics: diagnostics)
    }
}
