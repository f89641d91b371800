import CompositeDose
import DoseMetrics
import Grids
import Radiobiology
import Reports
import RTModel

/// Axial slices of an ROI's composite EQD2 through its hot spot, for the HTML report
/// (`HotSpotSlice`): the same trilinear dose of each course, converted with the ROI's α/β and
/// summed (recovery-discounted when the ROI has recovery) by `PointDoses`, exactly as the composite
/// the verdict uses, at the centres of square cells on the plane z = the hot spot's z.
///
/// The square spans the ROI's contours (x, y) plus a margin of 40 % of their larger extent (at
/// least 10 mm) on each side, in `cellsAcross` cells, and is cut to `bounds` (the box whose dose
/// `check` read: `OpenedCase.box(aroundVoxelsOf:)`), so every cell's dose is that of the whole
/// grids. A cell whose point a course's grid covers but whose dose was not read anyway is NaN.
public enum HotSpotSlicer {
    /// Cells along the larger side of the uncut square.
    public static let cellsAcross = 60

    /// One slice per result (nil for an ROI without a hot spot or contours).
    public static func slices(_ results: [ROIDoseResult], courses: [Course],
                              bounds: (lo: SIMD3<Double>, hi: SIMD3<Double>)?) -> [HotSpotSlice?] {
        results.map { r in r.hotSpot.flatMap { slice(r, hotSpot: $0, courses: courses, bounds: bounds) } }
    }

    static func slice(_ r: ROIDoseResult, hotSpot: HotSpot, courses: [Course],
                      bounds: (lo: SIMD3<Double>, hi: SIMD3<Double>)?) -> HotSpotSlice? {
        let contours = r.assignment.roi.contours.filter { $0.type == .closedPlanar || $0.type == .closedPlanarXOR }
            .filter { !$0.points.isEmpty }
        guard !contours.isEmpty else { return nil }
        var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
        for c in contours { for p in c.points { lo = pointwiseMin(lo, SIMD2(p.x, p.y)); hi = pointwiseMax(hi, SIMD2(p.x, p.y)) } }
        let extent = max(hi.x - lo.x, hi.y - lo.y)
        let side = extent + 2 * max(10, 0.4 * extent), cell = side / Double(cellsAcross)
        let centre = (lo + hi) / 2
        var from = centre - side / 2, to = centre + side / 2
        if let b = bounds {
            from = pointwiseMax(from, SIMD2(b.lo.x, b.lo.y)); to = pointwiseMin(to, SIMD2(b.hi.x, b.hi.y))
        }
        let columns = Int(((to.x - from.x) / cell + 1e-9).rounded(.down)), rows = Int(((to.y - from.y) / cell + 1e-9).rounded(.down))
        guard columns > 0, rows > 0 else { return nil }
        // the cut square, centred in what is left
        from += (to - from - SIMD2(Double(columns), Double(rows)) * cell) / 2
        let z = hotSpot.positionMM.z
        var points: [SIMD3<Float>] = []
        points.reserveCapacity(columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let p = from + (SIMD2(Double(column), Double(row)) + 0.5) * cell
                points.append(SIMD3<Float>(SIMD3(p.x, p.y, z)))
            }
        }
        let recovery = r.assignment.recovery
        guard let doses = try? PointDoses(courses: courses, points: points, alphaBeta: r.assignment.alphaBeta, recovery: recovery,
                                          parallel: false, keepPhysical: false) else { return nil }
        let composite = recovery.discounts ? doses.compositeDiscounted : doses.composite
        let fields = courses.map(\.field)
        let values = points.indices.map { n -> Double in
            let p = SIMD3<Double>(points[n])
            return fields.contains { !$0.supports(p) && wholeGridCovers($0, p) } ? .nan : Double(composite[n])
        }
        // the contour plane nearest the slice: a contour's plane is its points' mean z
        let planeZ = contours.map { c in c.points.reduce(0) { $0 + $1.z } / Double(c.points.count) }
        let nearest = planeZ.min { abs($0 - z) < abs($1 - z) }!
        let onPlane = zip(contours, planeZ).filter { abs($0.1 - nearest) < 0.01 }.map { c, _ in c.points.map { SIMD2($0.x, $0.y) } }
        return HotSpotSlice(zMM: z, originMM: from, cellMM: cell, columns: columns, rows: rows, values: values,
                            markerMM: SIMD2(hotSpot.positionMM.x, hotSpot.positionMM.y), contours: onPlane, contourZMM: nearest,
                            doseLabel: recovery.discounts ? "recovery-discounted composite EQD2" : "composite EQD2")
    }

    /// Whether `p` (common frame, mm) lies inside the course's whole stored grid (its voxel-centre box,
    /// ± 1 µm), whatever part of it was read.
    static func wholeGridCovers(_ field: TrilinearField, _ p: SIMD3<Double>) -> Bool {
        let ijk = field.indexMap(p), top = SIMD3<Double>(field.wholeSize &- 1)
        return all(ijk .>= -1e-6) && all(ijk .<= top + 1e-6)
    }
}
