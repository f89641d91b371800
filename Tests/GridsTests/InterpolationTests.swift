import Grids
import RTCore
import TestSupport
import Testing

@Suite struct InterpolationTests {
    /// 2×2×2 unit grid with v(i, j, k) = i + 10 j + 100 k.
    let cube = Grid(geometry: GridGeometry(origin: .zero, spacing: [1, 1, 1], size: [2, 2, 2]),
                    values: [Float](arrayLiteral: 0, 1, 10, 11, 100, 101, 110, 111))

    @Test("Trilinear reproduces a linear field between centres: 0.25 + 10·0.5 + 100·0.75 = 80.25")
    func trilinearLinear() {
        #expect(cube.interpolated(atIndex: [0.25, 0.5, 0.75]) == 80.25)
        #expect(cube.interpolated(atIndex: [1, 1, 1]) == 111)
    }

    @Test("Trilinear of a single corner spike at the cell centre is 1/8")
    func trilinearSpike() {
        var g = Grid(geometry: cube.geometry, repeating: Float(0)); g[1, 1, 1] = 8
        #expect(g.interpolated(atIndex: [0.5, 0.5, 0.5]) == 1)
        #expect(g.interpolated(atIndex: [1, 0.5, 0.5]) == 2)  // on the i = 1 face: bilinear of (0, 0, 0, 8)
    }

    @Test("Nearest takes the nearest centre, a tie goes to the higher index")
    func nearest() {
        #expect(cube.interpolated(atIndex: [0.5, 0.49, 0.51], method: .nearest) == 101)
        #expect(cube.interpolated(atIndex: [0.2, 0.8, 0.3], method: .nearest) == 10)
    }

    @Test("Zero outside the box spanned by the voxel centres; 1 µm slack on its faces",
          arguments: Interpolation.allCases)
    func outsideIsZero(method: Interpolation) {
        // Spacing 1 mm, so 1 µm = 0.001 index units.
        #expect(cube.interpolated(atIndex: [-0.01, 0.5, 0.5], method: method) == 0)
        #expect(cube.interpolated(atIndex: [0.5, 1.01, 0.5], method: method) == 0)
        #expect(cube.interpolated(atIndex: [0.5, 0.5, 1.002], method: method) == 0)
        #expect(cube.interpolated(atIndex: [-0.0005, 0, 1.0005], method: method) == 100)
        #expect(cube.interpolated(at: [0, 0, -0.5], method: method) == 0)  // inside the voxel box, outside the centre box
    }

    @Test("A single-frame grid is in support only within 1 µm of its plane")
    func singlePlane() {
        // 3×2×1 grid at z = 7 mm, slice spacing 2.5 mm (meaningless for one frame); v = i + 10 j.
        let g = Fields.grid(GridGeometry(origin: [0, 0, 7], spacing: [2, 3, 2.5], size: [3, 2, 1])) { p in p.x / 2 + 10 * p.y / 3 }
        #expect(g.interpolated(at: [1, 1.5, 7]) == 5.5)           // i = 0.5, j = 0.5
        #expect(g.interpolated(at: [1, 1.5, 7.0005]) == 5.5)      // 0.5 µm off the plane
        #expect(g.interpolated(at: [1, 1.5, 7.01]) == 0)          // 10 µm off
        #expect(g.interpolated(at: [1, 1.5, 6.99]) == 0)
        #expect(g.supports([4, 3, 7]) && !g.supports([4.01, 3, 7]))
    }

    @Test("A patient point maps through origin, oblique direction and spacing to the right sample")
    func patientPoint() {
        let geo = GridGeometry(origin: [10, -20, 5], spacing: [2, 3, 4], direction: Fields.obliqueDirection, size: [4, 4, 4])
        let g = Fields.noise(geo)
        let p = geo.point(atIndex: [2, 1, 3])
        #expect(g.interpolated(at: p) == g[2, 1, 3])
        #expect(g.interpolated(at: p, method: .nearest) == g[2, 1, 3])
    }
}
