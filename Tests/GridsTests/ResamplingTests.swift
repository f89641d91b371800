import Grids
import RTCore
import TestSupport
import Testing

@Suite struct ResamplingTests {
    let oblique = GridGeometry(origin: [-12.3, 40.1, -7.7], spacing: [2.5, 3.0, 1.25],
                               direction: Fields.obliqueDirection, size: [7, 5, 4])

    @Test("Resampling onto the same geometry is the identity", arguments: Interpolation.allCases)
    func identity(method: Interpolation) {
        let g = Fields.noise(oblique, seed: 7)
        #expect(g.resampled(onto: oblique, method: method).values == g.values)
    }

    @Test("An integer-voxel translation moves values exactly and leaves 0 beyond the edge")
    func integerShift() {
        let g = Fields.noise(oblique, seed: 3)
        // Target → source: +2 voxels along i, −1 along k (in patient mm, along the grid's axes).
        let shift = RigidTransform(translation: oblique.direction.c0 * (2 * 2.5) - oblique.direction.c2 * 1.25)
        let r = g.resampled(onto: oblique, applying: shift)
        for k in 0..<4 { for j in 0..<5 { for i in 0..<7 {
            let (si, sk) = (i + 2, k - 1)
            let expected: Float = si < 7 && sk >= 0 ? g[si, j, sk] : 0
            #expect(r[i, j, k] == expected, "voxel \(i) \(j) \(k)")
        } } }
    }

    @Test("A 90° rotation about z permutes the axes exactly")
    func quarterTurn() {
        // Source 4×3×2, unit spacing at the origin. Target→source rotation q = (−p.y, p.x, p.z);
        // target origin (0, −3, 0) so target (a, b, c) → p = (a, b − 3, c) → q = (3 − b, a, c).
        let src = Fields.noise(GridGeometry(origin: .zero, spacing: [1, 1, 1], size: [4, 3, 2]), seed: 11)
        let target = GridGeometry(origin: [0, -3, 0], spacing: [1, 1, 1], size: [3, 4, 2])
        let quarter = RigidTransform(rotation: Matrix3(rowMajor: [0, -1, 0, 1, 0, 0, 0, 0, 1]))
        let r = src.resampled(onto: target, applying: quarter)
        for c in 0..<2 { for b in 0..<4 { for a in 0..<3 {
            #expect(r[a, b, c] == src[3 - b, a, c])
        } } }
    }

    @Test("A linear dose field is reproduced by trilinear resampling under an arbitrary rigid motion")
    func linearFieldUnderRotation() {
        func f(_ q: SIMD3<Double>) -> Double { 40 + 0.5 * q.x - 0.25 * q.y + 0.125 * q.z }
        let source = GridGeometry(origin: [-30, -25, -20], spacing: [3, 2.5, 2], size: [21, 21, 21])
        let src = Fields.grid(source, f)
        let target = GridGeometry(origin: [-28, -30, -22], spacing: [2, 2, 2.5],
                                  direction: Fields.rotation(axis: [0, 0, 1], angle: 0.2), size: [30, 28, 20])
        let motion = RigidTransform(rotation: Fields.rotation(axis: [0.3, 0.5, 0.8], angle: 0.37), translation: [1.7, -2.2, 0.9])
        for parallel in [false, true] {
            let r = src.resampled(onto: target, applying: motion, parallel: parallel)
            var inside = 0
            for k in 0..<20 { for j in 0..<28 { for i in 0..<30 {
                let q = motion.apply(target.point(atIndex: SIMD3(Double(i), Double(j), Double(k))))
                let u = source.index(of: q)
                // Support: centre box ± 1 µm (≤ 5e-4 index units at these spacings); stay clear of that band.
                let m = 1e-6, out = 1e-3
                let clearlyIn = u.x > m && u.y > m && u.z > m && u.x < 20 - m && u.y < 20 - m && u.z < 20 - m
                let clearlyOut = u.x < -out || u.y < -out || u.z < -out || u.x > 20 + out || u.y > 20 + out || u.z > 20 + out
                if clearlyIn {
                    inside += 1
                    // Float samples (≈ 3e-6 Gy rounding at 40 Gy) are the only error: the interpolant of a linear field is exact.
                    #expect(abs(Double(r[i, j, k]) - f(q)) < 1e-4, "voxel \(i) \(j) \(k)")
                } else if clearlyOut {
                    #expect(r[i, j, k] == 0)
                }
            } } }
            #expect(inside > 3000 && inside < 16_800)  // both inside and outside voxels are exercised
        }
    }

    @Test("Parallel resampling equals the serial path bit for bit", arguments: Interpolation.allCases)
    func parallelEqualsSerial(method: Interpolation) {
        let src = Fields.noise(oblique, seed: 5)
        let target = GridGeometry(origin: [-14, 38, -9], spacing: [0.7, 0.9, 0.5], size: [30, 25, 20])
        let t = RigidTransform(rotation: Fields.rotation(axis: [1, -1, 2], angle: 0.3), translation: [0.3, 0.2, -0.4])
        let a = src.resampled(onto: target, applying: t, method: method, parallel: true)
        let b = src.resampled(onto: target, applying: t, method: method, parallel: false)
        #expect(a.values == b.values)
        #expect(a.values.contains { $0 != 0 })
    }

    @Test("Resampling (row stepping, row clipping) agrees with point-by-point sampling at the mapped centres")
    func agreesWithPointSampling() {
        let src = Fields.noise(oblique, seed: 13)
        // A target box around the source centre c (partly outside it), rotated by 0.45 rad about c.
        let c = oblique.point(atIndex: [3, 2, 1.5])
        let target = GridGeometry(origin: c - [12, 10, 6], spacing: [0.8, 0.9, 0.7], size: [30, 23, 17])
        let rot = Fields.rotation(axis: [0, 1, 1], angle: -0.45)
        let t = RigidTransform(rotation: rot, translation: c - rot * c)
        let r = src.resampled(onto: target, applying: t)
        var nonZero = 0
        for k in 0..<17 { for j in 0..<23 { for i in 0..<30 {
            let q = t.apply(target.point(atIndex: SIMD3(Double(i), Double(j), Double(k))))
            let expected = src.interpolated(at: q)
            if expected != 0 { nonZero += 1 }
            #expect(abs(r[i, j, k] - expected) < 1e-3, "voxel \(i) \(j) \(k)")
        } } }
        #expect(nonZero > 1000 && nonZero < 30 * 23 * 17 - 1000)
    }

    /// Axis-aligned grids take a row fast path (and a copy where target centres are source centres);
    /// it must give exactly `GridSampler.trilinear` at every mapped centre, last column and row included.
    @Test("Axis-aligned resampling equals trilinear sampling bit for bit, on and off the source lattice")
    func axisAlignedRowsAreExact() {
        let source = GridGeometry(origin: [-10, 4, 7], spacing: [2.5, 2.5, 3], size: [9, 7, 6])
        let src = Fields.noise(source, seed: 21)
        let sameLattice = GridGeometry(origin: source.point(atIndex: [-2, 1, -1]), spacing: source.spacing, size: [13, 8, 8])
        let finer = GridGeometry(origin: [-11.3, 3.2, 6.1], spacing: [1.25, 2, 1.5], size: [20, 10, 14])
        // same lattice but beside the source along x, wholly (the copy range would be empty: once a
        // trap) or but for its first column
        let besideRight = GridGeometry(origin: source.point(atIndex: [9, 1, 0]), spacing: source.spacing, size: [4, 3, 3])
        let besideLeft = GridGeometry(origin: source.point(atIndex: [-6, 1, 0]), spacing: source.spacing, size: [7, 3, 3])
        for target in [sameLattice, finer, besideRight, besideLeft] {
            let r = src.resampled(onto: target)
            let sampler = GridSampler(geometry: source)
            src.values.withUnsafeBufferPointer { v in
                for k in 0..<target.size.z { for j in 0..<target.size.y { for i in 0..<target.size.x {
                    let ijk = source.index(of: target.point(atIndex: SIMD3(Double(i), Double(j), Double(k))))
                    #expect(r[i, j, k] == sampler.trilinear(v, at: ijk), "voxel \(i) \(j) \(k)")
                } } }
            }
        }
    }
}
