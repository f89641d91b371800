import Foundation

/// Growable storage of sample points (patient coordinates, LPS, mm) and their weights (mm³), written
/// by one `StructureSampler` job in storage order.
///
/// Lives in malloc'd memory: appends skip Array's uniqueness checks, and growth uses `realloc`, which
/// remaps large blocks instead of copying them. Noncopyable, so exactly one owner frees the memory.
struct SampleBuffer: ~Copyable {
    private(set) var points: UnsafeMutablePointer<SIMD3<Double>>
    private(set) var weights: UnsafeMutablePointer<Float>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
        points = Self.reallocate(nil, count: self.capacity)
        weights = Self.reallocate(nil, count: self.capacity)
    }

    deinit {
        free(points)
        free(weights)
    }

    /// Appends one sample: position `p` (mm) and weight `w` (mm³).
    @inline(__always) mutating func append(_ p: SIMD3<Double>, weight w: Float) {
        if count == capacity { grow() }
        (points + count).initialize(to: p)
        (weights + count).initialize(to: w)
        count &+= 1
    }

    /// Copies the samples into `points` and `weights` from element `offset` on.
    func copy(into points: UnsafeMutableBufferPointer<SIMD3<Double>>, _ weights: UnsafeMutableBufferPointer<Float>, at offset: Int) {
        guard count > 0 else { return }
        precondition(offset >= 0 && offset + count <= points.count && offset + count <= weights.count)
        (points.baseAddress! + offset).initialize(from: self.points, count: count)
        (weights.baseAddress! + offset).initialize(from: self.weights, count: count)
    }

    @inline(never) private mutating func grow() {
        capacity *= 2
        points = Self.reallocate(points, count: capacity)
        weights = Self.reallocate(weights, count: capacity)
    }

    /// `realloc` for trivial values (malloc aligns to 16 bytes, enough for SIMD3<Double>).
    private static func reallocate<T>(_ p: UnsafeMutablePointer<T>?, count: Int) -> UnsafeMutablePointer<T> {
        precondition(MemoryLayout<T>.alignment <= 16 && _isPOD(T.self))
        guard let raw = realloc(p, count * MemoryLayout<T>.stride) else { fatalError("out of memory for \(count) samples") }
        return raw.assumingMemoryBound(to: T.self)
    }
}
