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
        public init(dosePath: String, structuresPath: String, metrics: [DoseMetric] = DoseMetric.defaults,
                    rois: [String] = [], endCap: EndCapRule = .halfSpacing) {
            self.dosePath = dosePath; self.structuresPath = structuresPath; self.metrics = metrics
            self.rois = rois; self.endCap = endCap
        }
    }

    public static func run(_ request: Request) throws -> MetricsReport {
        let (dose, doseNotes) = try DICOMReader.readDose(at: request.dosePath)
        let set = try DICOMReader.readStructureSet(at: request.structuresPath)
        if !set.frameOfReference.isEmpty, set.frameOfReference != dose.frameOfReference {
            throw DoseSumError(.geometry,
                "the structure set is in FrameOfReferenceUID \(set.frameOfReference), the dose \(request.dosePath) in \(dose.frameOfReference); they cannot be overlaid without a registration",
                file: request.structuresPath, tag: DICOMTag(0x3006, 0x0024, "ReferencedFrameOfReferenceUID"))
        }
        var diagnostics = doseNotes
        var selected: [ROI] = []
        if request.rois.isEmpty {
            selected = set.rois
        } else {
            for name in request.rois {
                guard let roi = set.roi(matching: name) else {
                    throw DoseSumError(.usage, "--roi '\(name)' is not in the structure set; its ROIs are: \(set.rois.map(\.name).joined(separator: ", "))",
                                       file: request.structuresPath)
                }
                selected.append(roi)
            }
        }
        let sampler = StructureSampler(options: SamplingOptions(endCap: request.endCap))
        // Sample on the patient-anchored lattice (as check and budget do), so each structure is
        // measured whole and alike whatever the dose grid; where the dose grid does not reach, dose is
        // 0 and a diagnostic says so.
        let samplings = sampler.sample(selected, parallel: true)
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
        return MetricsReport(engineVersion: DoseSumVersion.string, dosePath: request.dosePath,
                             doseUID: dose.sopInstanceUID.rawValue, structureSetPath: request.structuresPath,
                             doseDescription: "physical dose, Gy (\(dose.doseType.rawValue))", metricColumns: request.metrics,
                             rois: rois, diagnostics: diagnostics)
    }
}
