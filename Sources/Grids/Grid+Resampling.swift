/// Resamples `grid` onto the voxel centres of `target`.
///
/// `transform` maps the **target** frame to the **source** (grid's) frame (mm, LPS): the value at target
/// voxel centre p is the source interpolant (`method`) at `transform.apply(p)`; 0 where that lies
/// outside the source's support (see `Interpolation`). Target k-planes run concurrently with
/// `DispatchQueue.concurrentPerform` when `parallel`; every voxel's value depends only on its own index
/// (the source index is `M·(i,j,k) + c`, stepped along each row as `rowStart + i·step`, never
/// accumulated), so the parallel and serial results are bit-identical. Voxels of a row that are clearly
/// outside the source support (see `GridSampler.candidateRange`) are skipped; they would be 0 anyway.
/// - Complexity: O(target voxels).
public func resample(_ grid: Grid<Float>, onto target: GridGeometry, transform: RigidTransform = .identity,
                     method: Interpolation = .trilinear, parallel: Bool = true) -> Grid<Float> {
    let resampler = PlaneResampler(grid, onto: target, transform: transform, method: method)
    let plane = target.size.x * target.size.y
    guard target.voxelCount > 0 else { return Grid(geometry: target, values: []) }
    let values = [Float](count: target.voxelCount, repeating: 0, chunkSize: plane, parallel: parallel) { range, out in
        resampler.fill(plane: range.lowerBound / plane, into: out)
    }
    return Grid(geometry: target, values: values)
}

extension Grid where Voxel == Float {
    /// This grid resampled onto `target`; `transform` maps target-frame positions into this grid's
    /// frame. See `resample(_:onto:transform:method:parallel:)`.
    public func resampled(onto target: GridGeometry, applying transform: RigidTransform = .identity,
                          method: Interpolation = .trilinear, parallel: Bool = true) -> Grid<Float> {
        resample(self, onto: target, transform: transform, method: method, parallel: parallel)
    }
}
