import ArgumentParser
import Masks
import RTCore

/// `--surface slab|smooth`, shared by check, metrics, budget and export.
struct SurfaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How structures are built from their contours: slab (each contour extruded half-way to its neighbouring planes, as planning systems do) or smooth (shape-based interpolation between planes, ends closed as the shape's trend implies).", valueName: "slab|smooth"))
    var surface: String = "slab"

    /// The parsed model; a usage error names the option and the value.
    var model: SurfaceModel {
        get throws {
            guard let m = SurfaceModel(rawValue: surface.lowercased()) else {
                throw DoseSumError(.usage, "--surface expects 'slab' or 'smooth', got '\(surface)'")
            }
            return m
        }
    }
}
