import Foundation
import DoseMetrics
import Grids
import Masks
import Testing
import TestSupport

/// Issue 18 item 2: Dmax and Dmin reach the extremes of the slab solid. A linear dose over a slab
/// (a polygon region extruded along z) is extreme at a corner: a contour vertex at one of the slab's
/// two faces, z ± t/2. The exact values come from the phantom's polygons alone.
@Suite struct SurfaceExtremeTests {
    static let d0 = 50.0

    /// Exact max and min of d0 + g·p over the slab solid of `phantom` (islands' vertices at both faces).
    static func exactExtremes(_ phantom: SlabPhantom, gradient g: SIMD3<Double>) -> (max: Double, min: Double) {
        var hi = -Double.infinity, lo = Double.infinity
        for plane in phantom.planes {
            for ring in plane.rings where ring.sign > 0 {
                for q in ring.points {
                    for z in [plane.z - phantom.spacing / 2, plane.z + phantom.spacing / 2] {
                        let d = d0 + (g * SIMD3(q.x, q.y, z)).sum()
                        hi = max(hi, d); lo = min(lo, d)
                    }
                }
            }
        }
        return (hi, lo)
    }

    static let gradients: [SIMD3<Double>] = [[1, 0, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1],
                                             [0.6, 0, 0.8], [-0.48, 0.6, 0.64], [0.577, 0.577, -0.577]]

    @Test("Dmax and Dmin of spheres, cylinders and cones in 1 Gy/mm gradients within 0.02 Gy of the slab solid's",
          arguments: [1.0, 2.0, 3.0])
    func extremes(sliceSpacing t: Double) throws {
        let phantoms: [SlabPhantom] = [
            .sphere(centre: [0.37, -0.21, 0.13], radius: 5, spacing: t, phase: 0.27),
            .sphere(centre: [-0.4, 0.6, -0.2], radius: 10, spacing: t, phase: 0.5),
            .cylinderX(centre: [0.15, 0.2, -0.1], radius: 2.5, halfLength: 10, spacing: t, phase: 0.4),
            .cone(centre: [-0.2, 0.35], base: -5, radius: 6, height: 12, spacing: t),
        ]
        var worst = 0.0, worstCentres = 0.0
        for phantom in phantoms {
            // the patient-anchored lattice, and dose-grid-like lattices of 1 and 3 mm shifted off it
            let samplings = [try StructureSampler().survey([phantom.roi()], budget: .default, file: nil).samplings()[0],
                             StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 1, shift: [0.3, 0.1, 0.7])),
                             StructureSampler().sample(phantom.roi(), on: phantom.grid(spacing: 3, shift: [0.5, 0.25, 0.5]))]
            for sampling in samplings {
                for direction in Self.gradients {
                    let g = direction / (direction * direction).sum().squareRoot()
                    let field = LinearDoseField(d0: Self.d0, gradient: g)
                    let exact = Self.exactExtremes(phantom, gradient: g)
                    let m = StructureMetrics(sampling: sampling, field: field, metrics: [.dmax, .dmin])
                    let dmax = m.values[.dmax]!.number!, dmin = m.values[.dmin]!.number!
                    #expect(abs(dmax - exact.max) <= 0.02, "\(phantom) grid \(sampling.geometry.spacing.x) g \(g): Dmax \(dmax) vs \(exact.max)")
                    #expect(abs(dmin - exact.min) <= 0.02, "\(phantom) grid \(sampling.geometry.spacing.x) g \(g): Dmin \(dmin) vs \(exact.min)")
                    worst = max(worst, abs(dmax - exact.max), abs(dmin - exact.min))
                    // the sample cells alone stop short of the corners: the corners are what reaches them
                    let cells = StructureMetrics(sampling: sampling, samples: DoseVolumeSamples(sampling: sampling, field: field), metrics: [.dmax])
                    worstCentres = max(worstCentres, exact.max - cells.values[.dmax]!.number!)
                }
            }
        }
        #expect(worstCentres > 0.05, "sample centres alone already reach the corners: the test would prove nothing")
        print(String(format: "[SurfaceExtremeTests] slices %.0f mm: worst |Dmax/Dmin error| %.4f Gy with corners, Dmax %.3f Gy short from cell centres alone",
                     t, worst, worstCentres))
    }
}
