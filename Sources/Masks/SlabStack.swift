import RTCore
import RTModel

/// The solid of one ROI as a stack of slabs along patient z: each contour plane's region extruded
/// over [zLo, zHi). Slabs are sorted, do not overlap and tile the structure's z range except at gaps.
///
/// Slab convention: a plane extends half the distance to each neighbouring plane (irregular spacing
/// handled); the first and last planes extend by `EndCapRule`. A gap larger than
/// `gapFactor` × the ROI's median spacing is treated as two separate parts, each ending with its own
/// end caps (half its adjacent spacing), with an info diagnostic.
struct SlabStack: Sendable {
    struct Slab: Sendable {
        var z: Double, zLo: Double, zHi: Double
        var region: PlanarRegion
    }
    private(set) var slabs: [Slab]
    /// Contour planes closer than this (mm) are one plane.
    static let planeMergeMM = 0.01
    /// A contour whose points span more than this along z (mm) is not axial.
    static let axialToleranceMM = 0.01
    /// A plane gap above this multiple of the median spacing splits the ROI into parts.
    static let gapFactor = 2.5

    var isEmpty: Bool { slabs.isEmpty }
    /// Σ polygon area × slab thickness (mm³): the exact volume without holes, an over-estimate with
    /// them; used to size sub-cells.
    var estimatedVolumeMM3: Double { slabs.reduce(0) { $0 + $1.region.polygonAreaSum * ($1.zHi - $1.zLo) } }
    var zRange: (lo: Double, hi: Double) { (slabs.first?.zLo ?? 0, slabs.last?.zHi ?? 0) }

    /// The contour planes of an ROI: z (mm, ascending) and closed polygons (x, y in mm).
    typealias Plane = (z: Double, polygons: [[SIMD2<Double>]])

    /// Diagnostic codes of closed contours that could not be used: an ROI with any of them is not
    /// evaluable (`StructureSampling.notEvaluableReason`), never measured on what remains.
    /// Also contours on planes of different orientations, or not planar (`ContourPlaneFrame`).
    static let lostContourCodes: Set<String> = ["roi.contour-too-few-points", notAxialCode,
                                                ContourPlaneFrame.notPlanarCode, ContourPlaneFrame.mixedNormalsCode]
    /// Contours not at constant z, when `planes(of:)` is given an ROI that was not put in its plane
    /// frame (`ContourPlaneFrame`) first.
    static let notAxialCode = "roi.contour-not-axial"

    /// Planes of an ROI: closed contours grouped by z (mm), with diagnostics for what was ignored.
    static func planes(of roi: ROI, diagnostics: inout [Diagnostic]) -> [Plane] {
        let subject = "ROI \(roi.number) '\(roi.name)'"
        var ignored: [Contour.GeometricType: Int] = [:]
        var tooFew = 0, nonAxial = 0
        var flat: [(z: Double, poly: [SIMD2<Double>])] = []
        for c in roi.contours {
            guard c.type == .closedPlanar || c.type == .closedPlanarXOR else { ignored[c.type, default: 0] += 1; continue }
            guard c.points.count >= 3 else { tooFew += 1; continue }
            var lo = c.points[0].z, hi = lo
            for p in c.points.dropFirst() {
                // as Sequence.min() / max()
                if p.z < lo { lo = p.z }
                if hi < p.z { hi = p.z }
            }
            guard hi - lo <= axialToleranceMM else { nonAxial += 1; continue }
            var poly = c.points.map { SIMD2($0.x, $0.y) }
            if poly.count > 3, let f = poly.first, let l = poly.last, f == l { poly.removeLast() }
            flat.append(((lo + hi) / 2, poly))
        }
        for (type, n) in ignored.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            diagnostics.append(Diagnostic(.warning, code: "roi.contour-type-ignored",
                "\(n) \(type.rawValue) contour(s) ignored: only closed planar contours bound a volume", subject: subject))
        }
        if tooFew > 0 {
            diagnostics.append(Diagnostic(.warning, code: "roi.contour-too-few-points",
                "\(tooFew) closed contour(s) with fewer than 3 points: the ROI is not evaluable (it is not judged on its remaining contours)", subject: subject))
        }
        if nonAxial > 0 {
            diagnostics.append(Diagnostic(.warning, code: notAxialCode,
                "\(nonAxial) of \(roi.contours.count) contour(s) not at constant patient z (spread > \(axialToleranceMM) mm): only axial contours are supported, so the ROI is not evaluable (it is not judged on its remaining contours)", subject: subject))
        }
        flat.sort { $0.z < $1.z }
        var planes: [Plane] = []
        for item in flat {
            if let last = planes.last, item.z - last.z <= planeMergeMM {
                planes[planes.count - 1].polygons.append(item.poly)
            } else {
                planes.append((item.z, [item.poly]))
            }
        }
        return planes
    }

    /// Median distance between consecutive planes (mm), nil with fewer than two planes.
    static func medianSpacing(_ zs: [Double]) -> Double? {
        guard zs.count >= 2 else { return nil }
        let gaps = zip(zs.dropFirst(), zs).map { $0 - $1 }.sorted()
        return gaps[gaps.count / 2]
    }

    /// A stack of ready slabs (ascending, not overlapping; e.g. `SmoothSurface.slabs`).
    init(slabs: [Slab]) { self.slabs = slabs }

    /// The stack of `planes` (from `planes(of: roi, …)`, whose diagnostics come first).
    /// - Parameter singlePlaneThickness: slab thickness (mm) when the ROI has one plane.
    init(planes: [Plane], of roi: ROI, endCap: EndCapRule, singlePlaneThickness: Double, diagnostics: inout [Diagnostic]) {
        let subject = "ROI \(roi.number) '\(roi.name)'"
        slabs = []
        guard !planes.isEmpty else { return }
        let zs = planes.map { $0.z }
        let capFactor = endCap == .halfSpacing ? 0.5 : 0.0
        if planes.count == 1 {
            let t = singlePlaneThickness * capFactor * 2
            diagnostics.append(Diagnostic(endCap == .none ? .warning : .info, code: "roi.single-plane",
                endCap == .none
                    ? "contoured on a single plane (z = \(zs[0]) mm) and end caps are off: the structure has no volume"
                    : "contoured on a single plane (z = \(zs[0]) mm): treated as a slab \(t) mm thick", subject: subject))
            if t > 0 { slabs = [Slab(z: zs[0], zLo: zs[0] - t / 2, zHi: zs[0] + t / 2, region: PlanarRegion(polygons: planes[0].polygons))] }
            return
        }
        let median = Self.medianSpacing(zs)!
        var breaks = 0
        for (n, plane) in planes.enumerated() {
            let below = n > 0 ? zs[n] - zs[n - 1] : nil
            let above = n + 1 < zs.count ? zs[n + 1] - zs[n] : nil
            let breakBelow = below.map { $0 > Self.gapFactor * median } ?? true
            let breakAbove = above.map { $0 > Self.gapFactor * median } ?? true
            if breakAbove && above != nil { breaks += 1 }
            // Half the spacing to each neighbour; at an end of a part, the cap factor × the adjacent
            // inner spacing (the median spacing for an isolated plane).
            let lo = breakBelow ? zs[n] - capFactor * (breakAbove ? median : above!) : zs[n] - below! / 2
            let hi = breakAbove ? zs[n] + capFactor * (breakBelow ? median : below!) : zs[n] + above! / 2
            guard hi > lo else { continue }
            slabs.append(Slab(z: zs[n], zLo: lo, zHi: hi, region: PlanarRegion(polygons: plane.polygons)))
        }
        if breaks > 0 {
            diagnostics.append(Diagnostic(.info, code: "roi.plane-gap",
                "\(breaks) gap(s) between contour planes wider than \(Self.gapFactor) × the median spacing \(median) mm: parts end with their own end caps", subject: subject))
        }
    }

    /// Where a dose's extremes over the solid may lie on its surface (patient LPS, mm): every contour
    /// vertex of every slab at the slab's two faces, zLo and zHi. A slab is a polygon region extruded
    /// along z, so a dose linear over it is highest and lowest at such corners; trilinear dose
    /// (linear along each axis) is highest and lowest at them too wherever no dose-grid plane cuts the
    /// slab between corners. Sample cells stop half a cell short of them.
    var surfaceCorners: [SIMD3<Double>] {
        var out: [SIMD3<Double>] = []
        for slab in slabs {
            for e in slab.region.edges {
                out.append(SIMD3(e.x, e.y, slab.zLo))
                out.append(SIMD3(e.x, e.y, slab.zHi))
            }
        }
        return out
    }

    /// Index of the slab whose [zLo, zHi) holds z, if any.
    @inline(__always) func slab(containing z: Double) -> Int? {
        var lo = 0, hi = slabs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if slabs[mid].zHi <= z { lo = mid + 1 } else { hi = mid }
        }
        return lo < slabs.count && slabs[lo].zLo <= z ? lo : nil
    }

    /// Index of the first slab with zHi > z.
    @inline(__always) func firstSlab(above z: Double) -> Int {
        var lo = 0, hi = slabs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if slabs[mid].zHi <= z { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Even-odd inside test of a patient point (mm).
    @inline(__always) func contains(_ p: SIMD3<Double>) -> Bool {
        guard let s = slab(containing: p.z) else { return false }
        return slabs[s].region.contains(p.x, p.y)
    }
}
