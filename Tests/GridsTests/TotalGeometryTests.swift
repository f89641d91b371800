import Grids
import RTCore
import Testing

/// Issue 19: every Double → Int conversion of input-derived geometry is total (an error, never a
/// trap), and large grids are estimated against a `MemoryBudget` before they are allocated.
struct TotalGeometryTests {
    let g = GridGeometry(origin: [0, 0, 0], spacing: [2.5, 2.5, 3], size: [40, 40, 30])

    @Test(arguments: [1e308, 4_294_967_296, -.infinity, .nan])
    func extendingTowardsAnAbsurdPointThrows(_ x: Double) {
        #expect(throws: DoseSumError.self) { _ = try g.extended(toCover: [[x, 0, 0]], margin: 10) }
    }

    @Test func tinySpacingGivesAnErrorNotATrap() {
        let fine = GridGeometry(origin: [0, 0, 0], spacing: [1e-30, 2.5, 3], size: [4, 4, 4])
        #expect(throws: DoseSumError.self) { _ = try fine.extended(toCover: [[100, 0, 0]], margin: 10) }
    }

    /// 2²⁰ voxels along an axis is the most; one more is refused.
    @Test func latticeSizeLimits() throws {
        #expect(try GridGeometry.latticeSize([1, 2, 1_048_576], what: "t") == SIMD3(1, 2, 1_048_576))
        for bad: SIMD3<Double> in [[1, 1, 1_048_577], [0, 1, 1], [.nan, 1, 1], [.infinity, 1, 1]] {
            #expect(throws: DoseSumError.self) { _ = try GridGeometry.latticeSize(bad, what: "t") }
        }
    }

    /// Course 1 mapped 1e9 mm away: the union grid would span 4e8 voxels along x — an error.
    @Test func commonGridOfFarApartCoursesIsRefused() {
        #expect(throws: DoseSumError.self) {
            _ = try CommonGridPolicy.union.geometry(course1: g, commonToCourse1: RigidTransform(translation: [1e9, 0, 0]), course2: g)
        }
    }

    /// A 0.001 mm common grid over 100 × 100 × 90 mm is 1e5 × 1e5 × 9e4 voxels: it fits the axis
    /// limit, so the size is returned, and the budget (not the conversion) refuses it.
    @Test func fineCommonGridIsLeftToTheBudget() throws {
        let common = try CommonGridPolicy.spacing([0.001, 0.001, 0.001]).geometry(course1: g, course2: g)
        let bytes = MemoryBudget.gridBytes(SIMD3<Double>(common.size), bytesPerVoxel: 4)
        #expect(bytes > 3e15)
        #expect(throws: DoseSumError.self) { try MemoryBudget.default.require(bytes, for: "the common grid") }
    }

    /// 100 × 100 × 100 Float voxels = 4,000,000 bytes: within a 4e6-byte budget, not a 3,999,999-byte one.
    @Test func budgetComparesTheEstimate() throws {
        let bytes = MemoryBudget.gridBytes([100, 100, 100], bytesPerVoxel: 4)
        #expect(bytes == 4_000_000)
        try MemoryBudget(bytes: 4_000_000).require(bytes, for: "a grid")
        do {
            try MemoryBudget(bytes: 3_999_999).require(bytes, for: "a grid", file: "f.dcm", tag: .init(0x0028, 0x0010, "Rows"))
            Issue.record("accepted beyond the budget")
        } catch let e as DoseSumError {
            #expect(e.description.hasPrefix("f.dcm: (0028,0010) Rows: a grid would need 3.8 MiB"))
        }
        #expect(throws: DoseSumError.self) { try MemoryBudget.unlimited.require(.infinity, for: "x") }
        #expect(MemoryBudget.format(512) == "512 bytes" && MemoryBudget.format(1.5 * 1_073_741_824) == "1.5 GiB")
    }
}
