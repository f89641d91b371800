/// Crossings of the sub-row lines of boundary voxels (`VoxelFrame.sampleBoundaryVoxel`), remembered
/// for one job of `StructureSampler` (its survey and its write pass).
///
/// The boundary voxels of a grid row cut a slab's region along the same lines (same y range, same
/// number of sub-rows, hence the same line y values), on every slice of the job when the grid's axes
/// are separable; so each slab's lines are intersected once per grid row and job instead of once per
/// voxel and pass. A set of lines is keyed by slab index, y range (bit for bit) and sub-row count:
/// the y values, and so the crossings, are a function of that key, and reuse gives exactly the values
/// `PlanarRegion.crossings` would compute again. Sets are looked up among those of the voxel's grid
/// row (a few: one per slab the row's boxes meet, on grids with separable axes).
struct SubRowCrossings: Sendable {
    private struct Lines: Sendable { var slab: Int, lo: Double, hi: Double, rows: Int, firstRow: Int }
    /// The sets found from each grid row (index: j − the job's first row).
    private var setsOfRow: [[Lines]]
    /// Line r of all sets starts at `values[rowStart[r]]` and ends at the next line's start.
    private var rowStart: [Int] = [0]
    private var values: [Double] = []
    private var scratch: [Double] = []
    /// Beyond this many sets from one grid row (grids that are not separable), that row's sets are
    /// forgotten; beyond this many values (mm) in all, everything is.
    private static let maxSetsPerRow = 32, maxValues = 1 << 20

    /// - Parameter rows: number of grid rows of the job.
    init(rows: Int) {
        setsOfRow = Array(repeating: [], count: max(1, rows))
    }

    /// The first line of the lines y = lo + (r + ½)·(hi − lo)/rows (mm), r = 0 ..< rows, across slab
    /// `slab` of `stack`, computing their crossings if they are not known yet; met from grid row
    /// `gridRow` (0 ..< the `rows` of `init`). Line r's crossings are `crossings(firstLine + r)`.
    mutating func lines(slab: Int, of stack: SlabStack, lo: Double, hi: Double, rows: Int, gridRow: Int) -> Int {
        for set in setsOfRow[gridRow] where set.slab == slab && set.rows == rows
            && set.lo.bitPattern == lo.bitPattern && set.hi.bitPattern == hi.bitPattern {
            return set.firstRow
        }
        if values.count > Self.maxValues {
            for n in setsOfRow.indices { setsOfRow[n].removeAll() }
            rowStart.removeAll(keepingCapacity: true); rowStart.append(0)
            values.removeAll(keepingCapacity: true)
        }
        if setsOfRow[gridRow].count >= Self.maxSetsPerRow { setsOfRow[gridRow].removeAll() }
        let firstRow = rowStart.count - 1
        let region = stack.slabs[slab].region
        let rowHeight = (hi - lo) / Double(rows)
        for row in 0..<rows {
            region.crossings(atY: lo + (Double(row) + 0.5) * rowHeight, into: &scratch)
            values.append(contentsOf: scratch)
            rowStart.append(values.count)
        }
        setsOfRow[gridRow].append(Lines(slab: slab, lo: lo, hi: hi, rows: rows, firstRow: firstRow))
        return firstRow
    }

    /// Where the crossings of line `line` (see `lines`) are: `crossing(n)` for n in the range, ascending.
    @inline(__always) func crossings(_ line: Int) -> Range<Int> {
        rowStart[line]..<rowStart[line + 1]
    }

    /// Crossing number `n` (mm; see `crossings`).
    @inline(__always) func crossing(_ n: Int) -> Double { values[n] }
}
