import Foundation
import BoundedYAML
import RTCore
import Yams

/// One patient's fields as text, as read from a manifest row, before they are checked.
struct BatchManifestRow: Sendable {
    /// `line 3` (CSV) or `entry 2 (line 7)` (YAML).
    var location: String
    var values: [String: String]

    /// Header row, then one row per patient; each row must have as many cells as the header.
    static func fromCSV(_ text: String, file: String) throws -> [BatchManifestRow] {
        let records = try CSVTable.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: file)
        guard let header = records.first else { throw DoseSumError(.usage, "the batch manifest is empty; expected a header row", file: file) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in names {
            guard BatchManifest.fields.contains(name) else {
                throw DoseSumError(.usage, "line \(header.line): unknown column '\(name)'; known columns: \(BatchManifest.fields.joined(separator: ", "))", file: file)
            }
            guard seen.insert(name).inserted else { throw DoseSumError(.usage, "line \(header.line): column '\(name)' appears twice", file: file) }
        }
        return try records.dropFirst().map { record in
            guard record.fields.count == names.count else {
                throw DoseSumError(.usage, "line \(record.line): \(record.fields.count) cells, but the header has \(names.count) columns", file: file)
            }
            var values: [String: String] = [:]
            for (name, cell) in zip(names, record.fields) {
                let v = cell.trimmingCharacters(in: .whitespaces)
                if !v.isEmpty { values[name] = v }
            }
            return BatchManifestRow(location: "line \(record.line)", values: values)
        }
    }

    /// A top-level YAML sequence of mappings. Scalars are taken as text; for `alpha_beta`, `recovery`
    /// and `map` a mapping (`{BrainStem: 2}`) or a list (`[BrainStem=2]`) may stand for `A=B;C=D`.
    static func fromYAML(_ text: String, file: String) throws -> [BatchManifestRow] {
        try BoundedYAML.read(text, file: file, kind: .usage, maximumDepth: BatchManifestLimits.maximumYAMLDepth,
                             shape: "a manifest is a list of flat mappings") { root in try rows(root, file: file) }
    }

    /// The rows of a composed YAML manifest.
    private static func rows(_ root: Node?, file: String) throws -> [BatchManifestRow] {
        guard let root, let items = root.sequence else {
            throw DoseSumError(.usage, "a YAML batch manifest must be a list of patients (`- id: …`)", file: file)
        }
        return try items.enumerated().map { n, item in
            let location = "entry \(n + 1) (line \((item.mark?.line).map(String.init) ?? "?"))"
            guard let mapping = item.mapping else {
                throw DoseSumError(.usage, "\(location): expected a mapping of field: value", file: file)
            }
            var values: [String: String] = [:]
            for (k, v) in mapping {
                guard let key = k.scalar?.string else { throw DoseSumError(.usage, "\(location): a field name is not text", file: file) }
                guard BatchManifest.fields.contains(key) else {
                    throw DoseSumError(.usage, "\(location): unknown field '\(key)'; known fields: \(BatchManifest.fields.joined(separator: ", "))", file: file)
                }
                guard values[key] == nil else { throw DoseSumError(.usage, "\(location): field '\(key)' appears twice", file: file) }
                let text: String
                if let s = v.scalar?.string {
                    if v.tag.description == Tag.Name.null.rawValue { continue }
                    text = s
                } else if let list = v.sequence, ["alpha_beta", "recovery", "map", "matrix", "absent"].contains(key) {
                    let parts = list.compactMap { $0.scalar?.string }
                    guard parts.count == list.count else { throw DoseSumError(.usage, "\(location): field '\(key)': list items must be plain values", file: file) }
                    text = parts.joined(separator: key == "matrix" ? "," : ";")
                } else if let m = v.mapping, ["alpha_beta", "recovery", "map"].contains(key) {
                    var parts: [String] = []
                    for (mk, mv) in m {
                        guard let a = mk.scalar?.string, let b = mv.scalar?.string else {
                            throw DoseSumError(.usage, "\(location): field '\(key)': expected NAME: VALUE pairs", file: file)
                        }
                        parts.append("\(a)=\(b)")
                    }
                    text = parts.joined(separator: ";")
                } else {
                    throw DoseSumError(.usage, "\(location): field '\(key)': expected a single value", file: file)
                }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { values[key] = trimmed }
            }
            return BatchManifestRow(location: location, values: values)
        }
    }
}
