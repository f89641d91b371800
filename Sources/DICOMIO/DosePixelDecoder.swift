import Dispatch
import Foundation
import Grids
import RTCore

/// Turns stored RTDOSE samples into Gy: `value = stored × DoseGridScaling`, computed in Double and
/// rounded once to Float (unsigned or two's-complement 16/32-bit samples, PixelRepresentation 0/1).
///
/// `read(box:from:)` reads PixelData in parts straight from the file (DCMTK `getPartialValue`): for each
/// frame of the box one contiguous block holding the box's rows, of which the box's columns are kept.
/// Frames are spread over `DispatchQueue.concurrentPerform` workers, each with its own file reader,
/// and each worker writes only its own frames of the output, so the values do not depend on the
/// number of workers. Stored index (i, j, k) = (column, row, frame).
struct DosePixelDecoder {
    var columns: Int
    var rows: Int
    var frames: Int
    var bitsAllocated: Int
    var signed: Bool
    var scaling: Double

    init(_ info: DoseFileInfo) {
        columns = info.columns; rows = info.rows; frames = info.frames
        bitsAllocated = info.bitsAllocated; signed = info.pixelRepresentation == 1; scaling = info.doseGridScaling
    }

    var bytesPerSample: Int { bitsAllocated / 8 }
    /// The stored frames as a box (i, j, k) = (columns, rows, frames).
    var storedBox: VoxelBox { VoxelBox(lower: .zero, upper: SIMD3(columns - 1, rows - 1, frames - 1)) }

    /// The values of `box` (i fastest, then j, then k) and their maximum (Gy; 0 for no values, +∞
    /// when a value overflowed Float).
    /// - Precondition: `file.pixelDataIsInFile` and `box` inside `storedBox`.
    func read(box: VoxelBox, from file: DICOMFile) throws -> (values: [Float], maximum: Float) {
        let n = box.size, count = box.voxelCount
        let planeOut = n.x * n.y
        let bps = bytesPerSample, rowBytes = columns * bps, blockBytes = n.y * rowBytes
        let workers = Swift.min(n.z, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
        var maxima = [Float](repeating: 0, count: workers)
        var failures = [Error?](repeating: nil, count: workers)
        let values = try [Float](unsafeUninitializedCapacity: count) { out, initialised in
            nonisolated(unsafe) let file = file
            let output = DisjointWriter(out.baseAddress!)
            maxima.withUnsafeMutableBufferPointer { maxBuffer in
                failures.withUnsafeMutableBufferPointer { failBuffer in
                    let maxOut = DisjointWriter(maxBuffer.baseAddress!), failOut = DisjointWriter(failBuffer.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        let k0 = n.z * w / workers, k1 = n.z * (w + 1) / workers
                        guard k0 < k1 else { return }
                        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockBytes, alignment: 16)
                        defer { block.deallocate() }
                        var m = -Float.infinity
                        do {
                            try file.withPixelPartReader { reader in
                                for kk in k0..<k1 {
                                    let k = box.lower.z + kk
                                    let offset = ((k * rows + box.lower.y) * columns) * bps
                                    try reader.read(byteOffset: offset, into: block)
                                    for jj in 0..<n.y {
                                        let src = block.baseAddress! + jj * rowBytes + box.lower.x * bps
                                        let dst = output.base + kk * planeOut + jj * n.x
                                        m = Swift.max(m, convert(src, into: dst, count: n.x))
                                    }
                                }
                            }
                        } catch {
                            failOut.base[w] = error
                            // Leave no uninitialised values behind even on failure.
                            (output.base + k0 * planeOut).initialize(repeating: 0, count: (k1 - k0) * planeOut)
                        }
                        maxOut.base[w] = m
                    }
                }
            }
            initialised = count
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        let maximum = maxima.max() ?? 0
        return (values, maximum == -.infinity ? 0 : maximum)
    }

    /// The whole grid (stored order) and its maximum from PixelData that DCMTK holds in memory (decoded
    /// RLE, big-endian, or small enough to be read at load): copied out as host-order samples, then
    /// converted like `read(box:from:)`.
    func read(inMemoryFrom file: DICOMFile, samples: Int) throws -> (values: [Float], maximum: Float) {
        func convertAll<T: FixedWidthInteger>(_ stored: [T]) -> (values: [Float], maximum: Float) {
            var m = -Float.infinity
            let values = stored.withUnsafeBytes { raw in
                [Float](unsafeUninitializedCapacity: samples) { out, n in
                    m = convert(raw.baseAddress!, into: out.baseAddress!, count: samples); n = samples
                }
            }
            return (values, m == -.infinity ? 0 : m)
        }
        return bitsAllocated == 16 ? convertAll(try file.pixels(UInt16.self, count: samples))
                                   : convertAll(try file.pixels(UInt32.self, count: samples))
    }

    /// Converts `count` stored samples at `src` into Gy at `dst`; returns their maximum.
    @inline(__always) private func convert(_ src: UnsafeRawPointer, into dst: UnsafeMutablePointer<Float>, count: Int) -> Float {
        switch (bitsAllocated, signed) {
        case (16, false): return Self.convert(src, UInt16.self, dst, count, scaling)
        case (16, true): return Self.convert(src, Int16.self, dst, count, scaling)
        case (_, false): return Self.convert(src, UInt32.self, dst, count, scaling)
        default: return Self.convert(src, Int32.self, dst, count, scaling)
        }
    }

    @inline(__always) private static func convert<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _: T.Type,
                                                                        _ dst: UnsafeMutablePointer<Float>, _ count: Int,
                                                                        _ scaling: Double) -> Float {
        let s = src.bindMemory(to: T.self, capacity: count)
        var m = -Float.infinity
        for i in 0..<count {
            let v = Float(Double(s[i]) * scaling)
            dst[i] = v
            m = Swift.max(m, v)
        }
        return m
    }
}
