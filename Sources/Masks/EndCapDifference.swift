import Grids
import RTCore
import RTModel

/// Where an ROI's slab solids under two end-cap rules can differ: the slabs' end caps (`SlabStack`),
/// half the adjacent contour spacing beyond the first and last plane of each part (a whole isolated
/// plane). Between a part's end planes the two solids are the same slab for slab, so outside these
/// boxes every voxel of a sampling lattice farther than `margin` from them is classified and sampled
/// the same under both — provided its boundary voxels are split alike: the sub-cell count follows
/// the estimated volume, which the caps change (`SamplingOptions.subdivisions`), so the boxes are
/// given only when both rules give the same count. Not for the smooth surface: its rounded caps may
/// reach up to a spacing (or twice the largest spacing) beyond the end planes and widen sideways.
public enum EndCapDifference {
    /// Boxes (patient LPS, mm, axis-aligned) holding every point where the slab solids of `roi` under
    /// `a` and `b` differ, each widened by `marginMM`; nil when that cannot be said (an ROI on one
    /// plane, unusable contours, no slab, the smooth surface model, or boundary voxels split into a
    /// different number of sub-cells under the two rules on `options`' lattice). Empty when the rules
    /// are the same.
    public static func boxes(of roi: ROI, _ a: EndCapRule, _ b: EndCapRule, options: SamplingOptions,
                             marginMM: Double) -> [(lo: SIMD3<Double>, hi: SIMD3<Double>)]? {
        guard options.surface == .slab else { return nil }
        var diagnostics: [Diagnostic] = []
        let planes: [SlabStack.Plane], toPatient: Matrix3?
        switch ContourPlaneFrame.orientation(of: roi) {
        case .axial: planes = SlabStack.planes(of: roi, diagnostics: &diagnostics); toPatient = nil
        case .oblique(let frame, let inPlane): planes = SlabStack.planes(of: inPlane, diagnostics: &diagnostics); toPatient = frame.toPatient
        case .unusable: return nil
        }
        guard !diagnostics.contains(where: { SlabStack.lostContourCodes.contains($0.code) }) else { return nil }
        guard planes.count >= 2, a != b else { return planes.count >= 2 ? [] : nil }
        // (the single-plane thickness does not enter: there are at least two planes)
        let stacks = [a, b].map { SlabStack(planes: planes, of: roi, endCap: $0, singlePlaneThickness: 0, diagnostics: &diagnostics) }
        let first = stacks[0].slabs, second = stacks[1].slabs
        guard !first.isEmpty || !second.isEmpty else { return nil }
        // the sub-cells per boundary voxel on the lattice, as the sampler chooses them (only its spacing counts)
        let lattice = GridGeometry(origin: .zero, spacing: SIMD3(repeating: options.latticeSpacingMM), size: SIMD3(1, 1, 1))
        let counts = stacks.map { options.subdivisions(for: lattice, volumeMM3: $0.estimatedVolumeMM3) }
        guard counts[0] == counts[1] else { return nil }
        var out: [(lo: SIMD3<Double>, hi: SIMD3<Double>)] = []
        func add(_ region: PlanarRegion, _ zLo: Double, _ zHi: Double) {
            guard zHi > zLo, !region.isEmpty else { return }
            var lo = SIMD3<Double>(repeating: .infinity), hi = -lo
            for x in [region.xMin, region.xMax] {
                for y in [region.yMin, region.yMax] {
                    for z in [zLo, zHi] {
                        let p = toPatient.map { $0 * SIMD3(x, y, z) } ?? SIMD3(x, y, z)
                        lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p)
                    }
                }
            }
            out.append((lo - marginMM, hi + marginMM))
        }
        // each plane's slab under both rules: the parts of either that the other does not cover
        for (x, y) in [(first, second), (second, first)] {
            for s in x {
                guard let t = y.first(where: { $0.z == s.z }) else { add(s.region, s.zLo, s.zHi); continue }
                add(s.region, s.zLo, min(s.zHi, t.zLo))
                add(s.region, max(s.zLo, t.zHi), s.zHi)
            }
        }
        return out
    }
}
