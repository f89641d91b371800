import Grids

/// The samples of one `StructureSampler` job (one ROI on a run of grid slices), in voxel storage
/// order: what `VoxelSweep.run` returns. Immutable once built.
final class SweepResult: @unchecked Sendable {
    // Unchecked: every stored property is a `let`; the buffer is only read after the job finished.
    /// Linear indices of the voxels with samples, ascending.
    let voxelIndices: [Int]
    /// Occupied fraction (0, 1] of each voxel of `voxelIndices`.
    let voxelFractions: [Float]
    /// Sample points (patient mm) and weights (mm³).
    let samples: SampleBuffer
    /// Σ of the voxels' inside volumes (mm³), accumulated in voxel order.
    let volumeMM3: Double

    init(voxelIndices: [Int], voxelFractions: [Float], samples: consuming SampleBuffer, volumeMM3: Double) {
        self.voxelIndices = voxelIndices; self.voxelFractions = voxelFractions
        self.samples = samples; self.volumeMM3 = volumeMM3
    }
}

/// One job of `StructureSampler`: visits the voxels of an ROI's index box on a run of slices in storage
/// order (k, then j, then i), classifies each box and writes its samples (see `StructureSampler`).
///
/// Grids with separable axes (`VoxelFrame.hasSeparableAxes`: every axis-aligned RTDOSE) are classified
/// a row at a time by `AxialClassifier`, others voxel by voxel by `VoxelFrame.classify`; both decide
/// alike.
enum VoxelSweep {
    static func run(stack: SlabStack, frame: VoxelFrame, box: VoxelFrame.IndexBox, k kRange: ClosedRange<Int>) -> SweepResult {
        let g = frame.geometry
        let voxelVolume = g.voxelVolumeMM3
        var volume = 0.0
        var indices: [Int] = [], fractions: [Float] = []
        var samples = SampleBuffer()
        var lines = SubRowCrossings()
        var axial = frame.hasSeparableAxes ? AxialClassifier(frame: frame, stack: stack, box: box) : nil
        for k in kRange {
            if axial != nil { axial!.prepareSlice(z: g.point(atIndex: SIMD3(Double(box.lo.x), Double(box.lo.y), Double(k))).z) }
            for j in box.lo.y...box.hi.y {
                lines.removeAll()
                for i in box.lo.x...box.hi.x {
                    let c = g.point(atIndex: SIMD3(Double(i), Double(j), Double(k)))
                    switch axial?.classify(i, j) ?? frame.classify(c, in: stack) {
                    case .outside: continue
                    case .inside:
                        indices.append(g.linearIndex(i, j, k)); fractions.append(1)
                        samples.append(c, weight: Float(voxelVolume))
                        volume += voxelVolume
                    case .boundary:
                        let before = samples.count
                        let v = frame.sampleBoundaryVoxel(c, in: stack, lines: &lines, into: &samples)
                        guard samples.count > before else { continue }
                        indices.append(g.linearIndex(i, j, k))
                        fractions.append(Float(min(1, v / voxelVolume)))
                        volume += v
                    }
                }
            }
        }
        return SweepResult(voxelIndices: indices, voxelFractions: fractions, samples: samples, volumeMM3: volume)
    }
}
