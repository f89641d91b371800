import Grids
import RTCore
import RTModel
import Radiobiology
import Testing

@Suite struct CourseAlignmentTests {
    static func dose(frame: UID) -> DoseDistribution {
        DoseDistribution(grid: Grid(geometry: GridGeometry(origin: .zero, spacing: [1, 1, 1], size: [2, 2, 2]), repeating: Float(1)),
                         frameOfReference: frame)
    }
    // Course 1 → course 2: 90° about z, then +(10, −5, 2): (1, 2, 3) → (−2, 1, 3) + t = (8, −4, 5).
    static let matrix: [Double] = [0, -1, 0, 10, 1, 0, 0, -5, 0, 0, 1, 2, 0, 0, 0, 1]

    @Test("Same frame of reference: identity")
    func sameFrame() throws {
        let a = try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.3"))
        #expect(a.source == .sameFrameOfReference && a.course1ToCourse2.isIdentity && a.commonToCourse1.isIdentity)
    }

    @Test("Different frames without a registration or matrix are refused")
    func refused() {
        #expect(throws: DoseSumError.self) {
            try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.4"))
        }
    }

    @Test("A registration with a known matrix maps a known point to its image, and back through the common frame")
    func registration() throws {
        // The registration lives in course 2's frame; its entry maps course 1's frame into it.
        let reg = SpatialRegistration(frameOfReference: "1.2.4", entries: [
            .init(frameOfReference: "1.2.3", transform: try RigidTransform(rowMajor4x4: Self.matrix)),
        ], sopInstanceUID: "9.9")
        let a = try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.4"), registration: reg)
        #expect(a.source == .registration("9.9"))
        #expect(length(a.course1ToCourse2.apply([1, 2, 3]) - [8, -4, 5]) < 1e-12)
        #expect(length(a.commonToCourse1.apply([8, -4, 5]) - [1, 2, 3]) < 1e-12)
        // A registration naming other frames is refused.
        let other = SpatialRegistration(frameOfReference: "7.7", entries: [])
        #expect(throws: DoseSumError.self) {
            try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.4"), registration: other)
        }
    }

    @Test("An explicit matrix maps course 1 to course 2")
    func explicitMatrix() throws {
        let a = try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.4"), matrix: Self.matrix)
        #expect(a.source == .explicitMatrix && a.diagnostics.isEmpty)
        #expect(length(a.course1ToCourse2.apply([1, 2, 3]) - [8, -4, 5]) < 1e-12)
        let same = try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.3"), matrix: Self.matrix)
        #expect(same.diagnostics.count == 1)
        #expect(throws: DoseSumError.self) {
            try CourseAlignment(course1: Self.dose(frame: "1.2.3"), course2: Self.dose(frame: "1.2.4"), matrix: [Double](repeating: 1, count: 16))
        }
    }

    @Test("A course refuses relative dose and fewer than one fraction")
    func courseValidation() {
        var rel = Self.dose(frame: "1")
        rel.units = .relative
        #expect(throws: DoseSumError.self) { try Course(label: "c1", dose: rel, fractions: 30) }
        #expect(throws: DoseSumError.self) { try Course(label: "c1", dose: Self.dose(frame: "1"), fractions: 0) }
    }
}
