/// `VoxelFrame.classify` for the voxels of one job (an index box on a run of slices) of a grid with
/// separable axes (`VoxelFrame.hasSeparableAxes`: patient x depends on i alone, y on j alone, z on k
/// alone).
///
/// Every voxel box of a slice has the same z extent, so the slabs it meets (and whether they cover the
/// extent plus the margin) are found once per slice. A slab's answers for a voxel centre (inside the
/// region? an edge within the box's reach? within the reach plus the margin?) depend on i and j only,
/// so they are worked out once per slab and row (`RegionRowScan`) and kept as bits for every slice of
/// the job that meets the slab. A slice's occupancies are then decided for all its voxels at once,
/// from the "or" of the answers of its slabs: `classify` returns early only with `.boundary`, which
/// the combined answers give too, and otherwise decides from the same "any inside / any outside /
/// any edge / any too near the surface" over all slabs, so the occupancy is identical.
struct AxialClassifier {
    private struct Entry {
        /// The slab's slot of answer bits (see `slotOfSlab`).
        var slot: Int
        /// The slab meets the box's z extent widened by the margin, not the box itself.
        var marginOnly: Bool
    }
    private static let inside = RegionRowScan.inside, nearEdge = RegionRowScan.nearEdge, nearMargin = RegionRowScan.nearMargin

    let frame: VoxelFrame
    let stack: SlabStack
    private let box: VoxelFrame.IndexBox
    /// Patient x (mm) of the box's voxel centres, ascending (column c is voxel i = box.lo.x + c, or
    /// box.hi.x − c when `xDescends`), and y (mm) of its rows (j − box.lo.y).
    private let xs: [Double], ys: [Double]
    private let xDescends: Bool
    private var entries: [Entry] = []
    /// The slabs cover the box's z extent plus the margin without gaps.
    private var covered = false
    /// Slab index → slot; a slot holds the answer bits of every voxel of the box's i/j extent.
    private var slotOfSlab: [Int: Int] = [:]
    private var bits: [UInt8] = []
    private var scan = RegionRowScan()
    /// Occupancy of each voxel of the prepared slice (index: row · columns + column).
    private var occupancy: [VoxelFrame.Occupancy] = []
    /// Per voxel: or of the slabs' answers (`someInside`, …), scratch for `prepareSlice`.
    private var flags: [UInt8] = []
    private static let someInside: UInt8 = 1, someOutside: UInt8 = 2, someEdge: UInt8 = 4, shallow: UInt8 = 8

    init(frame: VoxelFrame, stack: SlabStack, box: VoxelFrame.IndexBox) {
        precondition(frame.hasSeparableAxes)
        self.frame = frame
        self.stack = stack
        self.box = box
        let g = frame.geometry, k = Double(box.lo.z)
        xDescends = g.direction.c0.x < 0
        xs = (xDescends ? Array((box.lo.x...box.hi.x).reversed()) : Array(box.lo.x...box.hi.x)).map {
            g.point(atIndex: SIMD3(Double($0), Double(box.lo.y), k)).x
        }
        ys = (box.lo.y...box.hi.y).map { g.point(atIndex: SIMD3(Double(box.lo.x), Double($0), k)).y }
    }

    /// Selects the slabs met by the boxes of the slice whose voxel centres are at patient `z` (mm).
    mutating func prepareSlice(z: Double) {
        let margin = frame.fullMargin
        let zlo = z - frame.halfExtentZ, zhi = z + frame.halfExtentZ
        let slabs = stack.slabs
        var s = stack.firstSlab(above: zlo - margin)
        var cursor = zlo - margin
        covered = true
        entries.removeAll(keepingCapacity: true)
        while s < slabs.count, slabs[s].zLo < zhi + margin {
            let slab = slabs[s]
            if slab.zLo > cursor + 1e-9 { covered = false }
            cursor = slab.zHi
            entries.append(Entry(slot: slot(of: s), marginOnly: slab.zHi <= zlo || slab.zLo >= zhi))
            s += 1
        }
        if cursor < zhi + margin - 1e-9 { covered = false }
        decideSlice()
    }

    /// `occupancy` of every voxel of the slice, from the answers of the selected slabs (see the type).
    private mutating func decideSlice() {
        let plane = xs.count * ys.count
        let marginCounts = frame.fullMargin > 0
        flags.removeAll(keepingCapacity: true)
        flags.append(contentsOf: repeatElement(0, count: plane))
        flags.withUnsafeMutableBufferPointer { flags in
            bits.withUnsafeBufferPointer { bits in
                for entry in entries {
                    let answers = UnsafeBufferPointer(rebasing: bits[entry.slot * plane..<(entry.slot + 1) * plane])
                    if entry.marginOnly {
                        // decides only whether an inside voxel is deep enough
                        for c in 0..<plane {
                            let b = answers[c]
                            flags[c] |= b & Self.inside == 0 || b & Self.nearMargin != 0 ? Self.shallow : 0
                        }
                    } else {
                        for c in 0..<plane {
                            let b = answers[c]
                            flags[c] |= (b & Self.inside != 0 ? Self.someInside : Self.someOutside)
                                | (b & Self.nearEdge != 0 ? Self.someEdge : 0)
                                | (marginCounts && b & Self.nearMargin != 0 ? Self.shallow : 0)
                        }
                    }
                }
            }
        }
        let covered = covered
        occupancy.removeAll(keepingCapacity: true)
        occupancy.append(contentsOf: flags.lazy.map { f -> VoxelFrame.Occupancy in
            if f & Self.someEdge != 0 || f & (Self.someInside | Self.someOutside) == Self.someInside | Self.someOutside { return .boundary }
            if f & Self.someInside == 0 { return .outside }
            return covered && f & Self.shallow == 0 ? .inside : .boundary
        })
    }

    /// Occupancy of voxel (i, j) of the prepared slice (grid indices).
    @inline(__always) func classify(_ i: Int, _ j: Int) -> VoxelFrame.Occupancy {
        occupancy[(j &- box.lo.y) &* xs.count &+ (xDescends ? box.hi.x &- i : i &- box.lo.x)]
    }

    /// The slot of slab `s`, its answer bits worked out on first use.
    private mutating func slot(of s: Int) -> Int {
        if let slot = slotOfSlab[s] { return slot }
        let slot = slotOfSlab.count
        slotOfSlab[s] = slot
        let region = stack.slabs[s].region
        let inner = frame.halfDiagonalXY, outer = frame.halfDiagonalXY + frame.fullMargin
        bits.reserveCapacity(bits.count + xs.count * ys.count)
        for y in ys {
            scan.scan(region, y: y, xs: xs, innerRadius: inner, outerRadius: outer, into: &bits)
        }
        return slot
    }
}
