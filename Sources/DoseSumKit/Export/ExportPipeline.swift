import DICOMIO
import Foundation
import Grids
import Masks
import OutputFiles
import Radiobiology
import RTCore
import RTModel

/// `dosesum export`: the voxelwise cumulative EQD2 composite written as an RTDOSE in the course-2 frame.
///
/// Each course is resampled (trilinear, 0 outside its grid) onto the common grid, converted voxelwise to
/// EQD2 with its own fraction count, and summed. The α/β of a voxel is `--default-alpha-beta`, except
/// inside ROIs given `--alpha-beta ROI=GY` (voxels at least half inside the ROI); where such ROIs
/// overlap, the **smallest** α/β wins (the most fractionation-sensitive tissue). Recovery is not applied
/// to the exported map (it is an ROI-level assumption reported by `check`).
public enum ExportPipeline {
    public struct Request: Sendable {
        public var composite: CompositeRequest
        public var output: String
        public var overwrite: Bool
        /// How messages name the output (the CLI passes its option name).
        public var outputLabel: String
        /// How the structures of per-ROI α/β regions are built from their contours (`--surface`).
        public var surface: SurfaceModel = .slab
        public init(composite: CompositeRequest, output: String, overwrite: Bool, outputLabel: String = "the output RTDOSE") {
            self.composite = composite; self.output = output; self.overwrite = overwrite; self.outputLabel = outputLabel
        }

        /// The one file export writes, checked before anything is read or computed.
        public var outputPlan: OutputPlan {
            OutputPlan(outputs: [.init(label: outputLabel, path: output)], inputs: composite.inputFiles, overwrite: overwrite)
        }
    }

    public struct Outcome: Sendable {
        public var sopInstanceUID: UID
        public var geometry: GridGeometry
        public var maximumGy: Double
        /// The α/β rule used, in words (also written into the file's ImageComments).
        public var alphaBetaRule: String
        public var diagnostics: [Diagnostic]
    }

    public static func run(_ request: Request) throws -> Outcome {
        guard let defaultAB = request.composite.defaultAlphaBeta else {
            throw DoseSumError(.usage, "export needs a default α/β (Gy): every voxel of the exported map needs one", field: .defaultAlphaBeta)
        }
        try request.outputPlan.check()
        if !request.composite.recovery.isEmpty {
            // The exported map is the plain voxelwise sum; a recovery discount is an assumption about
            // one organ's verdict, not a dose, so it is refused rather than silently ignored.
            throw DoseSumError(.usage, "export writes the undiscounted composite EQD2; recovery factors (\(request.composite.recovery.keys.sorted().joined(separator: ", "))) are not applied to an exported dose: remove them (check and budget report the discounted values)")
        }
        if !request.composite.alphaBeta.isEmpty && request.composite.structuresPath == nil {
            throw DoseSumError(.usage, "an α/β per ROI needs a structure set (RTSTRUCT) to know where the ROI is", field: .alphaBeta)
        }
        let loaded = try CaseLoader.load(request.composite)
        let geometry = try CheckPipeline.commonGeometry(loaded, choice: request.composite.grid)
        try request.composite.requireCommonGridMemory(geometry)
        var diagnostics = loaded.diagnostics
        let (field, rule) = try alphaBetaField(loaded, request: request.composite, geometry: geometry, defaultAB: defaultAB,
                                               surface: request.surface, diagnostics: &diagnostics)
        let composite = try compositeEQD2(courses: loaded.courses, onto: geometry, alphaBeta: field)
        let all = loaded.courses, last = all[all.count - 1]
        let plans = Array(Set(all.flatMap(\.dose.referencedPlanUIDs))).sorted { $0.rawValue < $1.rawValue }
        let dose = DoseDistribution(grid: composite, units: .gray, doseType: .effective,
                                    summationType: plans.count >= 2 ? .multiPlan : .plan,
                                    frameOfReference: last.dose.frameOfReference, referencedPlanUIDs: plans, patient: last.dose.patient)
        let courseWords = all.indices.map { n in
            "Course \(n + 1): \(request.composite.courses[n].dosePath) (SOPInstanceUID \(all[n].dose.sopInstanceUID.rawValue)), n = \(all[n].fractions)"
                + (n < loaded.alignments.count ? ", mapping: \(loaded.alignments[n].source)" : "") + "."
        }
        let description = """
            DoseSum \(DoseSumVersion.string) cumulative EQD2 (Gy) = sum over courses of D(D/n + a/b)/(2 + a/b), voxelwise, \
            trilinear resampling onto the last course's frame. \(courseWords.joined(separator: " ")) \(rule)
            """
        let uid = try DICOMWriter.writeDose(dose, to: request.output, seriesDescription: "DoseSum EQD2 composite",
                                            overwrite: request.overwrite,
                                            overrides: [DICOMTag(0x0020, 0x4000, "ImageComments"): String(description.prefix(10_240)),
                                                        DICOMTag(0x3004, 0x0006, "DoseComment"): "Cumulative EQD2, Gy (DoseSum)"])
        return Outcome(sopInstanceUID: uid, geometry: geometry, maximumGy: Double(composite.maximum), alphaBetaRule: rule,
                       diagnostics: diagnostics)
    }

    static func alphaBetaField(_ loaded: LoadedCase, request: CompositeRequest, geometry: GridGeometry, defaultAB: Double,
                               surface: SurfaceModel = .slab, diagnostics: inout [Diagnostic]) throws -> (AlphaBetaField, String) {
        let base = try AlphaBeta(defaultAB)
        guard let set = loaded.structures, !request.alphaBeta.isEmpty else {
            return (.uniform(base), AlphaBetaField.precedenceDescription(regions: [], default: base) + ".")
        }
        // Ascending α/β: where ROIs overlap, the smallest α/β (most fractionation-sensitive tissue) wins.
        let named = request.alphaBeta.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) })
        let rois = try named.map { name, _ in
            guard let roi = set.roi(matching: name) else {
                throw DoseSumError(.usage, "names ROI '\(name)' that the structure set does not have", file: set.source, field: .alphaBeta)
            }
            return roi
        }
        // Only the voxels and their occupied fractions are needed: the survey, without sample points.
        try StructureSampler.requireMemory(rois, on: geometry, budget: request.memoryBudget, file: set.source)
        var regions: [AlphaBetaRegion] = []
        for (roi, (sampling, (_, ab))) in zip(rois, zip(StructureSampler(options: SamplingOptions(surface: surface)).survey(rois, on: geometry).voxels, named)) {
            diagnostics += sampling.diagnostics
            regions.append(AlphaBetaRegion(name: roi.name, alphaBeta: try AlphaBeta(ab), voxelIndices: sampling.voxelIndices,
                                           fractions: sampling.voxelFractions))
        }
        let field = try AlphaBetaField.byPrecedence(on: geometry, regions: regions, default: base)
        return (field, AlphaBetaField.precedenceDescription(regions: regions, default: base)
                + " (smallest α/β first; ROIs built with the \(surface.rawValue) surface model).")
    }
}
