import DICOMIO
import DoseMetrics
import Foundation
import Grids
import Masks
import Reports
import RTCore
import RTModel

/// `dosesum metrics`: one dose, one structure set → per-ROI dose-volume metrics of the physical dose.
///
/// Each ROI is sampled on the dose grid (fractional occupancy, boundary voxels sub-sampled) and the
/// dose is the trilinear interpolant of the stored samples at each sample point (0 outside the grid).
public enum MetricsPipeline {
    public struct Request: Sendable {
        public var dosePath: String
        public var structuresPath: String
        public var metrics: [DoseMetric]
        /// ROI names to evaluate (all ROIs with contours when empty).
        public var rois: [String]
        public var endCap: EndCapRule
        /// How the structures' solids are built from their contours (`--surface`).
        public var surface: SurfaceModel = .slab
        /// The most memory the dose grid and the sampling may take.
        public var memoryBudget: MemoryBudget
        /// The program's arguments, for the report's provenance (set by the CLI).
        public var commandLine: [String] = []
        public init(dosePath: String, structuresPath: String, metrics: [DoseMetric] = DoseMetric.defaults,
                    rois: [String] = [], endCap: EndCapRule = .halfSpacing, memoryBudget: MemoryBudget = .default) {
            self.dosePath = dosePath; self.structuresPath = structuresPath; self.metrics = metrics
            self.rois = rois; self.endCap = endCap; self.memoryBudget = memoryBudget
        }
    }

    public static func run(_ request: Request) throws -> MetricsReport {
        let (dose, doseNotes) = try DICOMReader.readDose(at: request.dosePath, budget: request.memoryBudget)
        let set = try DICOMReader.readStructureSet(at: request.structuresPath)
        if !set.frameOfReference.isEmpty, set.frameOfReference != dose.frameOfReference {
            throw DoseSumError(.geometry,
                "the structure set is in FrameOfReferenceUID \(set.frameOfReference), the dose \(request.dosePath) in \(dose.frameOfReference); they cannot be overlaid without a registration",
                file: request.structuresPath, tag: DICOMTag(0x3006, 0x0024, "ReferencedFrameOfReferenceUID"))
        }
        var diagnostics = doseNotes + set.diagnostics
        var selected: [ROI] = []
        if request.rois.isEmpty {
            selected = set.rois
        } else {
            for name in request.rois {
                guard let roi = set.roi(matching: name) else {
                    throw DoseSumError(.usage, "'\(name)' is not in the structure set; its ROIs are: \(set.rois.map(\.name).joined(separator: ", "))",
                                       file: request.structuresPath, field: .roi)
                }
                selected.append(roi)
            }
        }
        let sampler = StructureSampler(options: SamplingOptions(endCap: request.endCap, surface: request.surface))
        // Sample on the patient-anchored lattice (as check and budget do), so each structure is
        // measured whole and alike whatever the dose grid; where the dose grid does not reach, dose is
        // 0 and a diagnostic says so.
        let samplings = try sampler.survey(selected, budget: request.memoryBudget, file: request.structuresPath).samplings()
        let field = TrilinearField(grid: dose.grid, evaluationToGrid: .identity)
        var rois: [MetricsReport.ROI] = []
        for (roi, sampling) in zip(selected, samplings) {
            // One pass over the sample points gives both the doses and how many lie outside the grid.
            let (doses, outside) = field.sample(at: sampling.points)
            let m = try StructureMetrics(sampling: sampling, doses: doses, metrics: request.metrics)
                .includingSurfaceExtremes(field.sample(at: sampling.surfacePoints).values)
            diagnostics += m.diagnostics
            if outside > 0 {
                diagnostics.append(Diagnostic(.warning, code: "dose.does-not-cover-structure",
                    "ROI '\(roi.name)': \(outside) of \(sampling.points.count) sample points lie outside the dose grid; dose 0 assumed there",
                    subject: request.dosePath))
            }
            rois.append(MetricsReport.ROI(name: roi.name, number: roi.number, volume: sampling.isEmpty ? nil : sampling.volume,
                                          metrics: m.values))
        }
        var report = MetricsReport(engineVersion: DoseSumVersion.string, dosePath: request.dosePath,
                             doseUID: dose.sopInstanceUID.rawValue, structureSetPath: request.structuresPath,
                             doseDescription: "physical dose, Gy (\(dose.doseType.rawValue))", metricColumns: request.metrics,
                             rois: rois, diagnostics: diagnostics)
        report.surface = request.surface.rawValue
        report.provenance = try ProvenanceCollector.collect(
            [.init(role: "dose", path: request.dosePath), .init(role: "structure_set", path: request.structuresPath)],
            commandLine: request.commandLine, now: Date())
        return report
    }
}
