extension Grid where Voxel == Float {
    /// The grid sampled at a continuous index (i, j, k) (integers are voxel centres); 0 outside the
    /// box spanned by the voxel centres (see `Interpolation`). Unit: that of the values (Gy for dose).
    public func interpolated(atIndex ijk: SIMD3<Double>, method: Interpolation = .trilinear) -> Float {
        let sampler = GridSampler(geometry: geometry)
        return values.withUnsafeBufferPointer { sampler.sample($0, at: ijk, method: method) }
    }

    /// The grid sampled at a patient position (LPS, mm, in the grid's own frame); 0 outside support.
    public func interpolated(at point: SIMD3<Double>, method: Interpolation = .trilinear) -> Float {
        interpolated(atIndex: geometry.index(of: point), method: method)
    }

    /// True when the patient position (grid frame, mm) is inside the box spanned by the voxel centres (± 1 µm).
    public func supports(_ point: SIMD3<Double>) -> Bool {
        GridSampler(geometry: geometry).contains(geometry.index(of: point))
    }
}
