import Grids
import RTCore

/// Where one structure is, on a sampling grid: fractional voxel occupancy and weighted sample points.
///
/// Built by `StructureSampler`. The structure solid is the slab stack of its closed planar contours
/// (each plane's even-odd region extruded half-way to its neighbouring planes, end caps by
/// `EndCapRule`). For every voxel of `geometry`:
/// - fully inside, and farther than `SamplingOptions.fullVoxelMarginMM` from the surface: one sample
///   at the voxel centre, weight = voxel volume (mm³), occupancy 1;
/// - crossed by the boundary (or near it): sub-sampled. On axis-aligned grids the voxel is cut at the
///   slab faces (z) and at the exact contour crossings of each sub-row (x) into cells ≤ 1/n of the
///   voxel per axis; each cell gives a sample at its centre weighted by its volume. On other grids
///   the n × n × n sub-cell centres are tested (weight = voxel volume / n³). The occupancy is the
///   inside volume / voxel volume. See `StructureSampler` and `VoxelFrame.sampleBoundaryVoxel`.
///   A caller may have chosen some boundary voxels to be sampled *coarse* (`StructureSurvey`): one
///   sample per strip (a sub-row's inside x interval within a slab piece) instead of per cell, with
///   the same volume (`coarseVoxelCount` counts them);
/// - outside: nothing.
/// Samples are in patient coordinates (LPS, mm), so doses are read *where the structure is*; every
/// sample lies inside the structure, and near its faces to within half a cell (≤ 0.2 mm with the
/// default 0.4 mm cells), which bounds how far Dmax can fall short in a gradient.
/// Both lists are in voxel storage order (k, then j, then i; a voxel's sub-samples together).
public struct StructureSampling: Sendable {
    public var roiNumber: ROINumber
    public var roiName: String
    /// The grid the occupancy refers to.
    public var geometry: GridGeometry
    /// Sub-cells per axis of a boundary voxel.
    public var subdivisions: Int
    /// Linear indices (`geometry.linearIndex`) of voxels with non-zero occupancy, ascending.
    public var voxelIndices: [Int]
    /// Occupied fraction (0, 1] of each voxel in `voxelIndices`.
    public var voxelFractions: [Float]
    /// Sample positions, patient coordinates (LPS, mm), computed in Double and stored rounded to
    /// Float: within 3.1e-5 mm of the computed position up to 512 mm from the origin (3e-5 Gy in a
    /// 1 Gy/mm gradient), at half the memory of Double (16 instead of 32 bytes per sample).
    public var points: [SIMD3<Float>]
    /// Volume (mm³) each sample stands for; sums to the structure volume.
    public var weights: [Float]
    /// Structure volume (mm³) = Σ weights = Σ fractions × voxel volume, accumulated in Double.
    public var volumeMM3: Double
    /// Boundary voxels sampled coarse, one sample per strip instead of per cell (see
    /// `StructureSurvey`); 0 when every boundary voxel is sampled fine.
    public var coarseVoxelCount = 0
    /// Per voxel of `voxelIndices`, the index in `points` of its first sample (a voxel's samples are
    /// together, in voxel order), then `points.count`: `voxelIndices.count + 1` entries, as the
    /// sampler wrote them. Empty when not known (a sampling built otherwise); see `sampleRanges`.
    public var sampleStarts: [Int32] = []
    /// Points of the structure's surface where the extremes of a dose linear over each slab lie
    /// (every contour vertex at both faces of its slab; patient LPS, mm, as Float like `points`),
    /// inside the sampling grid's voxel boxes. They carry no volume: `Dmax` and `Dmin` also take the
    /// dose there (`StructureMetrics.includingSurfaceExtremes`), so that they reach the structure's
    /// corners instead of stopping at the nearest sample cell's centre.
    public var surfacePoints: [SIMD3<Float>] = []
    /// Why the structure cannot be measured at all (e.g. some of its closed contours could not be
    /// used: it is never measured on the rest), nil when it can; then it has no samples and every
    /// metric is not evaluable with this reason.
    public var notEvaluableReason: String?
    public var diagnostics: [Diagnostic]

    public init(roiNumber: ROINumber, roiName: String, geometry: GridGeometry, subdivisions: Int,
                voxelIndices: [Int] = [], voxelFractions: [Float] = [], points: [SIMD3<Float>] = [],
                weights: [Float] = [], volumeMM3: Double = 0, diagnostics: [Diagnostic] = []) {
        self.roiNumber = roiNumber; self.roiName = roiName; self.geometry = geometry
        self.subdivisions = subdivisions; self.voxelIndices = voxelIndices; self.voxelFractions = voxelFractions
        self.points = points; self.weights = weights; self.volumeMM3 = volumeMM3; self.diagnostics = diagnostics
    }

    /// `sampleStarts` when it matches the samples (one entry per voxel and the end, ending at
    /// `points.count`), else nil.
    public var sampleRanges: [Int32]? {
        sampleStarts.count == voxelIndices.count + 1 && sampleStarts.last.map({ Int($0) == points.count }) == true ? sampleStarts : nil
    }

    /// The corners (patient LPS, mm) of a box on the sampling's lattice that holds every sample: the
    /// index extremes of its voxels ± half a voxel, widened by `padMM` (default 1e-3 mm, for samples
    /// stored as Float), mapped to patient coordinates: every sample lies in their convex hull. nil
    /// without voxels.
    public func voxelBoxCorners(padMM: Double = 1e-3) -> [SIMD3<Double>]? {
        guard let first = voxelIndices.first, let last = voxelIndices.last else { return nil }
        let g = geometry
        // (indices ascend: k from the ends, i and j over every voxel)
        var lo = g.voxel(atLinearIndex: first), hi = lo
        lo.z = g.voxel(atLinearIndex: first).z; hi.z = g.voxel(atLinearIndex: last).z
        for v in voxelIndices {
            let ij = v % (g.size.x * g.size.y)
            let i = ij % g.size.x, j = ij / g.size.x
            lo.x = Swift.min(lo.x, i); hi.x = Swift.max(hi.x, i); lo.y = Swift.min(lo.y, j); hi.y = Swift.max(hi.y, j)
        }
        let pad = 0.5 + padMM / g.spacing
        let a = SIMD3<Double>(lo) - pad, b = SIMD3<Double>(hi) + pad
        return (0..<8).map { c in
            g.point(atIndex: SIMD3(c & 1 == 0 ? a.x : b.x, c & 2 == 0 ? a.y : b.y, c & 4 == 0 ? a.z : b.z))
        }
    }

    /// Structure volume in cc.
    public var volume: CubicCentimetres { CubicCentimetres(cubicMillimetres: volumeMM3) }
    /// True when no sample fell inside the structure (no contours, or outside the grid).
    public var isEmpty: Bool { points.isEmpty }

    /// Occupancy as a dense grid: fraction (0…1) of each voxel inside the structure.
    public func occupancyGrid() -> Grid<Float> {
        var g = Grid<Float>(geometry: geometry, repeating: 0)
        for (n, idx) in voxelIndices.enumerated() { g.values[idx] = voxelFractions[n] }
        return g
    }

    /// Binary mask: 1 where the occupied fraction is at least `threshold` (default 0.5), else 0.
    public func binaryMask(threshold: Float = 0.5) -> Grid<UInt8> {
        var g = Grid<UInt8>(geometry: geometry, repeating: 0)
        for (n, idx) in voxelIndices.enumerated() where voxelFractions[n] >= threshold { g.values[idx] = 1 }
        return g
    }
}
