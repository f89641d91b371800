/// An axial slice (constant LPS z) of a composite EQD2 through an ROI's hot spot, as numbers for
/// the HTML renderer (`SVGSliceImage`): a grid of square cells, the ROI's contours on the nearest
/// contour plane and the hot-spot position. Made by the caller; renderers only draw it.
///
/// Cell (column c, row r) is centred at x = `originMM.x` + (c + ½)·`cellMM`, y = `originMM.y` +
/// (r + ½)·`cellMM` (LPS mm: x towards the patient's left, y towards posterior). `values[r·columns + c]`
/// is the composite there (Gy EQD2); NaN where it is not known (the dose was not read there).
public struct HotSpotSlice: Sendable, Hashable {
    /// z of the slice plane (LPS mm): the hot spot's z.
    public var zMM: Double
    /// The corner of the grid with the lowest x and y (LPS mm).
    public var originMM: SIMD2<Double>
    /// Side of a square cell (mm).
    public var cellMM: Double
    public var columns: Int
    public var rows: Int
    /// Gy EQD2 per cell, row after row (rows along +y), NaN where unknown.
    public var values: [Double]
    /// The hot spot's (x, y), LPS mm.
    public var markerMM: SIMD2<Double>
    /// Closed contours (x, y, LPS mm) of the ROI on `contourZMM`, the contour plane nearest `zMM`.
    public var contours: [[SIMD2<Double>]]
    public var contourZMM: Double?
    /// Which composite the values are, in words ("composite EQD2", "recovery-discounted composite EQD2").
    public var doseLabel: String

    public init(zMM: Double, originMM: SIMD2<Double>, cellMM: Double, columns: Int, rows: Int, values: [Double],
                markerMM: SIMD2<Double>, contours: [[SIMD2<Double>]], contourZMM: Double?, doseLabel: String) {
        precondition(values.count == columns * rows, "one value per cell")
        self.zMM = zMM; self.originMM = originMM; self.cellMM = cellMM; self.columns = columns; self.rows = rows
        self.values = values; self.markerMM = markerMM; self.contours = contours; self.contourZMM = contourZMM
        self.doseLabel = doseLabel
    }

    /// The (x, y) of cell (c, r)'s centre, LPS mm.
    public func centre(column c: Int, row r: Int) -> SIMD2<Double> {
        originMM + (SIMD2(Double(c), Double(r)) + 0.5) * cellMM
    }
}
