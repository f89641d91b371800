import Foundation
import RTCore

/// The most memory (bytes) one run may ask for in its large allocations (dose grids, common and
/// export grids, sample lattices, resampled frames). Each is estimated from the geometry **before** it
/// is made (`require`), and refused beyond the budget with a message naming its cause and size.
///
/// Estimates are Doubles, so no product of corrupt sizes can overflow before it is compared.
public struct MemoryBudget: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The budget in bytes.
    public var bytes: UInt64

    public init(bytes: UInt64) { self.bytes = bytes }

    /// Share of physical memory a run may use by default.
    public static let defaultShareOfPhysicalMemory = 0.5

    /// Half of this machine's physical memory.
    public static var `default`: MemoryBudget {
        MemoryBudget(bytes: UInt64(Double(ProcessInfo.processInfo.physicalMemory) * defaultShareOfPhysicalMemory))
    }

    /// No limit (tests and callers that have already checked).
    public static let unlimited = MemoryBudget(bytes: .max)

    /// Throws `DoseSumError(.invalidValue)` when `estimate` (bytes) is not finite or exceeds the budget.
    /// - Parameters:
    ///   - what: the allocation and its cause in words, e.g. "the common grid (1200 × 900 × 400 voxels)".
    ///   - file, tag: the input the size comes from, when there is one.
    public func require(_ estimate: Double, for what: String, file: String? = nil, tag: DICOMTag? = nil) throws {
        guard estimate.isFinite, estimate <= Double(bytes) else {
            throw DoseSumError(.invalidValue, "\(what) would need \(Self.format(estimate)) of memory, more than the budget of \(Self.format(Double(bytes)))",
                               file: file, tag: tag)
        }
    }

    /// Bytes of a grid of `size` voxels (counts as Doubles) holding `bytesPerVoxel` bytes each.
    public static func gridBytes(_ size: SIMD3<Double>, bytesPerVoxel: Double) -> Double {
        size.x * size.y * size.z * bytesPerVoxel
    }

    /// "1.5 GiB", "512 MiB", "3.2e+12 GiB" (binary units).
    public static func format(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "an unbounded amount" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var v = bytes, u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(Int(v)) bytes" : String(format: v >= 100 ? "%.0f %@" : "%.1f %@", v, units[u])
    }

    public var description: String { Self.format(Double(bytes)) }
}
