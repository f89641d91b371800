import Dispatch

/// Order-preserving parallel map: element n is `transform(n)`, computed on any thread
/// (`DispatchQueue.concurrentPerform`). Each element depends only on its index, so the parallel and
/// serial results are identical. The one index-slot parallel loop of the package: structure sampling,
/// DVH metrics per ROI and dose set, independent file reads.
public enum ParallelMap {
    private final class Slots<T>: @unchecked Sendable {
        // Safe: each index is written by exactly one iteration, and read only after all finished.
        var values: [T?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
    }

    public static func map<T>(count: Int, parallel: Bool = true, _ transform: (Int) -> T) -> [T] {
        guard parallel, count > 1 else { return (0..<count).map(transform) }
        let slots = Slots<T>(count: count)
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            slots.values.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let buffer = buffer
                DispatchQueue.concurrentPerform(iterations: count) { n in buffer[n] = transform(n) }
            }
        }
        return slots.values.map { $0! }
    }
}
