import Foundation
import RTCore

/// Limits a batch manifest is checked against before it is parsed or any patient runs: its size, the
/// nesting depth of YAML (the YAML parser recurses once per level, so 100,000 nested `[` overflowed
/// the stack), and the length and characters of each patient id (which names a report folder).
enum BatchManifestLimits {
    /// Largest manifest (bytes): 2,000 patients take about 1 MB.
    static let maximumBytes = 64 << 20
    /// Deepest nesting of YAML collections (flow `[`/`{` plus block indentation levels); a manifest
    /// needs 3 (list → mapping → list value).
    static let maximumYAMLDepth = 32
    /// Longest patient id (characters): the report folder name stays far below the 255-byte limit of
    /// file names.
    static let maximumIDLength = 128

    static func checkSize(_ data: Data, file: String) throws {
        guard data.count <= maximumBytes else {
            throw DoseSumError(.usage, "the batch manifest is \(data.count) bytes, more than the \(maximumBytes >> 20) MiB a manifest may have", file: file)
        }
    }

    /// Throws when YAML `text` nests deeper than `maximumYAMLDepth`: flow brackets outside quotes and
    /// comments are counted, and each block level (indentation, `- ` prefixes) counts one.
    static func checkYAMLDepth(_ text: String, file: String) throws {
        var line = 1
        var flow = 0
        var quote: Character?
        var comment = false, atLineStart = true
        var indentLevels: [Int] = [], lineIndent = 0, dashes = 0
        func fail() -> DoseSumError {
            DoseSumError(.usage, "line \(line): YAML nested more than \(maximumYAMLDepth) levels deep; a manifest is a list of flat mappings", file: file)
        }
        for ch in text {
            if ch == "\n" {
                line += 1; comment = false; atLineStart = true; lineIndent = 0; dashes = 0
                continue
            }
            if comment { continue }
            if atLineStart {
                if ch == " " { lineIndent += 1; continue }
                if ch == "-" && quote == nil { dashes += 1; continue }
                atLineStart = false
                while let last = indentLevels.last, last > lineIndent { indentLevels.removeLast() }
                if indentLevels.last != lineIndent { indentLevels.append(lineIndent) }
                if indentLevels.count + dashes + flow > maximumYAMLDepth { throw fail() }
            }
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "'", "\"": quote = ch
            case "#": comment = true
            case "[", "{":
                flow += 1
                if flow + indentLevels.count > maximumYAMLDepth { throw fail() }
            case "]", "}": flow = max(0, flow - 1)
            default: break
            }
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
