import RTCore

/// How the common (composite) grid is chosen for two courses.
///
/// All geometries are expressed in the **common frame** (the frame in which structures and points are
/// given; by convention that of course 2, the reference):
/// - `course1` / `course2`: that course's dose grid itself (same voxel centres, mapped into the common frame).
/// - `union` (the default): the direction of the course-2 grid; spacing per axis = the smaller of the
///   two grids' spacings on that axis index (column, row, slice); extent = the smallest lattice, anchored
///   on course 2's first voxel centre (so with course 2's spacing its voxel centres are reproduced
///   exactly), whose centres cover both courses' support boxes (the boxes spanned by their voxel
///   centres, course 1's mapped into the common frame), measured along course 2's axes.
/// - `spacing(s)`: the `union` extent and anchoring at spacing `s` (mm, each > 0).
public enum CommonGridPolicy: Hashable, Sendable {
    case course1, course2, union
    case spacing(SIMD3<Double>)

    public static let `default` = CommonGridPolicy.union

    /// The common grid for two courses.
    /// - Parameters:
    ///   - course1, course2: each course's dose grid geometry in its own frame.
    ///   - commonToCourse1, commonToCourse2: rigid maps from the common frame into each course's frame.
    /// - Throws: `DoseSumError(.usage)` for a non-positive or non-finite `spacing`; `.geometry` when the
    ///   lattice would exceed `GridGeometry.maximumVoxelsPerAxis` voxels on an axis.
    public func geometry(course1: GridGeometry, commonToCourse1: RigidTransform = .identity,
                         course2: GridGeometry, commonToCourse2: RigidTransform = .identity) throws -> GridGeometry {
        try geometry(courses: [(course1, commonToCourse1), (course2, commonToCourse2)])
    }

    /// The common grid for any number of courses (≥ 1), in treatment order: the last is the reference
    /// (its frame is the common frame, its direction the grid's). `course1` is the first course's grid,
    /// `course2` the last's; `union` and `spacing` cover every course, `union` at the finest spacing
    /// per axis index of all of them.
    public func geometry(courses: [(grid: GridGeometry, commonToCourse: RigidTransform)]) throws -> GridGeometry {
        precondition(!courses.isEmpty, "a common grid needs at least one course")
        let grids = courses.map { $0.grid.transformed(by: $0.commonToCourse.inverse) }
        let reference = grids[grids.count - 1]
        switch self {
        case .course1: return grids[0]
        case .course2: return reference
        case .union: return try Self.covering(grids, reference: reference, spacing: grids.dropFirst().reduce(grids[0].spacing) { pointwiseMin($0, $1.spacing) })
        case .spacing(let s):
            guard s.x > 0, s.y > 0, s.z > 0, s.x.isFinite, s.y.isFinite, s.z.isFinite else {
                throw DoseSumError(.usage, "common grid spacing must be three finite numbers > 0 mm, got \(s.x) \(s.y) \(s.z)")
            }
            return try Self.covering(grids, reference: reference, spacing: s)
        }
    }

    /// The lattice with `reference`'s direction and first voxel centre as anchor, at `spacing`, whose
    /// voxel centres cover the centre boxes of all `grids` (all in one frame).
    /// - Throws: `DoseSumError(.geometry)` when the lattice would exceed `GridGeometry.maximumVoxelsPerAxis`.
    static func covering(_ grids: [GridGeometry], reference: GridGeometry, spacing: SIMD3<Double>) throws -> GridGeometry {
        let d = reference.direction, dt = d.transposed
        var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
        for g in grids {
            for c in g.centreBoxCorners {
                let u = dt * (c - reference.origin)
                lo = pointwiseMin(lo, u); hi = pointwiseMax(hi, u)
            }
        }
        // Snap outwards to the anchored lattice; a corner within 1 µm of a lattice plane is on it.
        let tol = SIMD3<Double>(repeating: Tolerance.positionMM) / spacing
        let first = (lo / spacing + tol).rounded(.down), lastIndex = (hi / spacing - tol).rounded(.up)
        let n = lastIndex - first + 1
        let size = try GridGeometry.latticeSize(n, what: "the common grid covering every course")
        return GridGeometry(origin: reference.origin + d * (first * spacing), spacing: spacing, direction: d, size: size)
    }
}
