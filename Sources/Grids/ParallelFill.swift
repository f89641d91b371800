import Dispatch

/// A raw output pointer handed to concurrent workers that write **disjoint** ranges of one buffer.
public struct DisjointWriter<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    @inlinable public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
}

extension Array {
    /// Builds an array of `count` elements by filling consecutive chunks of `chunkSize` elements.
    ///
    /// `fill(range, buffer)` receives the chunk's index range in the whole array and a buffer over
    /// exactly that range (buffer index 0 = `range.lowerBound`), pre-filled with `repeating`. Chunks
    /// run with `DispatchQueue.concurrentPerform` when `parallel` is true, one after the other
    /// otherwise. When every element depends only on its own index, both paths give bit-identical
    /// arrays (no reductions across chunks happen here).
    /// - Complexity: O(count) plus the work of `fill`.
    @inlinable public init(count: Int, repeating value: Element, chunkSize: Int, parallel: Bool,
                fill: (Range<Int>, UnsafeMutableBufferPointer<Element>) -> Void) {
        precondition(count >= 0 && chunkSize > 0, "Array(count:chunkSize:): count \(count), chunk \(chunkSize)")
        self.init(repeating: value, count: count)
        withUnsafeMutableBufferPointer { buffer in
            Self.fillChunks(of: buffer, chunkSize: chunkSize, parallel: parallel, fill: fill)
        }
    }

    /// Like `init(count:repeating:chunkSize:parallel:fill:)` but without pre-filling: `fill` must
    /// write **every** element of its chunk. Memory is first touched by the workers, in parallel,
    /// instead of by one serial pre-fill. Only for trivial element types (Float, Int …).
    @inlinable public init(uninitializedCount count: Int, chunkSize: Int, parallel: Bool,
                           fill: (Range<Int>, UnsafeMutableBufferPointer<Element>) -> Void) {
        precondition(count >= 0 && chunkSize > 0, "Array(uninitializedCount:chunkSize:): count \(count), chunk \(chunkSize)")
        precondition(_isPOD(Element.self), "Array(uninitializedCount:): only for trivial element types")
        self.init(unsafeUninitializedCapacity: count) { buffer, initialised in
            Self.fillChunks(of: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]), chunkSize: chunkSize,
                            parallel: parallel, fill: fill)
            initialised = count
        }
    }

    /// Runs `fill` on consecutive chunks of `buffer` (concurrently when `parallel`), each chunk
    /// getting its index range and a buffer over exactly that range.
    @inlinable static func fillChunks(of buffer: UnsafeMutableBufferPointer<Element>, chunkSize: Int, parallel: Bool,
                                      fill: (Range<Int>, UnsafeMutableBufferPointer<Element>) -> Void) {
        let count = buffer.count
        guard count > 0 else { return }
        let chunks = (count + chunkSize - 1) / chunkSize
        let writer = DisjointWriter(buffer.baseAddress!)
        withoutActuallyEscaping(fill) { fill in
            // Safe: each chunk writes only its own range of `buffer`; anything `fill` reads is
            // shared read-only for the duration of this call.
            nonisolated(unsafe) let fill = fill
            let work: @Sendable (Int) -> Void = { c in
                let lo = c * chunkSize, hi = Swift.min(count, lo + chunkSize)
                fill(lo..<hi, UnsafeMutableBufferPointer(start: writer.base + lo, count: hi - lo))
            }
            if parallel && chunks > 1 {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            } else {
                for c in 0..<chunks { work(c) }
            }
        }
    }
}
