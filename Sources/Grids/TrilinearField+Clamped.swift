extension TrilinearField {
    /// The trilinear value (grid unit, Gy for doses) at the point of the grid's support nearest to an
    /// evaluation-frame position (LPS, mm): the continuous index is clamped per axis to the box of the
    /// voxel centres, so a position beyond a face reads the dose on that face next to it. Inside the
    /// support it equals `value(at:)`. Used to bound the dose a grid does not cover (the value at its
    /// boundary next to the uncovered part), never as a dose itself. NaN positions give NaN.
    public func clampedValue(at point: SIMD3<Double>) -> Double {
        let ijk = indexMap(point) - shift
        guard !(ijk.x.isNaN || ijk.y.isNaN || ijk.z.isNaN) else { return .nan }
        return Double(grid.values.withUnsafeBufferPointer { sampler.trilinear($0, inside: ijk) })
    }
}
