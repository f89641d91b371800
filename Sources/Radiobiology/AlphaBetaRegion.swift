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
    /// An α/β map built from ROIs in **precedence order**: a voxel takes the α/β of the first region
    /// that occupies at least `threshold` (default 0.5) of it, else `default` (`.sparse`: only the
    /// ROIs' voxels are listed).
    /// - Throws: `DoseSumError(.invalidValue)` when a region's indices and fractions differ in count or an
    ///   index is outside the geometry.
    public static func byPrecedence(on geometry: GridGeometry, regions: [AlphaBetaRegion], default defaultValue: AlphaBeta,
                                    threshold: Float = 0.5) throws -> AlphaBetaField {
        // (voxel, precedence) of every voxel a region holds at ≥ threshold; the first region per voxel wins.
        var claims: [(voxel: Int, order: Int)] = []
        for (order, region) in regions.enumerated() {
            guard region.voxelIndices.count == region.fractions.count else {
                throw DoseSumError(.invalidValue, "ROI '\(region.name)': \(region.voxelIndices.count) voxel indices but \(region.fractions.count) fractions")
            }
            for (idx, f) in zip(region.voxelIndices, region.fractions) where f >= threshold {
                guard idx >= 0, idx < geometry.voxelCount else {
                    throw DoseSumError(.invalidValue, "ROI '\(region.name)': voxel index \(idx) outside the composite grid of \(geometry.voxelCount) voxels")
                }
                claims.append((idx, order))
            }
        }
        claims.sort { ($0.voxel, $0.order) < ($1.voxel, $1.order) }
        var voxels: [Int] = [], values: [Float] = []
        for c in claims where voxels.last != c.voxel {
            voxels.append(c.voxel); values.append(Float(regions[c.order].alphaBeta.gray))
        }
        return .sparse(default: defaultValue, voxels: voxels, values: values)
    }

    /// The α/β of every voxel of `geometry` as a grid (Gy).
    public func grid(on geometry: GridGeometry) -> Grid<Float> {
        switch self {
        case .uniform(let ab): return Grid(geometry: geometry, repeating: Float(ab.gray))
        case .grid(let g): return g
        case .sparse(let ab, let voxels, let values):
            var g = Grid<Float>(geometry: geometry, repeating: Float(ab.gray))
            for (v, x) in zip(voxels, values) { g.values[v] = x }
            return g
        }
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
