import Foundation
import RTCore

/// A minimal RFC 4180 CSV reader and writer: comma-separated, fields optionally in double quotes, `""`
/// inside quotes is one quote, quoted fields may hold commas and newlines; CRLF or LF line ends.
public enum CSVTable {
    /// One record and the 1-based line it starts on.
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    /// Parses `text` into records; blank lines are skipped. Throws for an unterminated quote or text
    /// after a closing quote.
    public static func parse(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = [], field = "", inQuotes = false, afterQuote = false
        var line = 1, recordLine = 1, fieldWasQuoted = false
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []; field = ""; afterQuote = false; fieldWasQuoted = false
        }
        var chars = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = n }
                    } else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(field); field = ""; afterQuote = false; fieldWasQuoted = false
            case "\r":
                continue
            case "\n":
                endRecord(); line += 1; recordLine = line
            case "\"":
                guard field.isEmpty && !afterQuote else {
                    throw DoseSumError(.usage, "line \(line): a double quote inside an unquoted field; quote the whole field and double the quote (\"\")", file: file)
                }
                inQuotes = true; fieldWasQuoted = true
            default:
                if afterQuote {
                    throw DoseSumError(.usage, "line \(line): text after a closing quote; a quoted field must end at a comma or line end", file: file)
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw DoseSumError(.usage, "line \(recordLine): a quoted field is not closed before the end of the file", file: file) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// One field, quoted when it holds a comma, quote, CR or LF (quotes doubled).
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line of fields joined by commas, ending in LF.
    public static func row(_ fields: [String]) -> String { fields.map(escape).joined(separator: ",") + "\n" }
}
