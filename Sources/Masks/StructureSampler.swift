import Grids
import RTCore
import RTModel

/// Turns ROIs into `StructureSampling`s on a sampling grid of any orientation (the direction matrix
/// may be oblique), from contours on parallel planes of any orientation.
///
/// Contour planes: an ROI whose contours are all at constant patient z (axial) is modelled in patient
/// coordinates. One whose contours share another normal (`ContourPlaneFrame`: planar within 0.1 mm,
/// normals within 0.5°) is modelled the same way in its own plane frame (the rotation about the patient
/// origin taking its normal to +z): its contours, slabs and smooth surface are built there, its voxels
/// classified and sampled there, and its sample points and surface corners rotated back to patient
/// LPS. On a given grid (`survey(_:on:)`) that frame sees the grid rotated (so its boundary voxels are
/// point-sampled); on the patient-anchored lattice (`survey(_:budget:file:)`) the ROI gets its own
/// lattice, the anchored lattice of its plane frame (voxel centres at whole multiples of the spacing
/// along the frame's axes), whose axes are the frame's: there it is classified a row at a time and its
/// boundary voxels integrated exactly, as an axial ROI's are on the patient lattice. Its
/// `StructureSampling.geometry` is then that lattice in patient coordinates (direction = the frame's
/// axes). Mixed normals or a contour that is not planar make the ROI not evaluable, with the reason.
///
/// Voxel classification is conservative and cheap: a voxel is *inside* when every contour slab its
/// box overlaps along z covers the box's whole z extent (plus the full-voxel margin) without gaps and
/// contains the voxel centre with no contour edge closer (in x/y) than the box's x/y half-diagonal
/// plus the margin; *outside* when no overlapping slab contains the centre and none has an edge
/// within the half-diagonal; otherwise it is a *boundary* voxel and is sub-sampled (see
/// `StructureSampling`). Cost: on grids with separable axes (every axis-aligned RTDOSE) each slab's
/// region is scanned once per grid row and job (`AxialClassifier`), so a voxel costs a few byte
/// look-ups; on other grids a few edges per test (edges are bucketed in y bands per plane).
///
/// Work is split into (ROI, run of 8 grid slices) jobs (`VoxelSweep`) run with
/// `DispatchQueue.concurrentPerform`: all jobs classify their voxels and count their samples, then every
/// ROI's arrays are allocated at their exact size and all jobs write their samples into them at
/// offsets set by the counts, so the parallel result equals the serial one exactly.
///
/// Limits: on grids whose axes are not the contours' frame axes (patient x, y, z for axial contours)
/// the boundary is point-sampled, so extremes can fall short by up to one sub-cell (0.4 mm by default)
/// instead of half of one.
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

    /// Samples ROIs (see `sample(_:on:parallel:)` for a structure set): `survey`, then every boundary
    /// voxel sampled fine.
    public func sample(_ rois: [ROI], on geometry: GridGeometry, parallel: Bool = true) -> [StructureSampling] {
        survey(rois, on: geometry, parallel: parallel).samplings(parallel: parallel)
    }

    /// Margin (mm) between the structures and the edge of `lattice(covering:)`.
    public static let latticeMarginMM = 10.0

    /// The lattice ROIs are sampled on when no grid is given: `GridGeometry.anchoredLattice` at
    /// `options.latticeSpacingMM` (patient axes, voxel centres at whole multiples of the spacing)
    /// covering every contour point of `rois` with a `latticeMarginMM` margin. Its voxels sit at the
    /// same patient positions for any set of ROIs, so an ROI's samples do not depend on the dose
    /// grids, the common grid, the command or the other ROIs.
    /// - Throws: `DoseSumError(.geometry)` for a non-finite or implausibly distant contour point.
    public func lattice(covering rois: [ROI], what: String = "the structures") throws -> GridGeometry {
        try .anchoredLattice(covering: rois.flatMap { $0.contours.flatMap(\.points) }, spacing: options.latticeSpacingMM,
                             margin: Self.latticeMarginMM, what: what)
    }

    /// Surveys ROIs on `lattice(covering: rois)` (see `survey(_:on:parallel:)`) after checking the
    /// memory it needs against `budget` (`StructureSampler.requireMemory`, naming `file`).
    /// An ROI contoured on oblique planes is surveyed on the anchored lattice of its own plane frame
    /// (see the type's notes), rotated into patient coordinates.
    public func survey(_ rois: [ROI], budget: MemoryBudget, file: String?, parallel: Bool = true) throws -> StructureSurvey {
        let what = file.map { "the structures of \($0)" } ?? "the structures"
        let geometry = try lattice(covering: rois, what: what)
        let orientations = Self.orientations(rois, parallel: parallel)
        let lattices = try orientations.map { o -> Lattice in
            guard case .oblique(let frame, let inPlane) = o else { return Lattice(patient: geometry, plane: geometry) }
            let plane = try lattice(covering: [inPlane], what: what)
            return Lattice(patient: plane.transformed(by: RigidTransform(rotation: frame.toPatient)), plane: plane, toPatient: frame.toPatient)
        }
        if lattices.allSatisfy({ $0.toPatient == nil }) {
            try Self.requireMemory(rois, on: geometry, budget: budget, file: file)
        } else {
            try Self.requireMemory(rois, on: lattices.map(\.patient), budget: budget, file: file)
        }
        let s = survey(rois, orientations: orientations, lattices: lattices, parallel: parallel)
        try Self.requireSampleMemory(s, budget: budget, file: file)
        return s
    }

    /// Where an ROI is sampled: `patient` (the sampling's geometry) and the same lattice in the ROI's
    /// plane frame (`plane`, where its slabs are built and its voxels classified), `toPatient` the
    /// rotation from the second to the first (nil for axial ROIs: the two are the same).
    struct Lattice: Sendable {
        var patient: GridGeometry, plane: GridGeometry
        var toPatient: Matrix3? = nil
    }

    /// Each ROI's contour orientation (`ContourPlaneFrame.orientation`).
    static func orientations(_ rois: [ROI], parallel: Bool) -> [ContourPlaneFrame.Orientation] {
        ParallelMap.map(count: rois.count, parallel: parallel) { ContourPlaneFrame.orientation(of: rois[$0]) }
    }

    /// The first step of `sample`: classifies every voxel and measures its occupancy (the volumes and
    /// fractions are final), without writing sample points yet. `StructureSurvey.samplings(coarse:)`
    /// writes them, sampling each boundary voxel fine or coarse as its caller chooses.
    /// An ROI contoured on oblique planes is classified in its plane frame on `geometry` rotated into it.
    public func survey(_ rois: [ROI], on geometry: GridGeometry, parallel: Bool = true) -> StructureSurvey {
        let orientations = Self.orientations(rois, parallel: parallel)
        let lattices = orientations.map { o -> Lattice in
            guard case .oblique(let frame, _) = o else { return Lattice(patient: geometry, plane: geometry) }
            return Lattice(patient: geometry, plane: geometry.transformed(by: RigidTransform(rotation: frame.toPlane)), toPatient: frame.toPatient)
        }
        return survey(rois, orientations: orientations, lattices: lattices, parallel: parallel)
    }

    /// `survey(_:on:)` with each ROI's orientation and lattice.
    private func survey(_ rois: [ROI], orientations: [ContourPlaneFrame.Orientation], lattices: [Lattice], parallel: Bool) -> StructureSurvey {
        let planes = ParallelMap.map(count: rois.count, parallel: parallel) { n -> (planes: [SlabStack.Plane], diagnostics: [Diagnostic]) in
            var diagnostics: [Diagnostic] = []
            switch orientations[n] {
            case .axial:
                return (SlabStack.planes(of: rois[n], diagnostics: &diagnostics), diagnostics)
            case .oblique(let frame, let inPlane):
                let planes = SlabStack.planes(of: inPlane, diagnostics: &diagnostics)
                let v = frame.normal
                diagnostics.append(Diagnostic(.info, code: "roi.oblique-planes",
                    "contoured on planes of normal (\(v.x), \(v.y), \(v.z)) (patient LPS), not axial: modelled and sampled in the planes' own frame",
                    subject: Self.subject(rois[n])))
                return (planes, diagnostics)
            case .unusable(let why):
                // the other contours' diagnostics, then why the ROI is not evaluable
                _ = SlabStack.planes(of: rois[n], diagnostics: &diagnostics)
                return ([], diagnostics.filter { $0.code != SlabStack.notAxialCode } + [why])
            }
        }
        var sampler = self
        if sampler.options.singlePlaneThicknessMM == nil {
            let spacings = planes.compactMap { SlabStack.medianSpacing($0.planes.map { $0.z }) }.sorted()
            if !spacings.isEmpty { sampler.options.singlePlaneThicknessMM = spacings[spacings.count / 2] }
        }
        let work = ParallelMap.map(count: rois.count, parallel: parallel) { n -> Work? in
            sampler.prepare(rois[n], planes: planes[n].planes, diagnostics: planes[n].diagnostics, on: lattices[n])
        }
        var header: [StructureSampling] = []
        var jobs: [(roi: Int, k: ClosedRange<Int>)] = []
        var jobsOfROI: [Range<Int>] = []
        for (n, w) in work.enumerated() {
            header.append(w?.header ?? StructureSampling(roiNumber: rois[n].number, roiName: rois[n].name, geometry: lattices[n].patient, subdivisions: 0))
            let first = jobs.count
            defer { jobsOfROI.append(first..<jobs.count) }
            guard let w, let box = w.box else { continue }
            for k in stride(from: box.lo.z, through: box.hi.z, by: Self.slicesPerJob) {
                jobs.append((n, k...min(k + Self.slicesPerJob - 1, box.hi.z)))
            }
        }
        let plans = ParallelMap.map(count: jobs.count, parallel: parallel) { j -> SweepPlan in
            let w = work[jobs[j].roi]!
            return VoxelSweep.survey(stack: w.stack, frame: w.frame, box: w.box!, k: jobs[j].k)
        }
        var results = header
        for n in rois.indices {
            precondition(results[n].voxelIndices.isEmpty && results[n].points.isEmpty)
            Self.appendVoxels(of: plans[jobsOfROI[n]], to: &results[n])
        }
        for n in results.indices where work[n]?.box != nil && results[n].voxelIndices.isEmpty {
            results[n].diagnostics.append(Diagnostic(.warning, code: "roi.no-volume",
                "no sample of the sampling grid falls inside the structure: empty structure", subject: Self.subject(rois[n])))
        }
        return StructureSurvey(voxels: results, plans: plans, roiOfJob: jobs.map { $0.roi }, jobsOfROI: jobsOfROI, work: work)
    }

    /// Slices per job: whole volume runs (`VoxelSweep.volumeRunSlices`). Longer jobs share more of
    /// their slabs' row scans between slices; shorter ones balance the load better.
    static let slicesPerJob = 2 * VoxelSweep.volumeRunSlices
    static func subject(_ roi: ROI) -> String { "ROI \(roi.number) '\(roi.name)'" }

    /// What one ROI needs before its voxels are visited; `box` nil when there is nothing to visit.
    struct Work: Sendable {
        var header: StructureSampling
        var stack: SlabStack
        var frame: VoxelFrame
        var box: VoxelFrame.IndexBox?
        /// Rotation from the frame's coordinates (where `stack` and `frame` are) to patient LPS; nil
        /// when they are patient coordinates.
        var toPatient: Matrix3? = nil
    }

    /// - Parameters: planes, diagnostics: `SlabStack.planes(of: roi, diagnostics:)` and its diagnostics.
    /// The stack and voxels are those of `lattice.plane`, the sampling's geometry `lattice.patient`.
    private func prepare(_ roi: ROI, planes: [SlabStack.Plane], diagnostics: [Diagnostic], on lattice: Lattice) -> Work? {
        var diagnostics = diagnostics
        let subject = Self.subject(roi)
        let geometry = lattice.plane
        let zExtent = VoxelFrame(geometry: geometry, subdivisions: 1).halfExtentZ * 2
        var stack = SlabStack(planes: planes, of: roi, endCap: options.endCap,
                              singlePlaneThickness: options.singlePlaneThicknessMM ?? zExtent, diagnostics: &diagnostics)
        let n = options.subdivisions(for: geometry, volumeMM3: stack.estimatedVolumeMM3)
        let frame = VoxelFrame(geometry: geometry, subdivisions: n, fullMargin: options.fullVoxelMarginMM)
        var header = StructureSampling(roiNumber: roi.number, roiName: roi.name, geometry: lattice.patient, subdivisions: n, diagnostics: diagnostics)
        let lost = diagnostics.filter { SlabStack.lostContourCodes.contains($0.code) }
        guard lost.isEmpty else {
            // never measured on the contours that remain: a part of an organ is not the organ
            header.notEvaluableReason = lost.map(\.message).joined(separator: "; ")
            return Work(header: header, stack: SlabStack(planes: [], of: roi, endCap: options.endCap, singlePlaneThickness: 0, diagnostics: &diagnostics),
                        frame: frame, box: nil, toPatient: lattice.toPatient)
        }
        var smoothCorners: [SIMD3<Double>]?
        if options.surface == .smooth, !stack.isEmpty {
            // thin slabs of the sub-cell size, so that the interpolated surface is followed as
            // closely along z as the boundary voxels' cells resolve it
            let cell = max(geometry.spacing.x, geometry.spacing.y, geometry.spacing.z) / Double(n)
            if let slabs = SmoothSurface.slabs(planes: planes, subject: subject, endCap: options.endCap, sliceMM: cell,
                                               diagnostics: &header.diagnostics) {
                stack = SlabStack(slabs: slabs)
                smoothCorners = SmoothSurface.surfacePoints(of: slabs)
            }
        }
        guard !stack.isEmpty else {
            header.diagnostics.append(Diagnostic(.warning, code: "roi.empty",
                roi.contours.isEmpty ? "the ROI has no contours: empty structure" : "no closed planar contour bounds a volume: empty structure",
                subject: subject))
            return Work(header: header, stack: stack, frame: frame, box: nil, toPatient: lattice.toPatient)
        }
        guard let box = frame.indexBox(of: stack) else {
            header.diagnostics.append(Diagnostic(.warning, code: "roi.outside-grid",
                "the structure lies entirely outside the sampling grid: empty structure", subject: subject))
            return Work(header: header, stack: stack, frame: frame, box: nil, toPatient: lattice.toPatient)
        }
        // the corners inside the grid's voxel boxes (all of them unless the structure is clipped)
        let last = SIMD3<Double>(geometry.size &- 1) + 0.5
        let corners = (smoothCorners ?? stack.surfaceCorners).filter { p in
            let ijk = geometry.index(of: p)
            return all(ijk .>= -0.5) && all(ijk .<= last)
        }
        if let toPatient = lattice.toPatient {
            header.surfacePoints = corners.map { SIMD3<Float>(toPatient * $0) }
        } else {
            header.surfacePoints = corners.map { SIMD3<Float>($0) }
        }
        if box.clipped {
            header.diagnostics.append(Diagnostic(.warning, code: "roi.beyond-grid",
                "the structure extends beyond the sampling grid; the part outside is not sampled", subject: subject))
        }
        return Work(header: header, stack: stack, frame: frame, box: box, toPatient: lattice.toPatient)
    }

    /// Appends the voxels of an ROI's jobs, in order, to `r`, and adds their volumes (run by run, in
    /// order).
    private static func appendVoxels(of plans: ArraySlice<SweepPlan>, to r: inout StructureSampling) {
        let voxels = plans.reduce(0) { $0 + $1.voxelIndices.count }
        r.voxelIndices.reserveCapacity(r.voxelIndices.count + voxels)
        r.voxelFractions.reserveCapacity(r.voxelFractions.count + voxels)
        for p in plans {
            r.voxelIndices += p.voxelIndices
            r.voxelFractions += p.voxelFractions
            for v in p.runVolumesMM3 { r.volumeMM3 += v }
        }
    }
}
