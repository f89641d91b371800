import Grids
import RTCore
import RTModel

extension StructureSampler {
    /// Bytes per voxel of an ROI's bounding box that a survey and its samplings may hold at most
    /// (voxel index, occupied fraction, classification and a share of the boundary sample points).
    static let estimatedBytesPerBoxVoxel = 24.0

    /// An upper estimate (bytes) of what sampling `rois` on `geometry` allocates: per ROI, the voxels
    /// of the box of its contour points (plus one voxel each side) on the grid's lattice. Computed in
    /// Doubles: never overflows, whatever the coordinates.
    public static func estimatedBytes(_ rois: [ROI], on geometry: GridGeometry) -> Double {
        rois.reduce(0.0) { total, roi in
            var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
            for contour in roi.contours {
                for p in contour.points {
                    let ijk = geometry.index(of: p)
                    lo = pointwiseMin(lo, ijk); hi = pointwiseMax(hi, ijk)
                }
            }
            guard lo.x <= hi.x else { return total }
            let n = (hi - lo).rounded(.up) + 3
            return total + MemoryBudget.gridBytes(n, bytesPerVoxel: estimatedBytesPerBoxVoxel)
        }
    }

    /// Bytes one sample point costs from its writing to its DVH: position (12), weight (4), and the
    /// doses the pipelines keep per point (each course's and the composite's, about 16).
    static let estimatedBytesPerSample = 32.0

    /// Throws, after the survey and before any sample point is written, when the points the survey
    /// would write with every boundary voxel sampled fine (`subdivisions`³ per boundary voxel, one
    /// per inside voxel) exceed `budget`: a flat or huge ROI has few box voxels but may have many
    /// boundary voxels, which `estimatedBytes` (the box) does not see.
    public static func requireSampleMemory(_ survey: StructureSurvey, budget: MemoryBudget, file: String?) throws {
        var samples = 0.0
        for (sampling, boundary) in zip(survey.voxels, survey.boundary) {
            let fine = Double(boundary.lazy.filter { $0 }.count)
            let cells = Double(sampling.subdivisions) * Double(sampling.subdivisions) * Double(sampling.subdivisions)
            samples += fine * cells + (Double(boundary.count) - fine)
        }
        let names = survey.voxels.prefix(3).map { "'\($0.roiName)'" }.joined(separator: ", ") + (survey.voxels.count > 3 ? ", …" : "")
        try budget.require(samples * estimatedBytesPerSample, for: "the \(Int(samples)) sample points of \(survey.voxels.count) ROI(s) (\(names))",
                           file: file, tag: nil)
    }

    /// Throws before sampling when `estimatedBytes` exceeds `budget`, naming the ROIs, the grid
    /// spacing (mm) and `file` (the structure set).
    public static func requireMemory(_ rois: [ROI], on geometry: GridGeometry, budget: MemoryBudget, file: String?) throws {
        try requireMemory(rois, estimate: estimatedBytes(rois, on: geometry), spacing: geometry.spacing, budget: budget, file: file)
    }

    /// `requireMemory` with each ROI on its own grid (`geometries[n]`, one per ROI, all of one spacing).
    static func requireMemory(_ rois: [ROI], on geometries: [GridGeometry], budget: MemoryBudget, file: String?) throws {
        let estimate = zip(rois, geometries).reduce(0.0) { $0 + estimatedBytes([$1.0], on: $1.1) }
        try requireMemory(rois, estimate: estimate, spacing: geometries.first?.spacing ?? .zero, budget: budget, file: file)
    }

    private static func requireMemory(_ rois: [ROI], estimate: Double, spacing s: SIMD3<Double>, budget: MemoryBudget, file: String?) throws {
        try budget.require(estimate, for: "sampling \(rois.count) ROI(s) (\(rois.prefix(3).map { "'\($0.name)'" }.joined(separator: ", "))\(rois.count > 3 ? ", …" : "")) on a \(s.x) × \(s.y) × \(s.z) mm grid",
                           file: file, tag: nil)
    }
}
