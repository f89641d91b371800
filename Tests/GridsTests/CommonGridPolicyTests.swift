import Grids
import RTCore
import Testing

@Suite struct CommonGridPolicyTests {
    // Course 2 (reference): centres span x 0…20, y 0…10, z 0…12.
    let c2 = GridGeometry(origin: [0, 0, 0], spacing: [2, 2, 3], size: [11, 6, 5])
    // Course 1 in its own frame: centres span x −5…1, y 3…8, z 4…24.
    let c1 = GridGeometry(origin: [-5, 3, 4], spacing: [1.5, 2.5, 2], size: [5, 3, 11])

    @Test("Union, same frame: finer spacing per axis, lattice anchored on course 2, covering both boxes")
    func unionSameFrame() throws {
        let g = try CommonGridPolicy.union.geometry(course1: c1, course2: c2)
        // spacing min((1.5,2.5,2),(2,2,3)) = (1.5, 2, 2); x: floor(−5/1.5) = −4 → −6, ceil(20/1.5) = 14 → 19 centres;
        // y: 0 … ceil(10/2) = 5 → 6 centres; z: 0 … ceil(24/2) = 12 → 13 centres.
        #expect(g.spacing == [1.5, 2, 2])
        #expect(length(g.origin - [-6, 0, 0]) < 1e-9)
        #expect(g.size == [19, 6, 13])
        #expect(g.direction == .identity)
    }

    @Test("Union with course 1 in another frame: its box is mapped into the common frame first")
    func unionMapped() throws {
        // Common (course-2) position p is course-1 position p + (10, 0, 0): course 1's box is x −15…−9 in common.
        let g = try CommonGridPolicy.union.geometry(course1: c1, commonToCourse1: RigidTransform(translation: [10, 0, 0]), course2: c2)
        // x: −15/1.5 = −10 exactly on the lattice → origin −15; last 14 → 25 centres.
        #expect(length(g.origin - [-15, 0, 0]) < 1e-9)
        #expect(g.size == [25, 6, 13])
        let one = try CommonGridPolicy.course1.geometry(course1: c1, commonToCourse1: RigidTransform(translation: [10, 0, 0]), course2: c2)
        #expect(length(one.origin - [-15, 3, 4]) < 1e-9 && one.size == c1.size && one.spacing == c1.spacing)
        #expect(try CommonGridPolicy.course2.geometry(course1: c1, course2: c2) == c2)
    }

    @Test("Explicit spacing keeps the union extent; bad spacing is refused")
    func explicitSpacing() throws {
        let g = try CommonGridPolicy.spacing([1, 1, 1]).geometry(course1: c1, course2: c2)
        // x −5…20 → 26 centres, y 0…10 → 11, z 0…24 → 25.
        #expect(length(g.origin - [-5, 0, 0]) < 1e-9 && g.size == [26, 11, 25])
        #expect(throws: DoseSumError.self) { try CommonGridPolicy.spacing([1, 0, 1]).geometry(course1: c1, course2: c2) }
    }

    @Test("Union follows a rotated reference grid's axes")
    func rotatedReference() throws {
        // Course 2's axes: i along +y, j along −x, k along +z (90° about z); centres at x −10…0, y 0…20, z 0…12.
        let quarter = Matrix3(rowMajor: [0, -1, 0, 1, 0, 0, 0, 0, 1])
        let r2 = GridGeometry(origin: .zero, spacing: [2, 2, 3], direction: quarter, size: [11, 6, 5])
        // Course 1: centres x −5…1, y 3…8 → along r2's axes u = (y, −x): u.x 3…8, u.y −1…5, z 4…24.
        let g = try CommonGridPolicy.union.geometry(course1: c1, course2: r2)
        // spacing (1.5, 2, 2): u.x 0…20 → 0 … 14 → 15 centres; u.y −1…10 → −1 … 5 → 7 centres (origin u.y −2);
        // z 0…24 → 13. Origin = u (0, −2, 0) → patient (2, 0, 0).
        #expect(g.direction == quarter && g.size == [15, 7, 13])
        #expect(length(g.origin - [2, 0, 0]) < 1e-9)
    }
}
