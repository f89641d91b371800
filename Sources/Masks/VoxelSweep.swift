import Grids

/// What the survey of one `StructureSampler` job found (one ROI on a run of slices): the voxels with
/// samples, in storage order, and how many samples they give.
struct SweepPlan: Sendable {
    /// Linear indices of the voxels with samples, ascending.
    var voxelIndices: [Int] = []
    /// Occupied fraction (0, 1] of each voxel of `voxelIndices`.
    var voxelFractions: [Float] = []
    /// Per voxel of `voxelIndices`: sub-sampled (boundary) rather than one sample at its centre (inside).
    var isBoundary: [Bool] = []
    /// Number of samples of all the voxels, every boundary voxel sampled fine.
    var sampleCount = 0
    /// Per voxel of `voxelIndices`: its number of samples sampled fine, and coarse (one per strip; see
    /// `SampleStrip`). 1 and 1 for an inside voxel.
    var fineCounts: [Int32] = []
    var coarseCounts: [Int32] = []
    /// Σ of the voxels' inside volumes (mm³) per run of `VoxelSweep.volumeRunSlices` slices from the
    /// box's first slice, each accumulated in voxel order.
    var runVolumesMM3: [Double] = []
    /// The index box's first row (j), and the boundary voxels' sub-row crossings, for `write`.
    var firstGridRow: Int
    var lines: SubRowCrossings
}

/// One job of `StructureSampler`, in two passes over an ROI's index box on a run of slices, in storage
/// order (k, then j, then i): `survey` classifies every voxel box and counts the samples, so that the
/// final arrays can be allocated at their exact size; `write` then writes the samples straight into
/// them (no intermediate copies).
///
/// Grids with separable axes (`VoxelFrame.hasSeparableAxes`: every axis-aligned RTDOSE) are classified
/// a row at a time by `AxialClassifier`, others voxel by voxel by `VoxelFrame.classify`; both decide
/// alike.
enum VoxelSweep {
    /// Volumes are summed over runs of this many slices, then over the runs in order: a fixed
    /// summation order, so that the volume does not depend on how slices are split into jobs. Job
    /// ranges must start at the box's first slice plus a multiple of it.
    static let volumeRunSlices = 4

    static func survey(stack: SlabStack, frame: VoxelFrame, box: VoxelFrame.IndexBox, k kRange: ClosedRange<Int>) -> SweepPlan {
        let g = frame.geometry
        let voxelVolume = g.voxelVolumeMM3
        var plan = SweepPlan(firstGridRow: box.lo.y, lines: SubRowCrossings(rows: box.hi.y - box.lo.y + 1))
        var volume = 0.0
        var run = 0
        precondition((kRange.lowerBound - box.lo.z) % volumeRunSlices == 0)
        var axial = frame.hasSeparableAxes ? AxialClassifier(frame: frame, stack: stack, box: box) : nil
        for k in kRange {
            if run == volumeRunSlices { plan.runVolumesMM3.append(volume); volume = 0; run = 0 }
            run += 1
            if axial != nil { axial!.prepareSlice(z: g.point(atIndex: SIMD3(Double(box.lo.x), Double(box.lo.y), Double(k))).z) }
            for j in box.lo.y...box.hi.y {
                for i in box.lo.x...box.hi.x {
                    let ijk = SIMD3(Double(i), Double(j), Double(k))
                    let occupancy = axial?.classify(i, j) ?? frame.classify(g.point(atIndex: ijk), in: stack)
                    guard occupancy != .outside else { continue }
                    let c = g.point(atIndex: ijk)
                    switch occupancy {
                    case .outside: continue
                    case .inside:
                        plan.voxelIndices.append(g.linearIndex(i, j, k)); plan.voxelFractions.append(1)
                        plan.isBoundary.append(false)
                        plan.fineCounts.append(1); plan.coarseCounts.append(1)
                        plan.sampleCount += 1
                        volume += voxelVolume
                    case .boundary:
                        var counter = SampleCounter()
                        frame.sampleBoundaryVoxel(c, in: stack, lines: &plan.lines, gridRow: j - box.lo.y, into: &counter)
                        guard counter.count > 0 else { continue }
                        let v = counter.volume
                        plan.voxelIndices.append(g.linearIndex(i, j, k))
                        plan.voxelFractions.append(Float(min(1, v / voxelVolume)))
                        plan.isBoundary.append(true)
                        plan.fineCounts.append(Int32(counter.count)); plan.coarseCounts.append(Int32(counter.coarseCount))
                        plan.sampleCount += counter.count
                        volume += v
                    }
                }
            }
        }
        plan.runVolumesMM3.append(volume)
        return plan
    }

    /// Writes the samples of the voxels of `plan` (from `survey` with the same stack and frame):
    /// an inside voxel's centre with the voxel volume, a boundary voxel's sub-samples, coarse for the
    /// voxels whose entry of `coarse` (one per voxel of the plan; nil: none) is true.
    static func write(_ plan: SweepPlan, stack: SlabStack, frame: VoxelFrame, coarse: ArraySlice<Bool>?, into samples: inout SampleWriter) {
        let g = frame.geometry
        let weight = g.voxelVolumeMM3
        var lines = plan.lines
        let first = coarse?.startIndex ?? 0
        for (n, index) in plan.voxelIndices.enumerated() {
            let ijk = g.voxel(atLinearIndex: index)
            let c = g.point(atIndex: SIMD3<Double>(ijk))
            guard plan.isBoundary[n] else { samples.append(c, weight: weight); continue }
            samples.coarse = coarse?[first + n] ?? false
            frame.sampleBoundaryVoxel(c, in: stack, lines: &lines, gridRow: ijk.y - plan.firstGridRow, into: &samples)
        }
    }

    /// The number of samples `write` writes for `plan` with these `coarse` choices.
    static func sampleCount(_ plan: SweepPlan, coarse: ArraySlice<Bool>?) -> Int {
        guard let coarse else { return plan.sampleCount }
        var total = 0
        for (n, c) in coarse.enumerated() { total += Int(c ? plan.coarseCounts[n] : plan.fineCounts[n]) }
        return total
    }
}
