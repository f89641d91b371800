import Grids
import Testing

/// `GridGeometry.extended(toCover:margin:)`: same lattice, grown by whole voxels, never shrunk.
struct GridExtensionTests {
    let g = GridGeometry(origin: [0, 0, 0], spacing: [2, 2, 5], size: [4, 4, 3])  // centres x,y 0…6, z 0…10

    @Test func pointsInsideLeaveTheGridAsItIs() {
        #expect(g.extended(toCover: [[1, 1, 1], [6, 6, 10]], margin: 0) == g)
        #expect(g.extended(toCover: [], margin: 10) == g)
    }

    @Test func growsByWholeVoxelsOnTheSameLattice() {
        // x = −3 needs centre −4 (2 voxels before 0); z = 13 + margin 1 = 14 needs centre 15 (one more frame).
        let e = g.extended(toCover: [[-3, 2, 13]], margin: 1)
        #expect(e.origin == [-4, 0, 0])
        #expect(e.size == [6, 4, 4])
        #expect(e.spacing == g.spacing)
        // Every old centre is still a centre of the grown grid.
        #expect(e.index(of: g.point(atIndex: [3, 3, 2])) == [5, 3, 2])
    }
}
