import Dispatch
import Grids
import RTCore
import RTModel

/// Turns ROIs into `StructureSampling`s on a sampling grid of any orientation (the direction matrix
/// may be oblique; contours must be axial, i.e. at constant patient z).
///
/// Voxel classification is conservative and cheap: a voxel is *inside* when every contour slab its
/// box overlaps along z covers the box's whole z extent without gaps and contains the voxel centre
/// with no contour edge closer (in x/y) than the box's x/y half-diagonal; *outside* when no
/// overlapping slab contains the centre and none has an edge that close; otherwise it is a
/// *boundary* voxel and is sub-sampled (n × n × n sub-cell centres tested one by one with the
/// even-odd rule of their slab). See `SamplingOptions` for n and the end-cap rule.
public struct StructureSampler: Sendable {
    public var options: SamplingOptions
    public init(options: SamplingOptions = SamplingOptions()) { self.options = options }

    /// Samples every ROI of a structure set. A single-plane ROI gets the slab thickness of
    /// `options.singlePlaneThicknessMM`, else the median contour spacing of the set's other ROIs.
    /// ROIs run concurrently when `parallel`; each result depends only on its ROI, so the output
    /// equals the serial one exactly. Results are in `set.rois` order.
    public func sample(_ set: StructureSet, on geometry: GridGeometry, parallel: Bool = true) -> [StructureSampling] {
        sample(set.rois, on: geometry, parallel: parallel)
    }

    /// Samples ROIs (see `sample(_:on:parallel:)` for a structure set).
    public func sample(_ rois: [ROI], on geometry: GridGeometry, parallel: Bool = true) -> [StructureSampling] {
        var sampler = self
        if sampler.options.singlePlaneThicknessMM == nil {
            var ignored: [Diagnostic] = []
            let spacings = rois.compactMap { SlabStack.medianSpacing(SlabStack.planes(of: $0, diagnostics: &ignored).map(\.z)) }.sorted()
            if !spacings.isEmpty { sampler.options.singlePlaneThicknessMM = spacings[spacings.count / 2] }
        }
        return ParallelMap.map(count: rois.count, parallel: parallel) { sampler.sample(rois[$0], on: geometry) }
    }

    /// Samples one ROI on `geometry`.
    public func sample(_ roi: ROI, on geometry: GridGeometry) -> StructureSampling {
        let n = options.subdivisions(for: geometry)
        var result = StructureSampling(roiNumber: roi.number, roiName: roi.name, geometry: geometry, subdivisions: n)
        let subject = "ROI \(roi.number) '\(roi.name)'"
        let frame = VoxelFrame(geometry: geometry, subdivisions: n, fullMargin: options.fullVoxelMarginMM)
        let thickness = options.singlePlaneThicknessMM ?? 2 * frame.halfExtentZ
        let stack = SlabStack(roi: roi, endCap: options.endCap, singlePlaneThickness: thickness, diagnostics: &result.diagnostics)
        guard !stack.isEmpty else {
            result.diagnostics.append(Diagnostic(.warning, code: "roi.empty",
                roi.contours.isEmpty ? "the ROI has no contours: empty structure" : "no closed axial contour bounds a volume: empty structure",
                subject: subject))
            return result
        }
        guard let box = frame.indexBox(of: stack) else {
            result.diagnostics.append(Diagnostic(.warning, code: "roi.outside-grid",
                "the structure lies entirely outside the sampling grid: empty structure", subject: subject))
            return result
        }
        if box.clipped {
            result.diagnostics.append(Diagnostic(.warning, code: "roi.beyond-grid",
                "the structure extends beyond the sampling grid; the part outside is not sampled", subject: subject))
        }
        fill(&result, stack: stack, frame: frame, box: box)
        if result.isEmpty {
            result.diagnostics.append(Diagnostic(.warning, code: "roi.no-volume",
                "no sample of the sampling grid falls inside the structure: empty structure", subject: subject))
        }
        return result
    }

    private func fill(_ r: inout StructureSampling, stack: SlabStack, frame: VoxelFrame, box: VoxelFrame.IndexBox) {
        let g = frame.geometry
        let voxelVolume = g.voxelVolumeMM3
        var volume = 0.0
        var scratch: [Double] = []
        for k in box.lo.z...box.hi.z {
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
