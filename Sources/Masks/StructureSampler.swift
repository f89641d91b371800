import Dispatch
import Grids
import RTCore
import RTModel

/// Turns ROIs into `StructureSampling`s on a sampling grid of any orientation (the direction matrix
/// may be oblique; contours must be axial, i.e. at constant patient z).
///
/// Voxel classification is conservative and cheap: a voxel is *inside* when every contour slab its
/// box overlaps along z covers the box's whole z extent (plus the full-voxel margin) without gaps and
/// contains the voxel centre with no contour edge closer (in x/y) than the box's x/y half-diagonal
/// plus the margin; *outside* when no overlapping slab contains the centre and none has an edge
/// within the half-diagonal; otherwise it is a *boundary* voxel and is sub-sampled (see
/// `StructureSampling`). Cost: a few edges per test (edges are bucketed in y bands per plane).
///
/// Work is split into (ROI, run of 4 grid slices) pieces run with `DispatchQueue.concurrentPerform`
/// and concatenated in order, so the parallel result equals the serial one exactly.
///
/// Limits: contours must be axial (constant patient z; others are ignored with a diagnostic); on
/// grids whose axes are not patient x, y, z the boundary is point-sampled, so extremes can fall short
/// by up to one sub-cell (0.4 mm by default) instead of half of one.
public struct StructureSampler: Sendable {
    public var options: SamplingOptions
    public init(options: SamplingOptions = SamplingOptions()) { self.options = options }

    /// Samples every ROI of a structure set (results in `set.rois` order). A single-plane ROI gets the
    /// slab thickness of `options.singlePlaneThicknessMM`, else the median contour spacing of the set.
    public func sample(_ set: StructureSet, on geometry: GridGeometry, parallel: Bool = true) -> [StructureSampling] {
        sample(set.rois, on: geometry, parallel: parallel)
    }

    /// Samples one ROI on `geometry`.
    public func sample(_ roi: ROI, on geometry: GridGeometry, parallel: Bool = true) -> StructureSampling {
        sample([roi], on: geometry, parallel: parallel)[0]
    }

    /// Samples ROIs (see `sample(_:on:parallel:)` for a structure set).
    public func sample(_ rois: [ROI], on geometry: GridGeometry, parallel: Bool = true) -> [StructureSampling] {
        var sampler = self
        if sampler.options.singlePlaneThicknessMM == nil {
            var ignored: [Diagnostic] = []
            let spacings = rois.compactMap { SlabStack.medianSpacing(SlabStack.planes(of: $0, diagnostics: &ignored).map(\.z)) }.sorted()
            if !spacings.isEmpty { sampler.options.singlePlaneThicknessMM = spacings[spacings.count / 2] }
        }
        var results: [StructureSampling] = []
        let work = ParallelMap.map(count: rois.count, parallel: parallel) { n -> Work? in
            sampler.prepare(rois[n], on: geometry)
        }
        var header: [StructureSampling] = []
        var jobs: [(roi: Int, k: ClosedRange<Int>)] = []
        for (n, w) in work.enumerated() {
            header.append(w?.header ?? StructureSampling(roiNumber: rois[n].number, roiName: rois[n].name, geometry: geometry, subdivisions: 0))
            guard let w, let box = w.box else { continue }
            for k in stride(from: box.lo.z, through: box.hi.z, by: Self.slicesPerJob) {
                jobs.append((n, k...min(k + Self.slicesPerJob - 1, box.hi.z)))
            }
        }
        let pieces = ParallelMap.map(count: jobs.count, parallel: parallel) { j -> StructureSampling in
            let w = work[jobs[j].roi]!
            var piece = StructureSampling(roiNumber: w.header.roiNumber, roiName: w.header.roiName, geometry: geometry, subdivisions: w.header.subdivisions)
            Self.fill(&piece, stack: w.stack, frame: w.frame, box: w.box!, k: jobs[j].k)
            return piece
        }
        results = header
        for (j, job) in jobs.enumerated() {
            let p = pieces[j]
            results[job.roi].voxelIndices += p.voxelIndices
            results[job.roi].voxelFractions += p.voxelFractions
            results[job.roi].points += p.points
            results[job.roi].weights += p.weights
            results[job.roi].volumeMM3 += p.volumeMM3
        }
        for n in results.indices where work[n]?.box != nil && results[n].isEmpty {
            results[n].diagnostics.append(Diagnostic(.warning, code: "roi.no-volume",
                "no sample of the sampling grid falls inside the structure: empty structure", subject: Self.subject(rois[n])))
        }
        return results
    }

    static let slicesPerJob = 4
    static func subject(_ roi: ROI) -> String { "ROI \(roi.number) '\(roi.name)'" }

    /// What one ROI needs before its voxels are visited; `box` nil when there is nothing to visit.
    private struct Work: Sendable {
        var header: StructureSampling
        var stack: SlabStack
        var frame: VoxelFrame
        var box: VoxelFrame.IndexBox?
    }

    private func prepare(_ roi: ROI, on geometry: GridGeometry) -> Work? {
        var diagnostics: [Diagnostic] = []
        let subject = Self.subject(roi)
        let zExtent = VoxelFrame(geometry: geometry, subdivisions: 1).halfExtentZ * 2
        let stack = SlabStack(roi: roi, endCap: options.endCap, singlePlaneThickness: options.singlePlaneThicknessMM ?? zExtent,
                              diagnostics: &diagnostics)
        let n = options.subdivisions(for: geometry, volumeMM3: stack.estimatedVolumeMM3)
        let frame = VoxelFrame(geometry: geometry, subdivisions: n, fullMargin: options.fullVoxelMarginMM)
        var header = StructureSampling(roiNumber: roi.number, roiName: roi.name, geometry: geometry, subdivisions: n, diagnostics: diagnostics)
        guard !stack.isEmpty else {
            header.diagnostics.append(Diagnostic(.warning, code: "roi.empty",
                roi.contours.isEmpty ? "the ROI has no contours: empty structure" : "no closed axial contour bounds a volume: empty structure",
                subject: subject))
            return Work(header: header, stack: stack, frame: frame, box: nil)
        }
        guard let box = frame.indexBox(of: stack) else {
            header.diagnostics.append(Diagnostic(.warning, code: "roi.outside-grid",
                "the structure lies entirely outside the sampling grid: empty structure", subject: subject))
            return Work(header: header, stack: stack, frame: frame, box: nil)
        }
        if box.clipped {
            header.diagnostics.append(Diagnostic(.warning, code: "roi.beyond-grid",
                "the structure extends beyond the sampling grid; the part outside is not sampled", subject: subject))
        }
        return Work(header: header, stack: stack, frame: frame, box: box)
    }

    /// Visits the voxels of `box` with k in `kRange`, appending to `r` in storage order.
    private static func fill(_ r: inout StructureSampling, stack: SlabStack, frame: VoxelFrame,
                             box: VoxelFrame.IndexBox, k kRange: ClosedRange<Int>) {
        let g = frame.geometry
        let voxelVolume = g.voxelVolumeMM3
        var volume = 0.0
        var scratch: [Double] = []
        for k in kRange {
            for j in box.lo.y...box.hi.y {
                for i in box.lo.x...box.hi.x {
                    let c = g.point(atIndex: SIMD3(Double(i), Double(j), Double(k)))
                    switch frame.classify(c, in: stack) {
                    case .outside: continue
                    case .inside:
                        r.voxelIndices.append(g.linearIndex(i, j, k)); r.voxelFractions.append(1)
                        r.points.append(c); r.weights.append(Float(voxelVolume))
                        volume += voxelVolume
                    case .boundary:
                        let before = r.points.count
                        let v = frame.sampleBoundaryVoxel(c, in: stack, scratch: &scratch, points: &r.points, weights: &r.weights)
                        guard r.points.count > before else { continue }
                        r.voxelIndices.append(g.linearIndex(i, j, k))
                        r.voxelFractions.append(Float(min(1, v / voxelVolume)))
                        volume += v
                    }
                }
            }
        }
        r.volumeMM3 = volume
    }
}
