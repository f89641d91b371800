import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// Volumes of closed-form slab solids (exact volume = Σ polygon area × plane spacing, from
/// `PhantomAnalysis`, never from the sampler).
@Suite struct StructureSamplerVolumeTests {
    static let phantoms: [SlabPhantom] = [1.0, 2.0, 3.0].flatMap { t in [
        SlabPhantom.sphere(centre: [1.3, -2.2, 0.4], radius: 8, spacing: t, phase: 0.3),
        SlabPhantom.cylinderZ(centre: [-0.7, 1.1], radius: 5, z0: -6, z1: 6, spacing: t),
        SlabPhantom.cylinderX(centre: [0.2, 0.9, -0.3], radius: 6, halfLength: 9, spacing: t, phase: 0.1),
        SlabPhantom.cone(centre: [0.4, 0.6], base: -5, radius: 9, height: 15, spacing: t),
    ] }

    @Test("volume within 2 % of the exact slab volume (structures ≥ 1 cc), grids 1–4 mm, shifted or not",
          arguments: [1.0, 2.0, 3.0, 4.0])
    func slabVolume(gridSpacing s: Double) {
        let sampler = StructureSampler()
        var worst = 0.0
        for phantom in Self.phantoms {
            let exact = PhantomAnalysis(phantom).volumeMM3
            #expect(exact >= 1000)
            for shift in [SIMD3<Double>.zero, SIMD3(0.5, 0.5, 0.5), SIMD3(0.25, 0.5, 0.1)] {
                let sampling = sampler.sample(phantom.roi(), on: phantom.grid(spacing: s, shift: shift))
                let rel = abs(sampling.volumeMM3 - exact) / exact
                worst = max(worst, rel)
                #expect(rel < 0.02, "\(phantom) grid \(s) mm shift \(shift): \(sampling.volumeMM3) vs \(exact) mm³")
            }
        }
        print("[MasksTests] grid \(s) mm: worst relative volume error \(String(format: "%.4f", worst * 100)) %")
    }

    @Test("occupancy fractions and sample weights both sum to the volume")
    func occupancySumsToVolume() throws {
        let phantom = SlabPhantom.sphere(centre: [0, 0, 0], radius: 7, spacing: 2)
        let geometry = phantom.grid(spacing: 2.5, shift: [0.3, 0.1, 0.7])
        let s = StructureSampler().sample(phantom.roi(), on: geometry)
        let fromFractions = s.voxelFractions.reduce(0.0) { $0 + Double($1) } * geometry.voxelVolumeMM3
        let fromWeights = s.weights.reduce(0.0) { $0 + Double($1) }
        #expect(abs(fromFractions - s.volumeMM3) <= 1e-6 * s.volumeMM3)
        #expect(abs(fromWeights - s.volumeMM3) <= 1e-5 * s.volumeMM3)
        #expect(s.points.count == s.weights.count)
        #expect(s.voxelIndices == s.voxelIndices.sorted() && Set(s.voxelIndices).count == s.voxelIndices.count)
        #expect(s.voxelFractions.allSatisfy { $0 > 0 && $0 <= 1 })
        // every sample lies inside the exact solid: its slab's polygon (radius of the plane's circle),
        // to within the Float rounding of the stored positions (≤ 1e-6 mm this near the origin)
        for p in s.points.map(SIMD3<Double>.init) {
            let plane = try #require(phantom.planes.min { abs($0.z - p.z) < abs($1.z - p.z) })
            let r = (plane.rings[0].points[0] - SIMD2(0, 0))
            #expect(abs(plane.z - p.z) <= phantom.spacing / 2 + 1e-5)
            #expect((p.x * p.x + p.y * p.y).squareRoot() <= (r * r).sum().squareRoot() + 1e-5)
        }
        // dense occupancy and binary mask agree with the sparse list
        let grid = s.occupancyGrid()
        #expect(abs(grid.values.reduce(0.0) { $0 + Double($1) } * geometry.voxelVolumeMM3 - s.volumeMM3) <= 1e-6 * s.volumeMM3)
        let mask = s.binaryMask(threshold: 1)
        #expect(mask.values.reduce(0) { $0 + Int($1) } == s.voxelFractions.filter { $0 == 1 }.count)
    }

    @Test("even-odd annulus: the hole is removed whichever way it is wound")
    func annulusVolume() {
        for reverse in [false, true] {
            let phantom = SlabPhantom.annulus(centre: [0.3, -0.2], outer: 12, inner: 6, z0: -4, z1: 4, spacing: 2, reverseHole: reverse)
            let exact = PhantomAnalysis(phantom).volumeMM3
            // π(12² − 6²)·10 mm (5 planes × 2 mm) minus the polygon-vs-circle area defect
            #expect(abs(exact - Double.pi * (144 - 36) * 10) / exact < 0.002)
            let s = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 1.5, shift: [0.5, 0.5, 0.5]))
            #expect(abs(s.volumeMM3 - exact) / exact < 0.01, "reverse \(reverse): \(s.volumeMM3) vs \(exact)")
            // no sample in the hole (radius < 6) or outside the outer ring
            #expect(s.points.map(SIMD3<Double>.init).allSatisfy { p in
                let r = ((p.x - 0.3) * (p.x - 0.3) + (p.y + 0.2) * (p.y + 0.2)).squareRoot()
                return r >= 6 * cos(Double.pi / 96) - 1e-5 && r <= 12 + 1e-5
            })
        }
    }

    @Test("half-voxel shift of the grid leaves the volume unchanged (to 1 %)")
    func shiftInvariance() {
        for phantom in [SlabPhantom.sphere(centre: [0, 0, 0], radius: 6, spacing: 2),
                        SlabPhantom.cone(centre: [0, 0], base: 0, radius: 7, height: 12, spacing: 3)] {
            let a = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 3)).volumeMM3
            let b = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 3, shift: [0.5, 0.5, 0.5])).volumeMM3
            #expect(abs(a - b) / a < 0.01, "\(phantom): \(a) vs \(b)")
        }
    }

    @Test("an oblique grid gives the same volume")
    func obliqueGrid() {
        let phantom = SlabPhantom.cylinderX(centre: [0, 0, 0], radius: 6, halfLength: 10, spacing: 2)
        let exact = PhantomAnalysis(phantom).volumeMM3
        // rotation 30° about z, then 20° about x: orthonormal, every axis oblique to the contour planes
        let a = 30.0 * Double.pi / 180, b = 20.0 * Double.pi / 180
        let rz = Matrix3(rowMajor: [cos(a), -sin(a), 0, sin(a), cos(a), 0, 0, 0, 1])
        let rx = Matrix3(rowMajor: [1, 0, 0, 0, cos(b), -sin(b), 0, sin(b), cos(b)])
        let direction = rx * rz
        #expect(direction.isOrthonormal)
        // a grid covering the cylinder's bounding sphere (radius √(10² + 6²) < 12) in any orientation
        let spacing = SIMD3(2.0, 2.5, 1.5)
        let size = SIMD3<Int>((SIMD3(repeating: 28.0) / spacing).rounded(.up))
        let centreIndex = SIMD3<Double>(size &- 1) / 2
        let origin = SIMD3<Double>(0.2, -0.1, 0.3) - direction * (centreIndex * spacing)
        let geometry = GridGeometry(origin: origin, spacing: spacing, direction: direction, size: size)
        let s = StructureSampler().sample(phantom.roi(), on: geometry)
        #expect(abs(s.volumeMM3 - exact) / exact < 0.01, "\(s.volumeMM3) vs \(exact)")
        #expect(s.diagnostics.isEmpty)
    }

    @Test("a large structure (65 cc, coarser sub-cells by the cube-root rule) keeps its volume")
    func largeStructure() {
        let phantom = SlabPhantom.sphere(centre: [0.4, -0.3, 0.2], radius: 25, spacing: 3, phase: 0.2, vertices: 256)
        let exact = PhantomAnalysis(phantom).volumeMM3
        let s = StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 3, shift: [0.5, 0.25, 0]))
        // cell = 0.4 mm × (≈65.4 cc / 30 cc)^⅓ ≈ 0.52 mm → n = ⌈3 / 0.52⌉ = 6
        #expect(s.subdivisions == 6)
        #expect(abs(s.volumeMM3 - exact) / exact < 0.005, "\(s.volumeMM3) vs \(exact)")
    }

    @Test("parallel sampling of many ROIs equals the serial result exactly")
    func parallelEqualsSerial() {
        let rois = (0..<12).map { n in
            SlabPhantom.sphere(centre: [Double(n) * 3 - 15, 0.5, 0], radius: 4 + Double(n % 4), spacing: 2, phase: 0.1 * Double(n)).roi(number: n + 1)
        }
        let geometry = GridGeometry(origin: [-30, -14, -14], spacing: [2, 2, 2.5], size: [32, 15, 12])
        let serial = StructureSampler().sample(rois, on: geometry, parallel: false)
        let parallel = StructureSampler().sample(rois, on: geometry, parallel: true)
        #expect(serial.count == 12 && parallel.count == 12)
        for (a, b) in zip(serial, parallel) {
            #expect(a.roiNumber == b.roiNumber && a.points == b.points && a.weights == b.weights)
            #expect(a.voxelIndices == b.voxelIndices && a.voxelFractions == b.voxelFractions && a.volumeMM3 == b.volumeMM3)
        }
    }
}
