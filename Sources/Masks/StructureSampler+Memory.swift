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

    /// Throws before sampling when `estimatedBytes` exceeds `budget`, naming the ROIs, the grid
    /// spacing (mm) and `file` (the structure set).
    public static func requireMemory(_ rois: [ROI], on geometry: GridGeometry, budget: MemoryBudget, file: String?) throws {
        let estimate = estimatedBytes(rois, on: geometry)
        let s = geometry.spacing
        try budget.require(estimate, for: "sampling \(rois.count) ROI(s) (\(rois.prefix(3).map { "'\($0.name)'" }.joined(separator: ", "))\(rois.count > 3 ? ", …" : "")) on a \(s.x) × \(s.y) × \(s.z) mm grid",
                           file: file, tag: nil)
    }
}
