import Grids

/// Where `VoxelFrame.sampleBoundaryVoxel` puts the samples of a voxel: a `StructureSampler` job first
/// counts them and sums their volume (`SampleCounter`), then writes them into the final arrays
/// (`SampleWriter`).
protocol SampleSink {
    /// Takes one sample: position `p` (patient coordinates, LPS, mm) and weight `w` (mm³; stored as
    /// Float).
    mutating func append(_ p: SIMD3<Double>, weight w: Double)
    /// Takes the cells of one strip (see `SampleStrip`).
    mutating func append(_ strip: SampleStrip)
}

/// One strip of a boundary voxel on an axis-aligned grid (see `VoxelFrame.sampleBoundaryVoxel`): the
/// inside x interval [a, b] (mm) of one sub-row, whose centre line is at y and whose height is
/// `rowHeight`, within one slab piece [zLo, zHi] of the voxel box. Sampled *fine* it is `xParts` ×
/// `zParts` equal cells, each a sample at its centre weighted by its volume; sampled *coarse* it is
/// one sample at its centre weighted by its whole volume (the same volume, up to rounding).
struct SampleStrip {
    var a: Double, b: Double, xParts: Int
    var y: Double, rowHeight: Double
    var zLo: Double, zHi: Double, zParts: Int

    /// A fine cell's extent along x and z (mm) and its volume (mm³), the weight of its sample.
    var cell: (xStep: Double, zStep: Double, volume: Double) {
        let xStep = (b - a) / Double(xParts), zStep = (zHi - zLo) / Double(zParts)
        return (xStep, zStep, xStep * rowHeight * zStep)
    }

    /// Appends the fine cells' samples to `sink`, z part by z part, x part by x part.
    @inline(__always) func appendCells<Sink: SampleSink>(to sink: inout Sink) {
        let (xStep, zStep, w) = cell
        for zp in 0..<zParts {
            let z = zLo + (Double(zp) + 0.5) * zStep
            for xp in 0..<xParts {
                sink.append(SIMD3(a + (Double(xp) + 0.5) * xStep, y, z), weight: w)
            }
        }
    }

    /// The one sample of the coarse strip: its centre and its volume (mm³).
    var centre: (p: SIMD3<Double>, weight: Double) {
        (SIMD3(a + 0.5 * (b - a), y, zLo + 0.5 * (zHi - zLo)), (b - a) * rowHeight * (zHi - zLo))
    }
}

/// Counts samples and sums their weights, without keeping them: both the fine count (every cell of
/// every strip) and the coarse count (one per strip; single samples count in both).
struct SampleCounter: SampleSink {
    private(set) var count = 0
    private(set) var coarseCount = 0
    /// Σ weights (mm³) of the fine samples, accumulated in the order of the samples.
    private(set) var volume = 0.0
    @inline(__always) mutating func append(_ p: SIMD3<Double>, weight w: Double) {
        count &+= 1
        coarseCount &+= 1
        volume += w
    }
    @inline(__always) mutating func append(_ strip: SampleStrip) {
        // the fine cells' weights, added one by one as `appendCells` would give them
        let w = strip.cell.volume
        for _ in 0..<(strip.xParts * strip.zParts) { volume += w }
        count &+= strip.xParts * strip.zParts
        coarseCount &+= 1
    }
}

/// Writes samples into a reserved range of preallocated point and weight buffers. Positions are
/// stored rounded to Float (see `StructureSampling.points`).
struct SampleWriter: SampleSink {
    private let points: UnsafeMutablePointer<SIMD3<Float>>
    private let weights: UnsafeMutablePointer<Float>
    private(set) var next: Int
    let end: Int
    /// Whether strips are written coarse (one sample each) rather than fine (one per cell).
    var coarse = false
    /// Rotation from the coordinates samples are given in (an ROI's plane frame) to patient LPS, in
    /// which they are stored; nil when they are given in patient coordinates.
    var toPatient: Matrix3? {
        get { rotates ? rotation : nil }
        set { rotates = newValue != nil; rotation = newValue ?? .identity }
    }
    private var rotates = false
    private var rotation = Matrix3.identity

    /// Writes elements `range` of `points` and `weights` (uninitialized memory, initialized here).
    init(points: UnsafeMutableBufferPointer<SIMD3<Float>>, weights: UnsafeMutableBufferPointer<Float>, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= points.count && range.upperBound <= weights.count)
        // count 0: nothing is ever written, any address will do
        self.points = points.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<SIMD3<Float>>.alignment)!
        self.weights = weights.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Float>.alignment)!
        next = range.lowerBound
        end = range.upperBound
    }

    /// True when every element of the range has been written.
    var isFull: Bool { next == end }

    @inline(__always) mutating func append(_ p: SIMD3<Double>, weight w: Double) {
        precondition(next < end, "more samples than counted")
        (points + next).initialize(to: SIMD3<Float>(rotates ? rotation * p : p))
        (weights + next).initialize(to: Float(w))
        next &+= 1
    }

    @inline(__always) mutating func append(_ strip: SampleStrip) {
        if coarse {
            let c = strip.centre
            append(c.p, weight: c.weight)
        } else {
            strip.appendCells(to: &self)
        }
    }
}
