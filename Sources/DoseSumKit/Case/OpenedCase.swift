import CompositeDose
import DICOMIO
import Grids
import Masks
import Radiobiology
import RTCore
import RTModel

/// A composite's inputs read and checked except for the dose samples (see `CaseLoader.open`): each
/// course's dose header (geometry in its own frame, LPS mm), fraction count and plan, the alignment
/// of the frames, the structures and the registration.
public struct OpenedCase: Sendable {
    public var request: CompositeRequest
    /// Course order; `geometry` is the whole stored grid of each dose.
    public var doseHeaders: [DoseFileInfo]
    public var fractions: [Int]
    /// Where each course's fraction count came from.
    public var fractionSources: [FractionCountSource]
    public var plans: [PlanFractionation?]
    /// Per course, notes about its plan (e.g. a plan the dose does not reference).
    public var planNotes: [[Diagnostic]]
    /// Per earlier course (all but the last), how its frame maps to the last course's.
    public var alignments: [CourseAlignment]
    public var structures: StructureSet?
    /// Per earlier course, the registration its mapping came from, when one was given.
    public var registrations: [SpatialRegistration?]
    /// Consistency checks the user overrode, and notes of the consistency checks (warnings).
    public var overrides: [InputOverride] = []
    public var consistencyNotes: [Diagnostic] = []

    /// Rigid map from the common (last course's) frame into course `n`'s frame.
    public func commonToCourse(_ n: Int) -> RigidTransform {
        n < alignments.count ? alignments[n].commonToCourse1 : .identity
    }

    /// Per course, the box of its dose grid whose voxels the trilinear dose at the given points (common
    /// frame, LPS mm) uses, with a one-voxel margin (`GridGeometry.box(around:)`): reading only it gives
    /// the same doses at those points as reading the whole grid. The points' bounding box (found once)
    /// is mapped into each course's frame by its 8 corners, which contain every mapped point (rigid
    /// map). nil for a course when there is no point or the box misses its grid.
    public func regions(around pointSets: [[SIMD3<Float>]]) -> [VoxelBox?] {
        var lo = SIMD3<Float>(repeating: .infinity), hi = SIMD3<Float>(repeating: -.infinity)
        for set in pointSets {
            set.withUnsafeBufferPointer { points in
                for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
            }
        }
        guard lo.x <= hi.x else { return doseHeaders.map { _ in nil } }
        return regions(aroundBoxFrom: SIMD3<Double>(lo), to: SIMD3<Double>(hi))
    }

    /// `regions(around:)` for the box from `l` to `h` (common frame, LPS mm).
    private func regions(aroundBoxFrom l: SIMD3<Double>, to h: SIMD3<Double>) -> [VoxelBox?] {
        doseHeaders.indices.map { n in
            let toCourse = commonToCourse(n)
            let corners = (0..<8).map { c in
                toCourse.apply(SIMD3(c & 1 == 0 ? l.x : h.x, c & 2 == 0 ? l.y : h.y, c & 4 == 0 ? l.z : h.z))
            }
            return doseHeaders[n].geometry.box(around: corners)
        }
    }

    /// `regions(around:)` for every position inside the voxel boxes of the samplings' voxels (all on
    /// one grid): the boxes of the corners of their index range, widened by half a voxel.
    ///
    /// `margins[n]` (mm, default 0) widens the box for course n on every side before it is mapped: a
    /// registration scenario that samples course n at most that far from where the nominal map does
    /// (`RegistrationScenario.displacementBound`) then reads only dose that was read.
    public func regions(aroundVoxelsOf samplings: [StructureSampling], margins: [Double] = []) -> [VoxelBox?] {
        guard let box = Self.box(aroundVoxelsOf: samplings) else { return doseHeaders.map { _ in nil } }
        let plain = regions(aroundBoxFrom: box.lo, to: box.hi)
        return plain.indices.map { n in
            let m = n < margins.count ? margins[n] : 0
            return m > 0 ? regions(aroundBoxFrom: box.lo - m, to: box.hi + m)[n] : plain[n]
        }
    }

    /// The box (common frame, LPS mm, axis-aligned) holding every position inside the voxel boxes of
    /// the samplings' voxels: per sampling lattice (an ROI contoured on oblique planes has its own,
    /// `StructureSampler`), the LPS bounds of the 8 corners of its voxels' index range widened by half
    /// a voxel, united. `regions(aroundVoxelsOf:)` reads the dose around it, so the trilinear dose
    /// anywhere in it is that of the whole grids. nil when no sampling has a voxel.
    public static func box(aroundVoxelsOf samplings: [StructureSampling]) -> (lo: SIMD3<Double>, hi: SIMD3<Double>)? {
        var lattices: [GridGeometry] = []
        for s in samplings where !s.voxelIndices.isEmpty && !lattices.contains(s.geometry) { lattices.append(s.geometry) }
        guard !lattices.isEmpty else { return nil }
        var pl = SIMD3<Double>(repeating: .infinity), ph = SIMD3<Double>(repeating: -.infinity)
        for g in lattices {
            var lo = SIMD3<Int>(repeating: .max), hi = SIMD3<Int>(repeating: .min)
            for s in samplings where s.geometry == g {
                for index in s.voxelIndices {
                    let ijk = g.voxel(atLinearIndex: index)
                    lo = pointwiseMin(lo, ijk); hi = pointwiseMax(hi, ijk)
                }
            }
            let l = SIMD3<Double>(lo) - 0.5, h = SIMD3<Double>(hi) + 0.5
            for c in 0..<8 {
                let p = g.point(atIndex: SIMD3(c & 1 == 0 ? l.x : h.x, c & 2 == 0 ? l.y : h.y, c & 4 == 0 ? l.z : h.z))
                pl = pointwiseMin(pl, p); ph = pointwiseMax(ph, p)
            }
        }
        return (pl, ph)
    }

    /// Reads the dose samples: per course the whole grid, or only the box given for it (`regions[n]`,
    /// nil = whole; see `DICOMReader.readDose(region:)` for when a box is read whole anyway).
    public func readDoses(regions: [VoxelBox?]? = nil) throws -> LoadedCase {
        if let regions, regions.count != request.courses.count {
            throw DoseSumError(.internalError, "readDoses: \(regions.count) regions for \(request.courses.count) courses")
        }
        var diagnostics: [Diagnostic] = []
        var courses: [Course] = []
        for (n, input) in request.courses.enumerated() {
            let (dose, notes) = try DICOMReader.readDose(header: doseHeaders[n], plan: plans[n], region: regions?[n] ?? nil,
                                                         budget: request.memoryBudget)
            diagnostics += planNotes[n] + notes
            courses.append(try Course(label: input.label, dose: dose, fractions: fractions[n], commonToCourse: commonToCourse(n)))
        }
        diagnostics = consistencyNotes + diagnostics + alignments.flatMap(\.diagnostics) + (structures?.diagnostics ?? [])
        return LoadedCase(courses: courses, alignments: alignments, structures: structures, fractionSources: fractionSources,
                          plans: plans, registrations: registrations, overrides: overrides, diagnostics: diagnostics)
    }
}
