import ArgumentParser
import Foundation
import Grids
import RTCore

/// `--max-memory`: the memory budget of a run's large allocations (`MemoryBudget`), parsed here at
/// the edge from "8G", "512M", "1.5G", "64K", "2T" or a number of bytes (binary units).
struct MemoryOptions: ParsableArguments {
    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Most memory the large grids may take, e.g. 8G or 512M (default: half of physical memory).", valueName: "SIZE"))
    var maxMemory: String?

    var budget: MemoryBudget {
        get throws { try maxMemory.map(Self.parse) ?? .default }
    }

    static func parse(_ text: String) throws -> MemoryBudget {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
        var number = Substring(t)
        var scale = 1.0
        if number.hasSuffix("IB") { number = number.dropLast(2) } else if number.hasSuffix("B") { number = number.dropLast() }
        if let last = number.last, let u = units[last] { scale = u; number = number.dropLast() }
        guard let v = Double(number), v.isFinite, v > 0, v * scale >= 0x1p20, v * scale < 0x1p63 else {
            throw DoseSumError(.usage, "--max-memory expects a size of at least 1M such as 8G or 512M, got '\(text)'")
        }
        return MemoryBudget(bytes: UInt64(v * scale))
    }
}
