import Foundation

/// One patient of a batch manifest: its id, where its row is, and the check it asks for (every path
/// already resolved against the manifest's folder).
public struct BatchPatient: Sendable, Hashable {
    /// 0-based position in the manifest (sharding and summary order use it).
    public var index: Int
    public var id: String
    /// `id` made safe as a folder name: characters other than `A–Z a–z 0–9 . _ -` become `_`.
    public var folderName: String
    /// Where the patient is in the manifest, for messages: `line 3` (CSV) or `entry 2 (line 7)` (YAML).
    public var location: String
    public var request: CheckRequest

    public init(index: Int, id: String, location: String, request: CheckRequest) {
        self.index = index; self.id = id; self.location = location; self.request = request
        self.folderName = BatchPatient.sanitise(id)
    }

    /// A file-name-safe version of a patient id (never empty, never `.` or `..`, no path separators).
    public static func sanitise(_ id: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        var out = String(id.map { allowed.contains($0) ? $0 : "_" })
        if out.isEmpty || out.allSatisfy({ $0 == "." }) || out.hasPrefix(".") { out = "_" + out }
        return out
    }

    /// A stable fingerprint of the check request (FNV-1a 64 of its sorted-key JSON), so a re-run only
    /// skips a patient whose inputs did not change.
    public var requestFingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var inputs = request
        inputs.commandLine = []  // how the batch was started does not change a patient's reports
        let data = (try? encoder.encode(inputs)) ?? Data(id.utf8)
        return Fingerprint.fnv1a64(data)
    }
}

/// FNV-1a 64-bit hashes as `fnv1a64:<16 hex digits>` (not cryptographic: it detects edits, not tampering).
public enum Fingerprint {
    public static func fnv1a64(_ data: Data) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
