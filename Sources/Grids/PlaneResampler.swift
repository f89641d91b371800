/// Resamples a source grid onto a target geometry one target k-plane at a time, so that callers can
/// combine several sources plane by plane without holding whole resampled grids.
///
/// `transform` maps the **target** frame to the **source** frame (mm, LPS): the value at target voxel
/// centre p is the source interpolant (`method`) at `transform.apply(p)`; 0 where that lies outside the
/// source's support (see `Interpolation`). The source index of target voxel (i, j, k) is
/// `M·(i, j, k) + c`, evaluated per row as `rowStart + i·step` and never accumulated, so each value
/// depends only on its own index: any plane order or parallel split gives bit-identical values.
public struct PlaneResampler: Sendable {
    public let source: Grid<Float>
    public let target: GridGeometry
    public let method: Interpolation
    let map: IndexMap
    let sampler: GridSampler

    public init(_ source: Grid<Float>, onto target: GridGeometry, transform: RigidTransform = .identity,
                method: Interpolation = .trilinear) {
        self.source = source; self.target = target; self.method = method
        map = IndexMap(geometry: source.geometry, evaluationToGrid: transform).composed(withIndicesOf: target)
        sampler = GridSampler(geometry: source.geometry)
    }

    /// Writes target plane `k` (nx · ny values, i fastest) into `out`, which must hold 0 wherever the
    /// caller wants 0 outside the source's support: voxels of a row clearly outside it (see
    /// `GridSampler.candidateRange`) are not written.
    public func fill(plane k: Int, into out: UnsafeMutableBufferPointer<Float>) {
        let nx = target.size.x, ny = target.size.y
        precondition(out.count >= nx * ny, "PlaneResampler: plane buffer of \(out.count) for \(nx * ny) voxels")
        source.values.withUnsafeBufferPointer { v in
            let step = map.linear.c0
            let planeStart = map.offset + map.linear.c2 * Double(k)
            for j in 0..<ny {
                let rowStart = planeStart + map.linear.c1 * Double(j)
                let row = j * nx
                let span = sampler.candidateRange(rowStart: rowStart, step: step, count: nx)
                switch method {
                case .trilinear where step.y == 0 && step.z == 0:
                    fillAxisAlignedRow(v, rowStart: rowStart, stepX: step.x, span: span, into: out.baseAddress! + row)
                case .trilinear:
                    for i in span { out[row + i] = sampler.trilinear(v, at: rowStart + step * Double(i)) }
                case .nearest:
                    for i in span { out[row + i] = sampler.nearest(v, at: rowStart + step * Double(i)) }
                }
            }
        }
    }

    /// A target row along which only the source's i index moves (grids with parallel axes, the usual
    /// case): the row's j/k cell and weights are found once, then each voxel does the x part. Same
    /// arithmetic, in the same order, as `GridSampler.trilinear`, so the values are bit-identical to it.
    @inline(__always)
    func fillAxisAlignedRow(_ v: UnsafeBufferPointer<Float>, rowStart r: SIMD3<Double>, stepX: Double, span: Range<Int>,
                            into out: UnsafeMutablePointer<Float>) {
        let s = sampler
        guard r.y >= s.lower.y, r.y <= s.upper.y, r.z >= s.lower.z, r.z <= s.upper.z else { return }
        let qy = Swift.min(Swift.max(r.y, 0), s.last.y), qz = Swift.min(Swift.max(r.z, 0), s.last.z)
        let j0 = Swift.min(Int(qy), Swift.max(s.size.y - 2, 0)), k0 = Swift.min(Int(qz), Swift.max(s.size.z - 2, 0))
        let fy = qy - Double(j0), fz = qz - Double(k0)
        let di = s.size.x > 1 ? 1 : 0, dj = s.size.y > 1 ? s.strideJ : 0, dk = s.size.z > 1 ? s.strideK : 0
        let rowBase = s.strideJ * j0 + s.strideK * k0
        let maxI0 = Swift.max(s.size.x - 2, 0)
        if fy == 0, fz == 0, stepX == 1, r.x == r.x.rounded(), s.size.x > 1 {
            // Target voxels on source voxel centres (same lattice, whole-voxel shift): with all three
            // weights 0 the trilinear formula returns the corner value itself, so copy it. The last
            // column (weight 1 on the previous cell) still goes through the formula.
            for i in span {
                let px = r.x + Double(i)
                guard px >= s.lower.x, px <= s.upper.x else { continue }
                let q = Swift.min(Swift.max(px, 0), s.last.x)
                if Int(q) <= maxI0 && Double(Int(q)) == q {
                    out[i] = Float(Double(v[Int(q) + rowBase]))
                } else {
                    out[i] = corner(v, rowBase: rowBase, qx: q, maxI0: maxI0, fy: fy, fz: fz, di: di, dj: dj, dk: dk)
                }
            }
            return
        }
        for i in span {
            let px = r.x + stepX * Double(i)
            guard px >= s.lower.x, px <= s.upper.x else { continue }
            let qx = Swift.min(Swift.max(px, 0), s.last.x)
            out[i] = corner(v, rowBase: rowBase, qx: qx, maxI0: maxI0, fy: fy, fz: fz, di: di, dj: dj, dk: dk)
        }
    }

    /// `GridSampler.trilinear` for a row whose j/k cell (`rowBase`) and weights are known, at clamped x index `qx`.
    @inline(__always)
    func corner(_ v: UnsafeBufferPointer<Float>, rowBase: Int, qx: Double, maxI0: Int, fy: Double, fz: Double,
                di: Int, dj: Int, dk: Int) -> Float {
        let i0 = Swift.min(Int(qx), maxI0)
        let fx = qx - Double(i0)
        let b = i0 + rowBase
        let v000 = Double(v[b]), v100 = Double(v[b + di])
        let v010 = Double(v[b + dj]), v110 = Double(v[b + di + dj])
        let v001 = Double(v[b + dk]), v101 = Double(v[b + di + dk])
        let v011 = Double(v[b + dj + dk]), v111 = Double(v[b + di + dj + dk])
        let c00 = v000 + fx * (v100 - v000), c10 = v010 + fx * (v110 - v010)
        let c01 = v001 + fx * (v101 - v001), c11 = v011 + fx * (v111 - v011)
        let c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01)
        return Float(c0 + fz * (c1 - c0))
    }
}
