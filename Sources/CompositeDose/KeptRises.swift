import Grids

/// The axis rise bounds (`AxisRiseBounds`) of only the cells that hold kept points of a
/// `ScenarioPlan`: the full box of an ROI's cells is dropped once its kept points are ordered (on the
/// clinical case the boxes held several times more cells than the kept points touch).
struct KeptRises {
    /// How many cells along each axis a displacement may cross (see `AxisRiseBounds.reach`).
    var reach: SIMD3<Int>
    /// Per kept cell: largest rise and fall along i, j, k (grid unit per index step).
    var rise: [SIMD3<Float>], fall: [SIMD3<Float>]

    /// Keeps the cells `cells` name (−1: none) and renumbers `cells` into them.
    init(_ r: AxisRiseBounds, cells: inout [Int32]) {
        reach = r.reach
        var index = [Int32](repeating: -1, count: r.rise.count)
        rise = []; fall = []
        for q in cells.indices where cells[q] >= 0 {
            let c = Int(cells[q])
            if index[c] < 0 {
                index[c] = Int32(rise.count)
                rise.append(r.rise[c]); fall.append(r.fall[c])
            }
            cells[q] = index[c]
        }
    }
}
