import ArgumentParser
import DoseSumKit
import Foundation

/// `dosesum export`: the composite EQD2 as an RTDOSE.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export",
        abstract: "Write the voxelwise cumulative EQD2 composite (Gy) as an RTDOSE in the course-2 frame.",
        discussion: "Voxel α/β: --default-alpha-beta, or an ROI's --alpha-beta inside it (needs --structures; the smallest α/β wins where ROIs overlap).")

    @OptionGroup var composite: CompositeOptions
    @Option(help: "RTSTRUCT (course-2 frame), needed for per-ROI --alpha-beta.") var structures: String?
    @Option(help: "The RTDOSE file to write.") var output: String
    @OptionGroup var surface: SurfaceOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        var request = ExportPipeline.Request(composite: try composite.request(structures: structures), output: output,
                                             overwrite: outputOptions.force, outputLabel: "--output")
        request.surface = try surface.model
        let outcome = try ExportPipeline.run(request)
        Terminal.diagnostics(outcome.diagnostics.filter { $0.severity != .info })
        let g = outcome.geometry
        print("wrote \(output): EQD2 composite, \(g.size.x)×\(g.size.y)×\(g.size.z) voxels of \(g.spacing.x)×\(g.spacing.y)×\(g.spacing.z) mm, max \(String(format: "%.2f", outcome.maximumGy)) Gy EQD2, SOPInstanceUID \(outcome.sopInstanceUID)")
        print(outcome.alphaBetaRule)
    }
}
