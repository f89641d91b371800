import RTCore
/// ROIs classified and measured on a sampling grid, before their sample points are written: the
/// first step of `StructureSampler.sample` (`StructureSampler.survey`).
///
/// A caller that knows which boundary voxels matter for the doses it will read (e.g. the voxels
/// where the dose may reach the near-maximum region) can sample the others *coarse*: one sample per
/// strip of the voxel (a sub-row's inside x interval within a slab piece, see `SampleStrip`) instead
/// of one per cell, at the strip's centre with its whole volume. A voxel's volume and fraction do not
/// change (the strips are the same, only their cells are not split), and the strip's centre sample is
/// its mean dose wherever the dose is linear across it; what a coarse voxel loses is the spread of the
/// dose within each strip (up to the voxel size times the gradient), the same lump an inside voxel's
/// single centre sample has.
public struct StructureSurvey: Sendable {
    /// Per ROI (input order): the sampling with its voxels, fractions, volume and diagnostics, and no
    /// points yet.
    public let voxels: [StructureSampling]
    let plans: [SweepPlan]
    let roiOfJob: [Int]
    let jobsOfROI: [Range<Int>]
    let work: [StructureSampler.Work?]

    /// Per ROI, per voxel of `voxels[n].voxelIndices`: true when the voxel is a boundary voxel (it is
    /// sub-sampled, and may be sampled coarse); false for an inside voxel (one sample at its centre).
    public var boundary: [[Bool]] {
        jobsOfROI.map { jobs in plans[jobs].flatMap(\.isBoundary) }
    }

    /// The samplings, with sample points: boundary voxels fine, except where `coarse[n][v]` is true
    /// (ROI n, voxel v of `voxels[n].voxelIndices`; nil: none coarse) on a grid whose axes are the
    /// ROI's frame axes (patient axes for axial contours, the plane frame's on an oblique ROI's own
    /// lattice; elsewhere boundary voxels are point-sampled sub-cells, and stay so). Each ROI's arrays are allocated
    /// at their exact size (advised to use huge pages), then all jobs write their samples in one
    /// parallel pass, each into its ROI's arrays from the offset set by the counts of the ROI's
    /// earlier jobs; the result does not depend on `parallel`.
    /// With `only`, just those ROIs get sample points (the others' samplings have none), so a caller
    /// can hold one ROI's samples at a time.
    /// - Precondition: `coarse`, when given, has one entry per ROI and per voxel.
    public func samplings(coarse: [[Bool]]? = nil, only: Set<Int>? = nil, parallel: Bool = true) -> [StructureSampling] {
        if let coarse {
            precondition(coarse.count == voxels.count && zip(coarse, voxels).allSatisfy { $0.count == $1.voxelIndices.count },
                         "samplings(coarse:): one flag per voxel of every ROI")
        }
        // Per job, its voxels' flags: the slice of its ROI's flags from the voxels of the ROI's earlier jobs.
        var flags = [ArraySlice<Bool>?](repeating: nil, count: plans.count)
        if let coarse {
            for (n, jobs) in jobsOfROI.enumerated() {
                var first = 0
                for j in jobs {
                    flags[j] = coarse[n][first..<first + plans[j].voxelIndices.count]
                    first += plans[j].voxelIndices.count
                }
            }
        }
        var results = voxels
        if let coarse {
            // only grids whose axes are the ROI's frame axes have strips; elsewhere every voxel stays fine
            let boundary = self.boundary
            for n in results.indices where work[n]?.frame.isAxisAligned == true {
                results[n].coarseVoxelCount = zip(coarse[n], boundary[n]).reduce(0) { $0 + ($1.0 && $1.1 ? 1 : 0) }
            }
        }
        for s in writeSamples(flags, only: only, parallel: parallel) {
            results[s.roi].points = s.points
            results[s.roi].weights = s.weights
            results[s.roi].sampleStarts = sampleStarts(of: s.roi, flags)
        }
        return results
    }

    /// Per voxel of ROI n, the index of its first sample, then the sample count: the counts `write`
    /// writes per voxel (`SweepPlan.fineCounts`, or `coarseCounts` where the voxel's flag is set), summed
    /// in job order, as `writeSamples` lays the jobs out.
    private func sampleStarts(of n: Int, _ flags: [ArraySlice<Bool>?]) -> [Int32] {
        var starts: [Int32] = [0]
        starts.reserveCapacity(voxels[n].voxelIndices.count + 1)
        var next = 0
        for j in jobsOfROI[n] {
            let plan = plans[j], f = flags[j]
            for v in plan.voxelIndices.indices {
                let coarse = f.map { $0[$0.startIndex + v] } ?? false
                next += Int(coarse ? plan.coarseCounts[v] : plan.fineCounts[v])
                precondition(next <= Int(Int32.max), "too many samples for one structure")
                starts.append(Int32(next))
            }
        }
        return starts
    }

    private typealias SampleArrays = (roi: Int, points: [SIMD3<Float>], weights: [Float])
    private typealias SampleBuffers = (points: UnsafeMutableBufferPointer<SIMD3<Float>>, weights: UnsafeMutableBufferPointer<Float>)

    /// The sample points and weights of every ROI with samples (see `samplings`).
    private func writeSamples(_ flags: [ArraySlice<Bool>?], only: Set<Int>?, parallel: Bool) -> [SampleArrays] {
        var offsets = [Int](repeating: 0, count: plans.count)
        var counts = [Int](repeating: 0, count: plans.count)
        var totals = [Int](repeating: 0, count: work.count)
        for j in plans.indices where only?.contains(roiOfJob[j]) ?? true {
            counts[j] = VoxelSweep.sampleCount(plans[j], coarse: flags[j])
            offsets[j] = totals[roiOfJob[j]]
            totals[roiOfJob[j]] += counts[j]
        }
        let rois = totals.indices.filter { totals[$0] > 0 }
        var buffers = [SampleBuffers?](repeating: nil, count: work.count)
        // The arrays of ROI rois[m] are allocated inside those of rois[m − 1], so that every ROI's
        // buffers are live during the one write pass, run inside the last allocation.
        func allocate(from m: Int) -> [SampleArrays] {
            guard m < rois.count else {
                _ = ParallelMap.map(count: plans.count, parallel: parallel) { j in
                    guard counts[j] > 0, let b = buffers[roiOfJob[j]], let w = work[roiOfJob[j]] else { return }
                    var writer = SampleWriter(points: b.points, weights: b.weights, range: offsets[j]..<offsets[j] + counts[j])
                    writer.toPatient = w.toPatient
                    VoxelSweep.write(plans[j], stack: w.stack, frame: w.frame, coarse: flags[j], into: &writer)
                    precondition(writer.isFull, "fewer samples than counted")
                }
                return []
            }
            let roi = rois[m], count = totals[roi]
            var weights: [Float] = [], rest: [SampleArrays] = []
            let points = [SIMD3<Float>](unsafeUninitializedCapacity: count) { p, pointsInitialized in
                HugePages.advise(UnsafeMutableRawBufferPointer(p))
                weights = [Float](unsafeUninitializedCapacity: count) { w, weightsInitialized in
                    HugePages.advise(UnsafeMutableRawBufferPointer(w))
                    buffers[roi] = (p, w)
                    rest = allocate(from: m + 1)
                    buffers[roi] = nil
                    weightsInitialized = count
                }
                pointsInitialized = count
            }
            return [(roi, points, weights)] + rest
        }
        return allocate(from: 0)
    }
}
