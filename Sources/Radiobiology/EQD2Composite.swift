import Grids
import RTCore

/// The α/β used for every voxel of an exported composite.
public enum AlphaBetaField: Sendable {
    /// One α/β everywhere.
    case uniform(AlphaBeta)
    /// α/β (Gy) per voxel on exactly the composite's geometry, built by the caller from ROI masks
    /// with a stated precedence; every value finite and > 0.
    case grid(Grid<Float>)
    /// `default` everywhere except the listed voxels (linear indices on the composite's geometry,
    /// ascending, each once), which take `values` (Gy): an α/β map of ROIs without a whole grid of it
    /// (see `byPrecedence`). The default is used as Float, as a grid would hold it, so this gives
    /// the same composite, bit for bit, as the equivalent `.grid` (`grid(on:)`).
    case sparse(default: AlphaBeta, voxels: [Int], values: [Float])
}

/// The voxelwise EQD2 composite on a common grid, for export.
///
/// Each course's physical dose is resampled onto `geometry` (common frame; `method`, 0 outside that
/// course's grid, through `Course.commonToCourse`), converted voxelwise to EQD2 with its fractions and
/// the voxel's α/β, and summed over courses in order. With `recovery` (`RecoveryFactors`), course k's
/// EQD2 is multiplied by its weight 1 − rₖ (`RecoveryWeighting`; the last course's is 1). Result in Gy EQD2, Float, computed per voxel in Double. Parallel over
/// k-planes when `parallel`, bit-identical to the serial path.
/// - Throws: `DoseSumError` when the α/β grid does not match `geometry` or holds a value that is not a
///   finite number > 0, or `recovery` is outside [0, 1].
/// - Complexity: O(voxels × courses).
public func compositeEQD2(courses: [Course], onto geometry: GridGeometry, alphaBeta: AlphaBetaField,
                          recovery: RecoveryFactors = .none, method: Interpolation = .trilinear,
                          parallel: Bool = true) throws -> Grid<Float> {
    if let r = recovery.invalidFactor {
        throw DoseSumError(.invalidValue, "recovery factor must be between 0 and 1, got \(r)")
    }
    let abValues: [Float]?
    switch alphaBeta {
    case .uniform: abValues = nil
    case .grid(let g):
        guard g.geometry.isSame(as: geometry) else {
            throw DoseSumError(.geometry, "the α/β grid (size \(g.geometry.size)) is not on the composite geometry (size \(geometry.size))")
        }
        if let bad = g.values.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw DoseSumError(.invalidValue, "α/β grid voxel \(bad) is \(g.values[bad]); every α/β must be a finite number of Gy > 0")
        }
        abValues = g.values
    case .sparse(_, let voxels, let values):
        guard voxels.count == values.count, zip(voxels, voxels.dropFirst()).allSatisfy({ $0 < $1 }),
              voxels.first.map({ $0 >= 0 }) ?? true, voxels.last.map({ $0 < geometry.voxelCount }) ?? true else {
            throw DoseSumError(.invalidValue, "the α/β voxels must be distinct ascending indices of the composite's \(geometry.voxelCount) voxels, one value each")
        }
        if let bad = values.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw DoseSumError(.invalidValue, "α/β of voxel \(voxels[bad]) is \(values[bad]); every α/β must be a finite number of Gy > 0")
        }
        abValues = nil
    }
    // One pass over the composite: each k-plane resamples every course into a plane buffer (values
    // identical to `resample`, see `PlaneResampler`) and sums their EQD2 there, so no whole resampled
    // grid is held.
    let resamplers = courses.map { PlaneResampler($0.dose.grid, onto: geometry, transform: $0.commonToCourse, method: method) }
    let fractions = courses.map { Double($0.fractions) }
    let uniform: Double
    let sparse: (voxels: [Int], values: [Float])
    switch alphaBeta {
    case .uniform(let ab): uniform = ab.gray; sparse = ([], [])
    case .grid: uniform = 0; sparse = ([], [])
    // as stored in a `.grid` (Float), so that a sparse map and its grid give the same bits
    case .sparse(let ab, let voxels, let values): uniform = Double(Float(ab.gray)); sparse = (voxels, values)
    }
    let plane = max(1, geometry.size.x * geometry.size.y), weights = RecoveryWeighting.weights(courses: courses.count, recovery: recovery)
    // Every voxel of each plane is written below, so the output needs no serial pre-fill.
    let values = [Float](uninitializedCount: geometry.voxelCount, chunkSize: plane, parallel: parallel) { range, out in
        let k = range.lowerBound / plane
        let buffers = resamplers.map { r -> UnsafeMutableBufferPointer<Float> in
            let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: plane)
            b.initialize(repeating: 0)
            r.fill(plane: k, into: b)
            return b
        }
        defer { buffers.forEach { $0.deallocate() } }
        // Σ over courses in course order, per voxel in Double: one simple loop per course over the
        // plane (contiguous, no branches, so it vectorises), then one rounding to Float.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: range.count) { total in
            total.initialize(repeating: 0)
            for (c, b) in buffers.enumerated() {
                // course c's share is its recovery weight; w · e with w = 1 is e exactly
                let n = fractions[c], w = weights[c]
                if let abValues {
                    abValues.withUnsafeBufferPointer { abAll in
                        let ab = UnsafeBufferPointer(rebasing: abAll[range])
                        for i in 0..<range.count {
                            let e = LQConversion.eqd2(Double(b[i]), fractions: n, alphaBeta: Double(ab[i]))
                            total[i] += w * e
                        }
                    }
                } else {
                    for i in 0..<range.count {
                        let e = LQConversion.eqd2(Double(b[i]), fractions: n, alphaBeta: uniform)
                        total[i] += w * e
                    }
                }
            }
            // The listed voxels of a sparse map, again with their own α/β, in the same order of operations.
            var n = lowerBound(sparse.voxels, range.lowerBound)
            while n < sparse.voxels.count, sparse.voxels[n] < range.upperBound {
                let i = sparse.voxels[n] - range.lowerBound, ab = Double(sparse.values[n])
                var t = 0.0
                for (c, b) in buffers.enumerated() {
                    let w = weights[c]
                    t += w * LQConversion.eqd2(Double(b[i]), fractions: fractions[c], alphaBeta: ab)
                }
                total[i] = t
                n += 1
            }
            for i in 0..<range.count { out[i] = Float(total[i]) }
        }
    }
    return Grid(geometry: geometry, values: values)
}

/// The first position in ascending `values` whose value is ≥ `x` (`values.count` when none).
private func lowerBound(_ values: [Int], _ x: Int) -> Int {
    var lo = 0, hi = values.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if values[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
