import Foundation
import Grids
@testable import Masks
import RTCore
import RTModel
import Testing
import TestSupport

/// The row-at-a-time classification of axis-aligned grids (`RegionRowScan`, `AxialClassifier`) must
/// give exactly the answers of the per-voxel tests (`PlanarRegion.contains`/`hasEdge`,
/// `VoxelFrame.classify`): the sampler's output is defined by the latter.
@Suite struct RowClassificationTests {
    static let phantoms: [SlabPhantom] = [
        .sphere(centre: [1.3, -2.2, 0.4], radius: 8, spacing: 2, phase: 0.3),
        .cylinderX(centre: [0.2, 0.9, -0.3], radius: 6, halfLength: 9, spacing: 1.5, phase: 0.1),
        .cone(centre: [0.4, 0.6], base: -5, radius: 9, height: 15, spacing: 2.5),
        .annulus(centre: [0.5, -0.25], outer: 9, inner: 4, z0: -4, z1: 4, spacing: 2, reverseHole: true),
    ]

    static func stack(_ phantom: SlabPhantom) -> SlabStack {
        var diagnostics: [Diagnostic] = []
        let roi = phantom.roi()
        return SlabStack(planes: SlabStack.planes(of: roi, diagnostics: &diagnostics), of: roi, endCap: .halfSpacing,
                         singlePlaneThickness: phantom.spacing, diagnostics: &diagnostics)
    }

    /// Grids of the phantom: identity at several spacings and shifts, and one with x and z flipped.
    static func grids(_ phantom: SlabPhantom) -> [GridGeometry] {
        var grids = [(1.0, SIMD3<Double>.zero), (1.25, [0.5, 0.5, 0.5]), (2.5, [0.3, 0.1, 0.7])].map {
            phantom.grid(spacing: $0.0, shift: $0.1)
        }
        let g = phantom.grid(spacing: 2, shift: [0.25, 0.5, 0.1])
        let far = g.point(atIndex: SIMD3(Double(g.size.x - 1), 0, Double(g.size.z - 1)))
        grids.append(GridGeometry(origin: [far.x, g.origin.y, far.z], spacing: g.spacing,
                                  direction: Matrix3(columns: [-1, 0, 0], [0, 1, 0], [0, 0, -1]), size: g.size))
        return grids
    }

    @Test("AxialClassifier gives VoxelFrame.classify's occupancy for every voxel", arguments: [0.0, 1.0, 2.3])
    func slicesMatchVoxels(margin: Double) throws {
        var counts: [VoxelFrame.Occupancy: Int] = [:]
        for phantom in Self.phantoms {
            let stack = Self.stack(phantom)
            for g in Self.grids(phantom) {
                let frame = VoxelFrame(geometry: g, subdivisions: 3, fullMargin: margin)
                #expect(frame.hasSeparableAxes)
                let box = try #require(frame.indexBox(of: stack))
                var axial = AxialClassifier(frame: frame, stack: stack, box: box)
                var mismatches = 0
                for k in box.lo.z...box.hi.z {
                    axial.prepareSlice(z: g.point(atIndex: SIMD3(Double(box.lo.x), Double(box.lo.y), Double(k))).z)
                    for j in box.lo.y...box.hi.y {
                        for i in box.lo.x...box.hi.x {
                            let expected = frame.classify(g.point(atIndex: SIMD3(Double(i), Double(j), Double(k))), in: stack)
                            if axial.classify(i, j) != expected { mismatches += 1 }
                            counts[expected, default: 0] += 1
                        }
                    }
                }
                #expect(mismatches == 0, "\(phantom) on \(g.spacing) mm, margin \(margin) mm")
            }
        }
        #expect(counts[.inside, default: 0] > 0 && counts[.boundary, default: 0] > 0 && counts[.outside, default: 0] > 0)
    }

    @Test("RegionRowScan gives PlanarRegion's contains and hasEdge answers, also on vertex and extreme lines")
    func rowScanMatchesRegion() {
        let phantom = Self.phantoms[3]   // annulus: a hole, edges in both directions
        let region = Self.stack(phantom).slabs[0].region
        let vertices = phantom.planes[0].rings.flatMap(\.points)
        var lines = vertices.map(\.y) + [region.yMin, region.yMax]
        lines += stride(from: region.yMin - 2, through: region.yMax + 2, by: 0.173).map { $0 }
        let xs = stride(from: region.xMin - 2.5, through: region.xMax + 2.5, by: 0.0625).map { $0 }
            + vertices.map(\.x) + [region.xMin, region.xMax]
        let sortedXs = xs.sorted()
        let (inner, outer) = (0.8, 1.8)
        var scan = RegionRowScan()
        var mismatches = 0
        for y in lines {
            var bits: [UInt8] = []
            scan.scan(region, y: y, xs: sortedXs, innerRadius: inner, outerRadius: outer, into: &bits)
            for (n, x) in sortedXs.enumerated() {
                if (bits[n] & RegionRowScan.inside != 0) != region.contains(x, y) { mismatches += 1 }
                if (bits[n] & RegionRowScan.nearEdge != 0) != region.hasEdge(within: inner, of: x, y) { mismatches += 1 }
                if (bits[n] & RegionRowScan.nearMargin != 0) != region.hasEdge(within: outer, of: x, y) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}
