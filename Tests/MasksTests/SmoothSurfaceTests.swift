import Foundation
import Grids
import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// The smooth surface model's invariants: holes, islands and branching stay correct, it is the slab
/// model where nothing changes between planes, bad contours fall back to slab with a diagnostic
/// naming the ROI and the plane, and `slab` is untouched by the option's existence.
@Suite struct SmoothSurfaceTests {
    static let smooth = StructureSampler(options: SamplingOptions(surface: .smooth))

    static func roi(_ planes: [(z: Double, polygons: [[SIMD2<Double>]])], name: String = "test") -> ROI {
        ROI(number: ROINumber(1), name: name, contours: planes.flatMap { plane in
            plane.polygons.map { Contour(type: .closedPlanar, points: $0.map { SIMD3($0.x, $0.y, plane.z) }) }
        })
    }

    static func grid(_ roi: ROI) throws -> GridGeometry { try StructureSampler().lattice(covering: [roi]) }

    @Test("a cylinder along z is the same solid under both models (volume πr²·L to 0.3 %)")
    func cylinderIsUnchanged() throws {
        let phantom = SlabPhantom.cylinderZ(centre: [0.3, -0.2], radius: 6, z0: -6, z1: 6, spacing: 2)
        let roi = phantom.roi()
        let exact = PhantomAnalysis(phantom).volumeMM3
        let v = Self.smooth.sample(roi, on: try Self.grid(roi)).volumeMM3
        #expect(abs(v - exact) / exact < 0.003, "\(v) vs \(exact)")
    }

    @Test("a tube (outer circle and hole on every plane, hole wound either way) keeps its hole: volume π(R² − r²)·L")
    func holesStay() throws {
        for reverse in [false, true] {
            let phantom = SlabPhantom.annulus(centre: [0.1, 0.2], outer: 8, inner: 4, z0: -6, z1: 6, spacing: 3, reverseHole: reverse)
            let roi = phantom.roi()
            let exact = PhantomAnalysis(phantom).volumeMM3
            let s = Self.smooth.sample(roi, on: try Self.grid(roi))
            #expect(abs(s.volumeMM3 - exact) / exact < 0.01, "reverse \(reverse): \(s.volumeMM3) vs \(exact)")
        }
    }

    @Test("a tube whose hole shrinks and closes keeps its outer wall: volume between the slab bounds, nothing in the hole's core")
    func closingHole() throws {
        let outer = SlabPhantom.circle(centre: .zero, radius: 8, vertices: 128)
        var planes: [(z: Double, polygons: [[SIMD2<Double>]])] = []
        for (m, r) in [4.0, 3.0, 2.0, 0.0].enumerated() {
            let z = Double(m) * 2
            planes.append((z, r > 0 ? [outer, SlabPhantom.circle(centre: .zero, radius: r, vertices: 96).reversed()] : [outer]))
        }
        let roi = Self.roi(planes)
        let s = Self.smooth.sample(roi, on: try Self.grid(roi))
        // between the tube with the largest hole and the full cylinder, over 2 spacings + the caps
        let lo = Double.pi * (64 - 16) * 8, hi = Double.pi * 64 * 8
        #expect(s.volumeMM3 > lo && s.volumeMM3 < hi, "\(s.volumeMM3)")
        // no sample in the hole's core at the plane with the widest hole
        #expect(!zip(s.points, s.weights).contains { p, _ in abs(p.z) < 0.3 && (p.x * p.x + p.y * p.y) < 3.5 * 3.5 })
    }

    @Test("branching: one contour on a plane, two on the next: both branches carry volume, the gap between them none")
    func branching() throws {
        let one = SlabPhantom.circle(centre: .zero, radius: 8, vertices: 128)
        let left = SlabPhantom.circle(centre: [-6, 0], radius: 3, vertices: 96), right = SlabPhantom.circle(centre: [6, 0], radius: 3, vertices: 96)
        let roi = Self.roi([(0, [one]), (3, [one]), (6, [left, right]), (9, [left, right])])
        let s = Self.smooth.sample(roi, on: try Self.grid(roi))
        #expect(!s.diagnostics.contains { $0.code == "roi.smooth-fallback" })
        let upper = zip(s.points, s.weights).filter { $0.0.z > 7 }
        #expect(upper.contains { $0.0.x < -4 } && upper.contains { $0.0.x > 4 })
        #expect(!upper.contains { abs($0.0.x) < 1.5 && abs($0.0.y) < 1.5 }, "material between the branches above the split")
        // the volume lies between that of the two branches alone and that of the disc alone over the same length
        let v = s.volumeMM3, branches = 2 * Double.pi * 9 * 12, disc = Double.pi * 64 * 12
        #expect(v > branches && v < disc, "\(v)")
    }

    @Test("a self-intersecting contour falls back to slab for that ROI, with a warning naming the ROI and the plane")
    func badContoursFallBack() throws {
        let bowtie: [SIMD2<Double>] = [[-5, -5], [5, 5], [5, -5], [-5, 5]]
        let square: [SIMD2<Double>] = [[-5, -5], [5, -5], [5, 5], [-5, 5]]
        let roi = Self.roi([(0, [square]), (2, [bowtie]), (4, [square])], name: "Bowtie")
        let g = try Self.grid(roi)
        let s = Self.smooth.sample(roi, on: g), slab = StructureSampler().sample(roi, on: g)
        let d = s.diagnostics.first { $0.code == "roi.smooth-fallback" }
        #expect(d?.subject?.contains("Bowtie") == true && d?.message.contains("z = 2.0 mm") == true && d?.severity == .warning, "\(s.diagnostics)")
        #expect(s.volumeMM3 == slab.volumeMM3 && s.points == slab.points)
        // two overlapping contours on one plane, too
        let other: [SIMD2<Double>] = [[0, 0], [8, 0], [8, 8], [0, 8]]
        let overlap = Self.roi([(0, [square]), (2, [square, other]), (4, [square])], name: "Overlap")
        #expect(Self.smooth.sample(overlap, on: try Self.grid(overlap)).diagnostics.contains { $0.code == "roi.smooth-fallback" })
    }

    @Test("slab stays the default and its results do not change when smooth is merely available")
    func slabIsDefault() throws {
        #expect(SamplingOptions().surface == .slab)
        let roi = SlabPhantom.sphere(centre: [0.3, 0.1, 0.2], radius: 6, spacing: 2, phase: 0.3).roi()
        let g = try Self.grid(roi)
        let a = StructureSampler().sample(roi, on: g), b = StructureSampler(options: SamplingOptions(surface: .slab)).sample(roi, on: g)
        #expect(a.points == b.points && a.weights == b.weights && a.volumeMM3 == b.volumeMM3)
    }

    @Test("non-uniform spacing: a sphere contoured on irregular planes keeps its volume 4/3·πR³ within 2 %")
    func irregularSpacing() throws {
        let r = 8.0
        let zs: [Double] = [-7.2, -5.9, -3.1, -2.0, 0.4, 1.1, 3.9, 5.0, 6.8]
        let roi = Self.roi(zs.map { z in (z, [SlabPhantom.circle(centre: .zero, radius: (r * r - z * z).squareRoot(), vertices: 256)]) })
        let v = Self.smooth.sample(roi, on: try Self.grid(roi)).volumeMM3
        let exact = 4.0 / 3.0 * Double.pi * r * r * r
        #expect(abs(v - exact) / exact < 0.02, "\(v) vs \(exact)")
    }
}
