import Grids
import TestSupport
import Testing

/// `GridGeometry.extended(toCover:margin:)`: same lattice, grown by whole voxels, never shrunk.
struct GridExtensionTests {
    let g = GridGeometry(origin: [0, 0, 0], spacing: [2, 2, 5], size: [4, 4, 3])  // centres x,y 0…6, z 0…10

    @Test func pointsInsideLeaveTheGridAsItIs() throws {
        #expect(try g.extended(toCover: [[1, 1, 1], [6, 6, 10]], margin: 0) == g)
        #expect(try g.extended(toCover: [], margin: 10) == g)
    }

    @Test func growsByWholeVoxelsOnTheSameLattice() throws {
        // x = −3 needs centre −4 (2 voxels before 0); z = 13 + margin 1 = 14 needs centre 15 (one more frame).
        let e = try g.extended(toCover: [[-3, 2, 13]], margin: 1)
        #expect(e.origin == [-4, 0, 0])
        #expect(e.size == [6, 4, 4])
        #expect(e.spacing == g.spacing)
        // Every old centre is still a centre of the grown grid.
        #expect(e.index(of: g.point(atIndex: [3, 3, 2])) == [5, 3, 2])
    }
}

@Suite("Boxes of a grid")
struct VoxelBoxTests {
    let geometry = GridGeometry(origin: [-20.5, 13, 7.25], spacing: [2, 2.5, 3],
                                direction: Fields.rotation(axis: [1, 2, 3], angle: 0.4), size: [20, 16, 12])

    @Test func aCropInterpolatesLikeTheWholeGridAtThePointsItWasCutAround() throws {
        let grid = Fields.noise(geometry, seed: 7)
        var rng = SystemRandomNumberGenerator()
        // Points in a sub-region, in the grid's own frame, including some just outside the grid.
        let points = (0..<400).map { _ in
            geometry.point(atIndex: SIMD3(Double.random(in: 3.2...11.9, using: &rng), Double.random(in: -0.8...6.5, using: &rng),
                                          Double.random(in: 4...11.6, using: &rng)))
        }
        let box = geometry.box(around: points)
        #expect(box.lower == SIMD3(2, 0, 3) && box.upper == SIMD3(13, 8, 11))
        var values: [Float] = []
        for k in box.lower.z...box.upper.z { for j in box.lower.y...box.upper.y { for i in box.lower.x...box.upper.x {
            values.append(grid[i, j, k])
        } } }
        let crop = Grid(geometry: geometry.cropped(to: box), values: values)
        for p in points {
            #expect(crop.supports(p) == grid.supports(p))
            #expect(abs(crop.interpolated(at: p) - grid.interpolated(at: p)) <= 1e-6)
        }
    }

    @Test func pointsBeyondTheGridGiveAOneVoxelBoxTheyAreOutsideOf() {
        let far = [geometry.point(atIndex: [30, 40, 50]), geometry.point(atIndex: [25, 20, 14])]
        let box = geometry.box(around: far)
        #expect(box.lower == SIMD3(19, 15, 11) && box.upper == SIMD3(19, 15, 11))
        let crop = Grid<Float>(geometry: geometry.cropped(to: box), values: [1])
        #expect(far.allSatisfy { !crop.supports($0) })
        #expect(geometry.box(around: []).voxelCount == 1)
    }
}
