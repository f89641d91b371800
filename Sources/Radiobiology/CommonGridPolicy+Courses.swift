import Grids

extension CommonGridPolicy {
    /// The common grid (common frame) for two courses: `course1` is the earlier course, `course2` the
    /// reference. See `CommonGridPolicy` for each policy's rule.
    /// - Throws: `DoseSumError(.usage)` for a bad explicit spacing.
    public func geometry(course1: Course, course2: Course) throws -> GridGeometry {
        try geometry(course1: course1.dose.grid.geometry, commonToCourse1: course1.commonToCourse,
                     course2: course2.dose.grid.geometry, commonToCourse2: course2.commonToCourse)
    }
}
