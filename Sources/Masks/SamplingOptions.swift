import Foundation
import Grids

/// How far the solid of a structure extends beyond its first and last contour planes (mm, along
/// patient z).
public enum EndCapRule: String, Sendable, Codable, CaseIterable {
    /// The first and last planes extend half the adjacent contour spacing outward: the "slab"
    /// convention of the analytic DVH references (each plane is a slab ± half the spacing).
    case halfSpacing
    /// The solid spans only from the first to the last contour plane.
    case none
}

/// How the solid of a structure is built from its contour planes.
public enum SurfaceModel: String, Sendable, Codable, CaseIterable {
    /// Each plane's region extruded half-way to its neighbours (end caps by `EndCapRule`): flat-topped
    /// prisms, as planning systems and the analytic DVH references do. The default.
    case slab
    /// Shape-based interpolation between planes with ends closed as the shape's trend implies
    /// (`SmoothSurface`): the cross-section changes continuously along z and domes are rounded.
    case smooth

    /// The model in words, for reports.
    public var words: String {
        switch self {
        case .slab: return "slab (each contour extruded half-way to its neighbouring planes)"
        case .smooth: return "smooth (shape-based interpolation between contour planes, ends closed as the shape's trend implies)"
        }
    }
}

/// Options of `StructureSampler`.
public struct SamplingOptions: Hashable, Sendable {
    /// End-cap rule (default `.halfSpacing`).
    public var endCap: EndCapRule
    /// Surface model (default `.slab`).
    public var surface: SurfaceModel
    /// Largest sub-sample spacing (mm) inside voxels the boundary crosses, for structures up to
    /// `cellScalingVolumeCC`. A boundary voxel is split into n sub-cells per axis with
    /// n = ⌈max voxel spacing / cell⌉, clamped to `subdivisionRange`. 0.4 mm keeps the near-maximum
    /// dose of a 1 Gy/mm gradient within 0.2 Gy of the exact value.
    public var maxSubsampleSpacingMM: Double
    /// Above this volume (cc, estimated from contour areas × slab thickness) the cell grows as the
    /// cube root of the volume: cell = maxSubsampleSpacingMM × (V / this)^⅓. Large structures (body,
    /// brain) then cost about as many samples as a 30 cc organ per unit of surface … within reason,
    /// while every organ up to 30 cc keeps 0.4 mm cells. `nil`: never grow.
    public var cellScalingVolumeCC: Double?
    /// Bounds on n (sub-cells per axis of a boundary voxel).
    public var subdivisionRange: ClosedRange<Int>
    /// Slab thickness (mm) for an ROI contoured on a single plane. `nil`: the typical contour spacing
    /// of the other ROIs of the structure set (when sampling a set), else the sampling grid's voxel
    /// extent along patient z. A diagnostic states the thickness used.
    public var singlePlaneThicknessMM: Double?

    /// A voxel counts as fully inside (one sample at its centre) only when the structure surface is
    /// farther than this (mm) beyond its box; nearer voxels are sub-sampled. Whole-voxel samples
    /// lump a voxel's dose range at its centre dose; keeping them away from the surface keeps those
    /// lumps out of the near-maximum region of small organs.
    public var fullVoxelMarginMM: Double

    /// Spacing (mm) of the lattice structures are sampled on when the caller gives none
    /// (`StructureSampler.lattice(covering:)`): patient axes, voxel centres at whole multiples of it.
    /// The lattice is fixed in patient space, so a structure's samples, and its metrics on a given
    /// dose, are the same whichever dose grids, common grid or command there are. 2.5 mm costs about
    /// what sampling on a typical 2.5 mm RTDOSE grid did.
    public var latticeSpacingMM: Double

    public init(endCap: EndCapRule = .halfSpacing, maxSubsampleSpacingMM: Double = 0.4,
                cellScalingVolumeCC: Double? = 30, subdivisionRange: ClosedRange<Int> = 2...12,
                singlePlaneThicknessMM: Double? = nil, fullVoxelMarginMM: Double = 1.0, latticeSpacingMM: Double = 2.5,
                surface: SurfaceModel = .slab) {
        self.endCap = endCap; self.surface = surface; self.maxSubsampleSpacingMM = maxSubsampleSpacingMM; self.fullVoxelMarginMM = fullVoxelMarginMM
        self.latticeSpacingMM = latticeSpacingMM
        self.cellScalingVolumeCC = cellScalingVolumeCC
        self.subdivisionRange = subdivisionRange; self.singlePlaneThicknessMM = singlePlaneThicknessMM
    }

    /// Sub-cells per axis of a boundary voxel of `geometry` for a structure of about `volumeMM3`.
    public func subdivisions(for geometry: GridGeometry, volumeMM3: Double = 0) -> Int {
        let s = max(geometry.spacing.x, geometry.spacing.y, geometry.spacing.z)
        var cell = maxSubsampleSpacingMM
        if let scale = cellScalingVolumeCC, scale > 0, volumeMM3 > scale * 1000 {
            cell *= Foundation.cbrt(volumeMM3 / (scale * 1000))
        }
        let n = Int((s / cell - 1e-9).rounded(.up))
        return min(max(n, subdivisionRange.lowerBound), subdivisionRange.upperBound)
    }
}
