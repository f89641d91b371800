/// Where `VoxelFrame.sampleBoundaryVoxel` puts the samples of a voxel: a `StructureSampler` job first
/// counts them and sums their volume (`SampleCounter`), then writes them into the final arrays
/// (`SampleWriter`).
protocol SampleSink {
    /// Takes one sample: position `p` (patient coordinates, LPS, mm) and weight `w` (mm³; stored as
    /// Float).
    mutating func append(_ p: SIMD3<Double>, weight w: Double)
}

/// Counts samples and sums their weights, without keeping them.
struct SampleCounter: SampleSink {
    private(set) var count = 0
    /// Σ weights (mm³), accumulated in the order of the samples.
    private(set) var volume = 0.0
    @inline(__always) mutating func append(_ p: SIMD3<Double>, weight w: Double) {
        count &+= 1
        volume += w
    }
}

/// Writes samples into a reserved range of preallocated point and weight buffers. Positions are
/// stored rounded to Float (see `StructureSampling.points`).
struct SampleWriter: SampleSink {
    private let points: UnsafeMutablePointer<SIMD3<Float>>
    private let weights: UnsafeMutablePointer<Float>
    private(set) var next: Int
    let end: Int

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
        (points + next).initialize(to: SIMD3<Float>(p))
        (weights + next).initialize(to: Float(w))
        next &+= 1
    }
}
