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
    /// When the source x index depends on the target i alone (parallel axes, no x part in the j or k
    /// steps: then every target row has the same x mapping), per target i: the source column of its
    /// cell (−1 outside the support along x) and the weight of the next column, as the row path
    /// computes them.
    let xCells: (column: [Int], weight: [Double])?

    public init(_ source: Grid<Float>, onto target: GridGeometry, transform: RigidTransform = .identity,
                method: Interpolation = .trilinear) {
        self.source = source; self.target = target; self.method = method
        let map = IndexMap(geometry: source.geometry, evaluationToGrid: transform).composed(withIndicesOf: target)
        let sampler = GridSampler(geometry: source.geometry)
        self.map = map; self.sampler = sampler
        let l = map.linear
        if l.c0.y == 0, l.c0.z == 0, l.c1.x == 0, l.c2.x == 0 {
            // the row start's x is offset.x + 0 · j + 0 · k = offset.x in every row
            var columns = [Int](repeating: -1, count: target.size.x), weights = [Double](repeating: 0, count: target.size.x)
            for i in 0..<target.size.x {
                let px = map.offset.x + l.c0.x * Double(i)
                guard px >= sampler.lower.x, px <= sampler.upper.x else { continue }
                let qx = Swift.min(Swift.max(px, 0), sampler.last.x)
                columns[i] = Swift.min(Int(qx), sampler.maxCornerI)
                weights[i] = qx - Double(columns[i])
            }
            xCells = (columns, weights)
        } else {
            xCells = nil
        }
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
    /// case): the row's j/k cell and weights are found once, each source column's y/z interpolation
    /// (`GridSampler.column`) is computed once and shared by the target voxels around it, then each
    /// voxel does the x part. Same arithmetic, in the same order, as `GridSampler.trilinear`, so the
    /// values are bit-identical to it.
    @inline(__always)
    func fillAxisAlignedRow(_ v: UnsafeBufferPointer<Float>, rowStart r: SIMD3<Double>, stepX: Double, span: Range<Int>,
                            into out: UnsafeMutablePointer<Float>) {
        let s = sampler
        guard r.y >= s.lower.y, r.y <= s.upper.y, r.z >= s.lower.z, r.z <= s.upper.z else { return }
        let qy = Swift.min(Swift.max(r.y, 0), s.last.y), qz = Swift.min(Swift.max(r.z, 0), s.last.z)
        let row = s.cell(SIMD3(0, qy, qz))
        let fy = row.fy, fz = row.fz, rowBase = row.base, maxI0 = s.maxCornerI
        if fy == 0, fz == 0, stepX == 1, r.x == r.x.rounded(), s.size.x > 1 {
            // Target voxels on source voxel centres (same lattice, whole-voxel shift): with all three
            // weights 0 the trilinear formula returns the corner value itself, so copy it. The last
            // column (weight 1 on the previous cell) still goes through the formula.
            // Target i sits on source column r.x + i: those in 0 ... maxI0 are copied in one simple
            // loop, the rest (the last column, and the tolerance band) go through the formula.
            let shift = Int(r.x)
            let copyLower = Swift.max(span.lowerBound, -shift), copyUpper = Swift.min(span.upperBound, maxI0 + 1 - shift)
            func general(_ i: Int) {
                let px = r.x + Double(i)
                guard px >= s.lower.x, px <= s.upper.x else { return }
                let q = Swift.min(Swift.max(px, 0), s.last.x)
                let i0 = Swift.min(Int(q), maxI0)
                if Double(i0) == q {
                    out[i] = Float(Double(v[i0 + rowBase]))
                } else {
                    let a0 = s.column(v, at: rowBase + i0, fy: fy, fz: fz), a1 = s.column(v, at: rowBase + i0 + s.stepI, fy: fy, fz: fz)
                    out[i] = Float(a0 + (q - Double(i0)) * (a1 - a0))
                }
            }
            guard copyLower < copyUpper else { span.forEach(general); return }
            let copy = copyLower..<copyUpper
            for i in span.lowerBound..<copy.lowerBound { general(i) }
            let from = v.baseAddress! + rowBase + shift
            for i in copy { out[i] = from[i] }
            for i in copy.upperBound..<span.upperBound { general(i) }
            return
        }
        if let xCells, !span.isEmpty {
            // Every row maps x alike: the y/z columns the row needs, each once, then each voxel's x part.
            var first = Int.max, last = -1
            for i in span where xCells.column[i] >= 0 {
                first = Swift.min(first, xCells.column[i]); last = Swift.max(last, xCells.column[i])
            }
            guard last >= 0 else { return }
            let end = last + s.stepI
            withUnsafeTemporaryAllocation(of: Double.self, capacity: end - first + 1) { col in
                for c in first...end { col[c - first] = s.column(v, at: rowBase + c, fy: fy, fz: fz) }
                for i in span {
                    let c = xCells.column[i]
                    guard c >= 0 else { continue }
                    let a0 = col[c - first], a1 = col[c - first + s.stepI]
                    out[i] = Float(a0 + xCells.weight[i] * (a1 - a0))
                }
            }
            return
        }
        // columns i0 and i0 + 1 of the current cell; moving one cell on reuses the right one
        var cached = -2, a0 = 0.0, a1 = 0.0
        for i in span {
            let px = r.x + stepX * Double(i)
            guard px >= s.lower.x, px <= s.upper.x else { continue }
            let qx = Swift.min(Swift.max(px, 0), s.last.x)
            let i0 = Swift.min(Int(qx), maxI0)
            if i0 != cached {
                a0 = i0 == cached + 1 && s.stepI == 1 ? a1 : s.column(v, at: rowBase + i0, fy: fy, fz: fz)
                a1 = s.column(v, at: rowBase + i0 + s.stepI, fy: fy, fz: fz)
                cached = i0
            }
            out[i] = Float(a0 + (qx - Double(i0)) * (a1 - a0))
        }
    }
}
