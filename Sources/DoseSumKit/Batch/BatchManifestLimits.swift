import Foundation
import RTCore

/// Limits a batch manifest is checked against before it is parsed or any patient runs: its size, the
/// nesting depth of YAML (see `BoundedYAML`: 100,000 nested `[` once overflowed the stack), and the
/// length and characters of each patient id (which names a report folder).
enum BatchManifestLimits {
    /// Largest manifest (bytes): 2,000 patients take about 1 MB.
    static let maximumBytes = 64 << 20
    /// Deepest nesting of YAML collections a reader is told about by line (flow `[`/`{` plus block
    /// levels); a manifest needs 3 (list → mapping → list value).
    static let maximumYAMLDepth = 32
    /// Longest patient id (characters): the report folder name stays far below the 255-byte limit of
    /// file names.
    static let maximumIDLength = 128

    static func checkSize(_ data: Data, file: String) throws {
        guard data.count <= maximumBytes else {
            throw DoseSumError(.usage, "the batch manifest is \(data.count) bytes, more than the \(maximumBytes >> 20) MiB a manifest may have", file: file)
        }
    }

    /// A patient id must have 1…`maximumIDLength` characters and no control characters (line breaks,
    /// tabs, NUL) and must not be only spaces.
    static func checkID(_ id: String, location: String, file: String) throws {
        guard id.count <= maximumIDLength else {
            throw DoseSumError(.usage, "\(location): field 'id': \(id.count) characters, expected at most \(maximumIDLength)", file: file)
        }
        if let bad = id.unicodeScalars.first(where: { CharacterSet.controlCharacters.contains($0) }) {
            throw DoseSumError(.usage, "\(location): field 'id': contains the control character U+\(String(format: "%04X", bad.value)); expected printable text", file: file)
        }
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DoseSumError(.usage, "\(location): field 'id': empty, expected a patient id", file: file)
        }
    }
}
