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
        let g1 = course1.transformed(by: commonToCourse1.inverse)
        let g2 = course2.transformed(by: commonToCourse2.inverse)
        switch self {
        case .course1: return g1
        case .course2: return g2
        case .union: return try Self.covering([g1, g2], reference: g2, spacing: pointwiseMin(g1.spacing, g2.spacing))
        case .spacing(let s):
            guard s.x > 0, s.y > 0, s.z > 0, s.x.isFinite, s.y.isFinite, s.z.isFinite else {
                throw DoseSumError(.usage, "common grid spacing must be three finite numbers > 0 mm, got \(s.x) \(s.y) \(s.z)")
            }
            return try Self.covering([g1, g2], reference: g2, spacing: s)
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
        let size = try GridGeometry.latticeSize(n, what: "the common grid covering both courses")
        return GridGeometry(origin: reference.origin + d * (first * spacing), spacing: spacing, direction: d, size: size)
    }
}
