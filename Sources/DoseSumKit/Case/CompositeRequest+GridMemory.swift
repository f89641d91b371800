import Grids
import RTCore

extension CompositeRequest {
    /// Bytes per voxel of the common grid an export holds at once: two resampled courses, the α/β
    /// field and the composite (Float each).
    static let bytesPerExportVoxel = 16.0

    /// Refuses, before anything is allocated, a common grid whose export would exceed the request's
    /// memory budget (`bytesPerExportVoxel` per voxel), naming the first and last dose files, course
    /// 1's mapping and the grid's size and spacing. `check` and `export` both apply it, so they accept
    /// the same composite requests.
    func requireCommonGridMemory(_ geometry: GridGeometry) throws {
        let s = geometry.spacing, last = courses[courses.count - 1]
        try memoryBudget.require(MemoryBudget.gridBytes(SIMD3<Double>(geometry.size), bytesPerVoxel: Self.bytesPerExportVoxel),
            for: "the export grid of \(geometry.size.x) × \(geometry.size.y) × \(geometry.size.z) voxels at \(s.x) × \(s.y) × \(s.z) mm, covering course 1 (\(courses[0].dosePath), mapped by \(course1MappingWords)) and course \(courses.count) (\(last.dosePath)),")
    }

    /// How course 1 is mapped into the last course's frame, in words for messages.
    var course1MappingWords: String {
        let m = mapping(ofCourse: 0)
        if m.matrix != nil { return "the given matrix" }
        return m.registrationPath.map { "the registration \($0)" } ?? "the shared frame of reference"
    }
}
