import Foundation
import DoseMetrics
import Grids
import Masks
import Testing
import TestSupport

/// D0.03cc, Dmax, Dmin, Dmean and volume of closed-form slab solids in linear 1 Gy/mm gradients,
/// against values derived from the polygons alone (`PhantomAnalysis`: extremes of the slab solid,
/// centroid, and the cut plane holding the hottest 30 mm³ solved by bisection on exact clipped areas).
@Suite struct NearMaximumAccuracyTests {
    static let d0 = 50.0, g = 1.0
    static func phantoms(spacing t: Double) -> [SlabPhantom] { [
        .sphere(centre: [0.37, -0.21, 0.13], radius: 5, spacing: t, phase: 0.27),
        .sphere(centre: [-0.4, 0.6, -0.2], radius: 10, spacing: t, phase: 0.5),
        .cylinderZ(centre: [0.3, -0.45], radius: 3, z0: -6, z1: 6, spacing: t),
        .cylinderX(centre: [0.15, 0.2, -0.1], radius: 2.5, halfLength: 10, spacing: t, phase: 0.4),
        .cone(centre: [-0.2, 0.35], base: -5, radius: 6, height: 12, spacing: t),
    ] }

    struct Worst { var dmax = 0.0, d003 = 0.0, dmin = 0.0, dmean = 0.0, volume = 0.0 }

    @Test("D0.03cc and Dmax within 0.3 Gy of exact down to 3 mm grids (1 Gy/mm along ±x, ±y, ±z)",
          arguments: [1.0, 2.0, 3.0, 4.0])
    func nearMaximum(gridSpacing s: Double) {
        let sampler = StructureSampler()
        var worst = Worst()
        var cases = 0
        for t in [1.0, 2.0, 3.0] {
            for phantom in Self.phantoms(spacing: t) {
                let analysis = PhantomAnalysis(phantom)
                for shift in [SIMD3<Double>.zero, SIMD3(0.5, 0.5, 0.5)] {
                    let sampling = sampler.sample(phantom.roi(), on: phantom.grid(spacing: s, shift: shift))
                    let exactVolume = analysis.volumeMM3
                    let volumeError = abs(sampling.volumeMM3 - exactVolume) / exactVolume
                    worst.volume = max(worst.volume, volumeError)
                    if exactVolume >= 1000 { #expect(volumeError < 0.02, "\(phantom) grid \(s) volume \(sampling.volumeMM3) vs \(exactVolume)") }
                    for axis in 0..<3 {
                        for sign in [1.0, -1.0] {
                            var gradient = SIMD3<Double>.zero
                            gradient[axis] = sign * Self.g
                            let field = LinearDoseField(d0: Self.d0, gradient: gradient)
                            let m = StructureMetrics(sampling: sampling, field: field, metrics: [.dmax, .dmin, .dmean, .doseAtAbsoluteVolume(cc: 0.03)])
                            let exact = analysis.exactMetrics(d0: Self.d0, g: Self.g, axis: axis, sign: sign)
                            let e = (dmax: abs(m.values[.dmax]!.number! - exact.dmax),
                                     d003: abs(m.values[.doseAtAbsoluteVolume(cc: 0.03)]!.number! - exact.dNearMax),
                                     dmin: abs(m.values[.dmin]!.number! - exact.dmin),
                                     dmean: abs(m.values[.dmean]!.number! - exact.dmean))
                            worst.dmax = max(worst.dmax, e.dmax); worst.d003 = max(worst.d003, e.d003)
                            worst.dmin = max(worst.dmin, e.dmin); worst.dmean = max(worst.dmean, e.dmean)
                            cases += 1
                            let what = "\(phantom) grid \(s) shift \(shift.x) axis \(axis) sign \(sign)"
                            if s <= 3 {
                                #expect(e.dmax <= 0.3, "Dmax \(what): \(m.values[.dmax]!) vs \(exact.dmax)")
                                #expect(e.d003 <= 0.3, "D0.03cc \(what): \(m.values[.doseAtAbsoluteVolume(cc: 0.03)]!) vs \(exact.dNearMax)")
                                #expect(e.dmin <= 0.3, "Dmin \(what): \(m.values[.dmin]!) vs \(exact.dmin)")
                            } else {
                                #expect(e.dmax <= 0.5 && e.d003 <= 0.5 && e.dmin <= 0.5, "4 mm \(what): \(e)")
                            }
                            #expect(e.dmean <= 0.1, "Dmean \(what): \(m.values[.dmean]!) vs \(exact.dmean)")
                        }
                    }
                }
            }
        }
        print(String(format: "[DoseMetricsTests] grid %.0f mm, %d cases: worst |error| D0.03cc %.3f Gy, Dmax %.3f Gy, Dmin %.3f Gy, Dmean %.3f Gy, volume %.2f %%",
                     s, cases, worst.d003, worst.dmax, worst.dmin, worst.dmean, worst.volume * 100))
    }

    @Test("oblique grid: extremes within one sub-cell (0.4 mm → 0.4 Gy at 1 Gy/mm), D0.03cc within 0.3 Gy")
    func obliqueGrid() {
        let phantom = SlabPhantom.sphere(centre: [0.3, -0.2, 0.1], radius: 6, spacing: 2, phase: 0.5)
        let analysis = PhantomAnalysis(phantom)
        let a = 25.0 * Double.pi / 180, b = 15.0 * Double.pi / 180
        let direction = Matrix3(rowMajor: [1, 0, 0, 0, cos(b), -sin(b), 0, sin(b), cos(b)])
            * Matrix3(rowMajor: [cos(a), -sin(a), 0, sin(a), cos(a), 0, 0, 0, 1])
        let spacing = SIMD3(2.0, 2.0, 2.0), size = SIMD3(12, 12, 12)
        let origin = SIMD3<Double>(0.1, 0.2, -0.1) - direction * (SIMD3<Double>(size &- 1) / 2 * spacing)
        let s = StructureSampler().sample(phantom.roi(), on: GridGeometry(origin: origin, spacing: spacing, direction: direction, size: size))
        for axis in 0..<3 {
            var gradient = SIMD3<Double>.zero
            gradient[axis] = 1
            let m = StructureMetrics(sampling: s, field: LinearDoseField(d0: 50, gradient: gradient), metrics: [.dmax, .doseAtAbsoluteVolume(cc: 0.03)])
            let exact = analysis.exactMetrics(d0: 50, g: 1, axis: axis, sign: 1)
            #expect(abs(m.values[.dmax]!.number! - exact.dmax) <= 0.4, "axis \(axis): \(m.values[.dmax]!) vs \(exact.dmax)")
            #expect(abs(m.values[.doseAtAbsoluteVolume(cc: 0.03)]!.number! - exact.dNearMax) <= 0.3,
                    "axis \(axis): \(m.values[.doseAtAbsoluteVolume(cc: 0.03)]!) vs \(exact.dNearMax)")
        }
    }

    @Test("the analytic cut agrees with the sphere-cap formula πh²(3R − h)/3 for a smooth sphere")
    func analyticCutMatchesCapFormula() {
        // Sanity check of the test oracle itself: a finely contoured sphere (0.05 mm planes, 1024
        // vertices) approaches the smooth sphere, whose 30 mm³ cap of R = 10 has height h solving
        // πh²(30 − h)/3 = 30 (Newton by hand: h ≈ 1.0054 mm).
        var h = 1.0
        for _ in 0..<50 { h -= (Double.pi * h * h * (30 - h) / 3 - 30) / (Double.pi * (60 * h - 3 * h * h) / 3) }
        let fine = SlabPhantom.sphere(centre: .zero, radius: 10, spacing: 0.05, phase: 0.5, vertices: 1024)
        let cut = PhantomAnalysis(fine).cut(holding: 30, axis: 0, sign: 1)
        #expect(abs(cut - (10 - h)) < 0.01, "\(cut) vs \(10 - h)")
    }
}
