import Foundation
import RTCore

/// Text forms of values for writing: DS (≤ 16 characters), UIDs under the `2.25` (UUID) root, dates.
enum DICOMFormatting {
    /// The shortest-looking decimal string of at most 16 characters that parses back to `v` to as many
    /// significant digits as fit (15 for ordinary coordinates).
    static func ds(_ v: Double) -> String {
        if v == 0 { return "0" }
        for p in stride(from: 15, through: 1, by: -1) {
            let s = String(format: "%.\(p)g", v)
            if s.count <= 16 { return s }
        }
        return String(format: "%.6E", v)
    }

    static func dsList(_ values: [Double]) -> String { values.map(ds).joined(separator: "\\") }

    /// A new UID `2.25.<128-bit UUID as decimal>` (PS3.5 B.2), at most 44 characters.
    static func newUID() -> UID {
        let u = UUID().uuid
        var bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
        var digits: [Character] = []
        while bytes.contains(where: { $0 != 0 }) {
            var remainder = 0
            for i in bytes.indices {
                let acc = remainder * 256 + Int(bytes[i])
                bytes[i] = UInt8(acc / 10)
                remainder = acc % 10
            }
            digits.append(Character(String(remainder)))
        }
        return UID("2.25." + (digits.isEmpty ? "0" : String(digits.reversed())))
    }

    /// Today's date (YYYYMMDD) and time (HHMMSS) in UTC.
    static func nowDateTime() -> (date: String, time: String) {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd"
        let date = f.string(from: Date())
        f.dateFormat = "HHmmss"
        return (date, f.string(from: Date()))
    }
}
