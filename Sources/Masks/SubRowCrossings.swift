/// Crossings of the sub-row lines of boundary voxels (`VoxelFrame.sampleBoundaryVoxel`), remembered
/// while one grid row is visited.
///
/// The boundary voxels of a grid row cut a slab's region along the same lines (same y range, same
/// number of sub-rows, hence the same line y values), so each slab's lines are intersected once per
/// grid row instead of once per voxel. A set of lines is keyed by slab index, y range (bit for bit)
/// and sub-row count: the y values, and so the crossings, are a function of that key, and reuse
/// gives exactly the values `PlanarRegion.crossings` would compute again.
struct SubRowCrossings {
    private struct Lines { var slab: Int, lo: Double, hi: Double, rows: Int, firstRow: Int }
    private var sets: [Lines] = []
    /// Row r of a set starts at `values[rowStart[set.firstRow + r]]` and ends at the next row's start.
    private var rowStart: [Int] = []
    private var values: [Double] = []
    private var scratch: [Double] = []
    /// Beyond this many sets (a long row of a structure with many slabs, or a grid that is not
    /// visited row by row), everything is forgotten.
    private static let maxSets = 32

    /// Forgets every set (call when the grid row changes).
    mutating func removeAll() {
        sets.removeAll(keepingCapacity: true)
        rowStart.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// The first row of the lines y = lo + (r + ½)·(hi − lo)/rows (mm), r = 0 ..< rows, across slab
    /// `slab` of `stack`, computing their crossings if they are not known yet. Row r's crossings are
    /// `crossings(firstRow + r)`.
    mutating func lines(slab: Int, of stack: SlabStack, lo: Double, hi: Double, rows: Int) -> Int {
        for set in sets where set.slab == slab && set.rows == rows
            && set.lo.bitPattern == lo.bitPattern && set.hi.bitPattern == hi.bitPattern {
            return set.firstRow
        }
        if sets.count >= Self.maxSets { removeAll() }
        if rowStart.isEmpty { rowStart.append(0) }
        let firstRow = rowStart.count - 1
        let region = stack.slabs[slab].region
        let rowHeight = (hi - lo) / Double(rows)
        for row in 0..<rows {
            region.crossings(atY: lo + (Double(row) + 0.5) * rowHeight, into: &scratch)
            values.append(contentsOf: scratch)
            rowStart.append(values.count)
        }
        sets.append(Lines(slab: slab, lo: lo, hi: hi, rows: rows, firstRow: firstRow))
        return firstRow
    }

    /// The crossings (mm, ascending) of row `row` (see `lines`).
    @inline(__always) func crossings(_ row: Int) -> ArraySlice<Double> {
        values[rowStart[row]..<rowStart[row + 1]]
    }
}
