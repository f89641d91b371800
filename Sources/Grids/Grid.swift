/// Voxel values on a `GridGeometry`, stored i fastest, then j, then k.
public struct Grid<Voxel: Sendable>: Sendable {
    public var geometry: GridGeometry
    public var values: [Voxel]

    public init(geometry: GridGeometry, values: [Voxel]) {
        precondition(values.count == geometry.voxelCount, "Grid: \(values.count) values for \(geometry.voxelCount) voxels")
        self.geometry = geometry; self.values = values
    }
    public init(geometry: GridGeometry, repeating v: Voxel) {
        self.geometry = geometry; self.values = Array(repeating: v, count: geometry.voxelCount)
    }
    @inlinable public subscript(i: Int, j: Int, k: Int) -> Voxel {
        get { values[geometry.linearIndex(i, j, k)] }
        set { values[geometry.linearIndex(i, j, k)] = newValue }
    }
}

extension Grid where Voxel == Float {
    /// Largest value (Gy for a dose grid); 0 for an empty grid.
    public var maximum: Float { values.max() ?? 0 }
}
