import Constraints
import DICOMIO
import Foundation
import Grids
import Masks
import OutputFiles
import Radiobiology
import RTCore
import RTModel

/// What `dosesum budget --map-output` asks for: the budget map written as an RTDOSE.
public struct BudgetMapRequest: Sendable {
    /// The RTDOSE to write.
    public var output: String
    public var overwrite: Bool
    /// How messages name the output (the CLI passes its option name).
    public var outputLabel: String
    /// The constraint level whose rows bound the map; nil: every level (each organ's strictest row wins).
    public var level: Constraint.Level?
    /// Gy: the value of voxels in no limited organ, and the most any voxel shows (`defaultCeilingGy`).
    public var ceilingGy: Double
    /// mm: a grid of this spacing on patient axes covering the structures; nil: course 1's dose grid.
    public var gridSpacingMM: Double?
    /// How messages name the level, ceiling and grid options (the CLI passes its option names).
    public var labels = Labels()

    public struct Labels: Sendable {
        public var level = "the map level", ceiling = "the map ceiling", grid = "the map grid spacing"
        public init(level: String = "the map level", ceiling: String = "the map ceiling", grid: String = "the map grid spacing") {
            self.level = level; self.ceiling = ceiling; self.grid = grid
        }
    }

    /// 100 Gy: above any single course-2 prescription, so a voxel at the ceiling is one no counted
    /// row limits (or one they leave at least this much).
    public static let defaultCeilingGy = 100.0

    public init(output: String, overwrite: Bool = false, outputLabel: String = "the budget map", level: Constraint.Level? = nil,
                ceilingGy: Double = BudgetMapRequest.defaultCeilingGy, gridSpacingMM: Double? = nil, labels: Labels = Labels()) {
        self.output = output; self.overwrite = overwrite; self.outputLabel = outputLabel; self.level = level
        self.ceilingGy = ceilingGy; self.gridSpacingMM = gridSpacingMM; self.labels = labels
    }

    /// Usage errors of the map's own options, before anything is read.
    func validate() throws {
        guard ceilingGy.isFinite, ceilingGy > 0, ceilingGy <= PhysicalLimits.maximumDoseGy else {
            throw DoseSumError(.usage, "\(labels.ceiling) must be a dose in Gy > 0 and ≤ \(PhysicalLimits.maximumDoseGy), got \(ceilingGy)")
        }
        if let s = gridSpacingMM, !(s.isFinite && s >= 0.1 && s <= 20) {
            throw DoseSumError(.usage, "\(labels.grid) must be 0.1–20 mm, got \(s)")
        }
    }
}

/// What was written, for the text and JSON reports (`map` of `dosesum.budget/2`, present only with a map).
public struct BudgetMapSummary: Sendable, Codable, Hashable {
    public struct Region: Sendable, Codable, Hashable {
        public var roi: String
        public var organ: String
        /// Voxels of the map the ROI occupies at all (occupied fraction > 0).
        public var voxels: Int
        /// The counted rows, e.g. "cumulative EQD2 D0.03cc ≤ 70.2 Gy (desirable, α/β 2)".
        public var rows: [String]
    }
    public var path: String
    public var sopInstanceUID: String
    /// `strictest` (every level) or the level kept.
    public var level: String
    public var course2Fractions: Int
    public var ceilingGy: Double
    /// `course 1 dose grid` or `N mm covering the structures`.
    public var grid: String
    public var size: [Int]
    /// mm (columns, rows, slices).
    public var spacingMM: [Double]
    public var limitedVoxels: Int
    public var cappedVoxels: Int
    public var exhaustedVoxels: Int
    public var regions: [Region]
}

/// Builds and writes the budget map (see `BudgetMap` for the arithmetic, `BudgetMapRows` for the rows).
///
/// Grid: course 1's dose grid (its voxel centres; the course-1 dose is the stored sample), or with a
/// spacing the patient-axis lattice at whole multiples of it covering every contour point of the
/// structure set with one voxel to spare (course 1 interpolated trilinearly; beyond its grid, the dose
/// on its nearest face, as the project's uncovered-dose rule assumes). A voxel belongs to an ROI when
/// the ROI occupies any of it (occupied fraction > 0: the conservative choice, a voxel on an organ's
/// edge is bounded by it). The map is nominal: the registration scenarios of the table are not applied
/// to it. The RTDOSE is in the frame of course 1 and the structures (the frame course 2 is planned in),
/// DoseType EFFECTIVE (its values are LQ-derived course-2 physical doses, not a delivered dose),
/// DoseSummationType PLAN with no referenced plan (no plan delivers it), and its SeriesDescription,
/// ImageComments and DoseComment say what it is.
enum BudgetMapPipeline {
    /// Bytes per map voxel held while writing: the Float values and the stored UInt32 samples.
    static let bytesPerMapVoxel = 8.0

    static func geometry(_ request: BudgetMapRequest, course1: DoseDistribution, structures: StructureSet) throws -> GridGeometry {
        guard let s = request.gridSpacingMM else { return course1.grid.geometry }
        let points = structures.rois.flatMap { $0.contours.flatMap(\.points) }
        guard !points.isEmpty else {
            throw DoseSumError(.usage, "the budget map's grid covers the structures, but the structure set has no contour points", file: structures.source)
        }
        return try .anchoredLattice(covering: points, spacing: s, margin: s, what: "the structures of \(structures.source ?? "the structure set")")
    }

    struct Inputs {
        /// The prior courses, course 1 first, all in the structures' frame.
        var priors: [Course]
        var structures: StructureSet
        var mapping: StructureMapping
        var policy: AlphaBetaPolicy
        var set: ConstraintSet
        var course2Fractions: Int
        var intervalMonths: Double?
        var memoryBudget: MemoryBudget
    }

    static func run(_ request: BudgetMapRequest, _ inputs: Inputs) throws -> (BudgetMapSummary, Grid<Float>, [Diagnostic]) {
        let rows = try BudgetMapRows(set: inputs.set, level: request.level, intervalMonths: inputs.intervalMonths, option: request.labels.level)
        let dose = inputs.priors[0].dose
        let geometry = try geometry(request, course1: dose, structures: inputs.structures)
        try inputs.memoryBudget.require(MemoryBudget.gridBytes(SIMD3<Double>(geometry.size), bytesPerVoxel: bytesPerMapVoxel),
            for: "the budget map of \(geometry.size.x) × \(geometry.size.y) × \(geometry.size.z) voxels at \(geometry.spacing.x) × \(geometry.spacing.y) × \(geometry.spacing.z) mm")
        // The ROIs of limited organs with their bounds; an EQD2 row needs an α/β (the row's or the ROI's).
        var rois: [ROI] = [], bounds: [[BudgetMap.Bound]] = [], words: [[String]] = [], organs: [Organ] = []
        for roi in inputs.structures.rois where !roi.contours.isEmpty {
            guard let organ = inputs.mapping.anyOrgan(forROI: roi.name), let limits = rows.limits[organ] else { continue }
            let own = inputs.policy.resolve(roiName: roi.name, organ: organ)?.0.gray
            var b: [BudgetMap.Bound] = [], w: [String] = []
            for l in limits {
                let ab: Double
                if l.kind == .course2Physical { ab = 0 } else {
                    guard let value = l.statedAlphaBeta ?? own else {
                        throw DoseSumError(.usage, "the budget map needs an α/β for ROI '\(roi.name)' (\(organ.tg263Name)): its \(l.kind.rawValue) \(l.metric.notation) row states none; give an α/β for the ROI or a default α/β",
                                           file: inputs.structures.source, field: .alphaBeta)
                    }
                    ab = value
                }
                b.append(BudgetMap.Bound(kind: l.kind, limitGy: l.limitGy, alphaBetaGy: ab))
                w.append("\(l.kind.rawValue) \(l.metric.notation) ≤ \(gy(l.limitGy)) Gy (\(l.level.rawValue)" + (l.kind == .course2Physical ? ")" : ", α/β \(gy(ab)))"))
            }
            rois.append(roi); bounds.append(b); words.append(w); organs.append(organ)
        }
        try StructureSampler.requireMemory(rois, on: geometry, budget: inputs.memoryBudget, file: inputs.structures.source)
        let samplings = StructureSampler().survey(rois, on: geometry).voxels
        var diagnostics: [Diagnostic] = []
        var regions: [BudgetMap.Region] = [], summaries: [BudgetMapSummary.Region] = []
        for (n, s) in samplings.enumerated() {
            diagnostics += s.diagnostics
            if let why = s.notEvaluableReason {
                throw DoseSumError(.geometry, "the budget map cannot place ROI '\(rois[n].name)' (\(organs[n].tg263Name)), which a counted row limits: \(why)",
                                   file: inputs.structures.source)
            }
            // with recovery, each prior course's EQD2 weighted as in the table (the planned course follows them)
            let recovery = inputs.policy.assignment.recovery(for: rois[n].name)
            let weights = recovery.discounts
                ? Array(RecoveryWeighting.weights(courses: inputs.priors.count + 1, recovery: recovery).prefix(inputs.priors.count)) : []
            regions.append(BudgetMap.Region(name: rois[n].name, voxelIndices: s.voxelIndices, bounds: bounds[n], priorWeights: weights))
            summaries.append(.init(roi: rois[n].name, organ: organs[n].tg263Name, voxels: s.voxelIndices.count, rows: words[n]))
        }
        let priors = inputs.priors.enumerated().map { n, course in
            BudgetMap.Prior(fractions: course.fractions, gy: reader(course, on: geometry, sameGrid: n == 0 && request.gridSpacingMM == nil))
        }
        let map = BudgetMap.compute(voxelCount: geometry.voxelCount, regions: regions, priors: priors,
                                    course2Fractions: inputs.course2Fractions, ceilingGy: request.ceilingGy)
        let priorWords = inputs.priors.enumerated().map { n, c in
            "\(n == 0 ? "Course 1" : "prior course \(n + 1)"): \(c.dose.source ?? "?") (SOPInstanceUID \(c.dose.sopInstanceUID.rawValue)), n = \(c.fractions)"
        }.joined(separator: "; ")
        let level = request.level?.rawValue ?? "strictest"
        let gridWords = request.gridSpacingMM.map { "\(gy($0)) mm covering the structures" } ?? "course 1 dose grid"
        let written = DoseDistribution(grid: Grid(geometry: geometry, values: map.values), units: .gray, doseType: .effective,
                                       summationType: "PLAN", frameOfReference: dose.frameOfReference, referencedPlanUIDs: [],
                                       patient: dose.patient)
        let comments = """
            DoseSum \(DoseSumVersion.string) budget map, not a dose: each voxel holds the highest physical dose (Gy) course 2 may \
            still deliver there in \(inputs.course2Fractions) fractions so that every organ occupying the voxel (any fraction > 0) \
            stays within its \(request.level.map { "\($0.rawValue) limits" } ?? "strictest limit (every level)") of the constraint set \
            \(inputs.set.id) (\(inputs.set.title)): the minimum over those organs' maximum-dose rows (Dmax, D(v<=0.1cc); \
            cumulative EQD2 rows: R = limit - course-1 EQD2 at the voxel, D = n/2(-a/b + sqrt(a/b^2 + 4R(2 + a/b)/n)), 0 when R <= 0; \
            course-2 rows: the limit alone). Used EQD2 = the sum over the prior courses at the voxel centre, nominal \
            position (no registration scenario)\(recoveryWords(inputs)). \(priorWords). \
            Voxels in no limited organ, and voxels allowed more: ceiling \(gy(request.ceilingGy)) Gy. Grid: \(gridWords). \
            Organs: \(summaries.map { "\($0.roi) (\($0.organ))" }.joined(separator: ", ")).
            """
        let description = String("DoseSum budget \(level) \(inputs.set.id) \(inputs.course2Fractions) fx".prefix(64))
        let uid = try DICOMWriter.writeDose(written, to: request.output, seriesDescription: description, overwrite: request.overwrite,
                                            overrides: [DICOMTag(0x0020, 0x4000, "ImageComments"): String(comments.prefix(10_240)),
                                                        DICOMTag(0x3004, 0x0006, "DoseComment"): "Course-2 physical dose left, Gy (DoseSum budget map)"])
        let g = geometry
        let summary = BudgetMapSummary(path: request.output, sopInstanceUID: uid.rawValue, level: level, course2Fractions: inputs.course2Fractions,
                                       ceilingGy: request.ceilingGy, grid: gridWords, size: [g.size.x, g.size.y, g.size.z],
                                       spacingMM: [g.spacing.x, g.spacing.y, g.spacing.z], limitedVoxels: map.limitedVoxels,
                                       cappedVoxels: map.cappedVoxels, exhaustedVoxels: map.exhaustedVoxels, regions: summaries)
        return (summary, written.grid, diagnostics)
    }

    /// "; recovery-discounted for ROI: 50 % of course 1 discounted, …" when some mapped ROI has
    /// recovery factors, else "".
    static func recoveryWords(_ inputs: Inputs) -> String {
        let notes = inputs.structures.rois.compactMap { roi -> String? in
            RecoveryWeighting.words(courses: inputs.priors.count + 1, recovery: inputs.policy.assignment.recovery(for: roi.name)).map { "\(roi.name): \($0)" }
        }
        return notes.isEmpty ? "" : "; recovery-discounted (weight 1 - r per prior course) for \(notes.joined(separator: "; "))"
    }

    /// A dose or spacing for the file's text: up to 6 significant digits, no trailing zeros ("70.2", "2").
    static func gy(_ v: Double) -> String { String(format: "%g", v) }

    /// A prior course's physical dose (Gy) at a map voxel's centre: the stored sample when the map is
    /// on its grid, else trilinear with positions beyond its grid read on its nearest face.
    static func reader(_ course: Course, on geometry: GridGeometry, sameGrid: Bool) -> @Sendable (Int) -> Double {
        if sameGrid {
            let values = course.dose.grid.values
            return { Double(values[$0]) }
        }
        let field = course.field
        let nx = geometry.size.x, ny = geometry.size.y
        return { v in
            let ijk = SIMD3<Double>(Double(v % nx), Double((v / nx) % ny), Double(v / (nx * ny)))
            return field.clampedValue(at: geometry.point(atIndex: ijk))
        }
    }
}
