import Grids
import RTCore

/// One ROI's voxels on the composite grid with its α/β, for building an α/β grid by precedence.
public struct AlphaBetaRegion: Sendable {
    public var name: String
    public var alphaBeta: AlphaBeta
    /// Linear voxel indices on the composite geometry (e.g. `StructureSampling.voxelIndices`).
    public var voxelIndices: [Int]
    /// Occupied fraction (0…1) of each voxel in `voxelIndices` (e.g. `StructureSampling.voxelFractions`).
    public var fractions: [Float]

    public init(name: String, alphaBeta: AlphaBeta, voxelIndices: [Int], fractions: [Float]) {
        self.name = name; self.alphaBeta = alphaBeta; self.voxelIndices = voxelIndices; self.fractions = fractions
    }
}

extension AlphaBetaField {
    /// An α/β grid built from ROIs in **precedence order**: a voxel takes the α/β of the first region
    /// that occupies at least `threshold` (default 0.5) of it, else `default`.
    /// - Throws: `DoseSumError(.invalidValue)` when a region's indices and fractions differ in count or an
    ///   index is outside the geometry.
    public static func byPrecedence(on geometry: GridGeometry, regions: [AlphaBetaRegion], default defaultValue: AlphaBeta,
                                    threshold: Float = 0.5) throws -> AlphaBetaField {
        var values = [Float](repeating: Float(defaultValue.gray), count: geometry.voxelCount)
        var assigned = [Bool](repeating: false, count: geometry.voxelCount)
        for region in regions {
            guard region.voxelIndices.count == region.fractions.count else {
                throw DoseSumError(.invalidValue, "ROI '\(region.name)': \(region.voxelIndices.count) voxel indices but \(region.fractions.count) fractions")
            }
            for (idx, f) in zip(region.voxelIndices, region.fractions) where f >= threshold {
                guard idx >= 0, idx < values.count else {
                    throw DoseSumError(.invalidValue, "ROI '\(region.name)': voxel index \(idx) outside the composite grid of \(values.count) voxels")
                }
                if !assigned[idx] { values[idx] = Float(region.alphaBeta.gray); assigned[idx] = true }
            }
        }
        return .grid(Grid(geometry: geometry, values: values))
    }

    /// Human-readable statement of the precedence, for the exported dose's description, e.g.
    /// "α/β by ROI precedence BrainStem 2 Gy > PTV 10 Gy (voxel in ROI when ≥ 50 % occupied); elsewhere 3 Gy".
    public static func precedenceDescription(regions: [AlphaBetaRegion], default defaultValue: AlphaBeta, threshold: Float = 0.5) -> String {
        func gy(_ a: AlphaBeta) -> String { a.gray == a.gray.rounded() ? String(Int(a.gray)) : String(a.gray) }
        if regions.isEmpty { return "α/β \(gy(defaultValue)) Gy everywhere" }
        let order = regions.map { "\($0.name) \(gy($0.alphaBeta)) Gy" }.joined(separator: " > ")
        return "α/β by ROI precedence \(order) (voxel in ROI when ≥ \(Int((threshold * 100).rounded())) % occupied); elsewhere \(gy(defaultValue)) Gy"
    }
}
