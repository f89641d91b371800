import Foundation
import OutputFiles
import Reports
import RTCore

/// `dosesum.batch/2` (schema: `Schemas/batch-2.schema.json`): what a batch (or one shard of it) did, one entry per patient that finished.
///
/// JSON keys: `schema`, `engine_version`, `manifest` (path), `manifest_fingerprint`,
/// `patients_in_manifest`, `shard` (`{index, count}`, 1-based index, or null), `interrupted` (Ctrl-C
/// stopped the run before every patient of the shard finished), `counts` (by status) and `patients`
/// (`BatchSummaryEntry`, in manifest order). The CSV has one row per patient with the entry's fields.
public struct BatchSummary: Sendable, Hashable, Codable {
    public static let schemaID = "dosesum.batch/2"
    /// Summaries `read` accepts: this schema and `dosesum.batch/1` (same fields; a /1 run can be
    /// resumed or merged, and its patients, whose reports are `dosesum.check/1`, are checked again).
    public static let readableSchemas = [schemaID, "dosesum.batch/1"]

    public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
        /// 1-based.
        public var index: Int
        public var count: Int
        public init(index: Int, count: Int) { self.index = index; self.count = count }

        /// Parses `I/N` with 1 ≤ I ≤ N.
        public init(parsing text: String) throws {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
                throw DoseSumError(.usage, "expects I/N with 1 ≤ I ≤ N (e.g. 2/8), got '\(text)'", field: .shard)
            }
            self.init(index: i, count: n)
        }
        /// Whether the patient at 0-based manifest position `position` belongs to this shard.
        public func contains(_ position: Int) -> Bool { position % count == index - 1 }
        public var description: String { "\(index)/\(count)" }
        /// `summary.shard-I-of-N`.
        public var fileStem: String { "summary.shard-\(index)-of-\(count)" }
    }

    public var schema: String
    public var engineVersion: String
    public var manifest: String
    public var manifestFingerprint: String
    public var patientsInManifest: Int
    public var shard: Shard?
    public var interrupted: Bool
    public var patients: [BatchSummaryEntry]
    /// The manifest's SHA-256, command line, software and date (nil for a merged summary: each
    /// shard's is in its own file, and each patient's in its check.json).
    public var provenance: Provenance?

    public init(engineVersion: String = DoseSumVersion.string, manifest: String, manifestFingerprint: String,
                patientsInManifest: Int, shard: Shard?, interrupted: Bool, patients: [BatchSummaryEntry]) {
        self.schema = BatchSummary.schemaID; self.engineVersion = engineVersion; self.manifest = manifest
        self.manifestFingerprint = manifestFingerprint; self.patientsInManifest = patientsInManifest; self.shard = shard
        self.interrupted = interrupted; self.patients = patients.sorted { $0.index < $1.index }
    }

    enum CodingKeys: String, CodingKey {
        case schema, manifest, shard, interrupted, patients, counts, provenance
        case engineVersion = "engine_version", manifestFingerprint = "manifest_fingerprint"
        case patientsInManifest = "patients_in_manifest"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        engineVersion = try c.decode(String.self, forKey: .engineVersion)
        manifest = try c.decode(String.self, forKey: .manifest)
        manifestFingerprint = try c.decode(String.self, forKey: .manifestFingerprint)
        patientsInManifest = try c.decode(Int.self, forKey: .patientsInManifest)
        shard = try c.decodeIfPresent(Shard.self, forKey: .shard)
        interrupted = try c.decode(Bool.self, forKey: .interrupted)
        patients = try c.decode([BatchSummaryEntry].self, forKey: .patients)
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema); try c.encode(engineVersion, forKey: .engineVersion)
        try c.encode(manifest, forKey: .manifest); try c.encode(manifestFingerprint, forKey: .manifestFingerprint)
        try c.encode(patientsInManifest, forKey: .patientsInManifest); try c.encode(shard, forKey: .shard)
        try c.encode(interrupted, forKey: .interrupted); try c.encode(counts, forKey: .counts)
        try c.encode(patients, forKey: .patients)
        try c.encodeIfPresent(provenance, forKey: .provenance)
    }

    /// Patients per status (`within`, `exceeds`, `incomplete`, `error`; all four keys always present).
    public var counts: [String: Int] {
        var out = ["within": 0, "exceeds": 0, "incomplete": 0, "error": 0]
        for p in patients { out[p.status.rawValue, default: 0] += 1 }
        return out
    }

    /// 2 if any patient is an error row, else 1 if any exceeds, else 3 if any is incomplete, else 0
    /// (130 for an interrupted run is the CLI's business).
    public var exitStatus: Int32 {
        if patients.contains(where: { $0.status == .error }) { return 2 }
        if patients.contains(where: { $0.status == .exceeds }) { return 1 }
        if patients.contains(where: { $0.status == .incomplete }) { return 3 }
        return 0
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    public static let csvColumns = ["index", "id", "status", "worst_organ", "worst_roi", "worst_metric", "worst_value_gy",
                                    "worst_limit_gy", "worst_margin_gy", "report_folder", "error", "reason", "seconds", "skipped"]

    /// One row per patient; Gy to 3 decimals, seconds to 2, empty cells for absent values.
    public func csvText() -> String {
        func gy(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "" }
        var out = CSVTable.row(BatchSummary.csvColumns)
        for p in patients {
            out += CSVTable.row([String(p.index), p.id, p.status.rawValue, p.worstOrgan ?? "", p.worstROI ?? "",
                                 p.worstMetric ?? "", gy(p.worstValueGy), gy(p.worstLimitGy), gy(p.worstMarginGy),
                                 p.reportFolder ?? "", p.error ?? "", p.reason ?? "", String(format: "%.2f", p.seconds),
                                 p.skipped ? "yes" : "no"])
        }
        return out
    }

    /// Reads a summary JSON file, refusing another schema.
    public static func read(_ path: String) throws -> BatchSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DoseSumError(.io, "cannot read the batch summary (missing or unreadable)", file: path)
        }
        let summary: BatchSummary
        do { summary = try JSONDecoder().decode(BatchSummary.self, from: data) } catch {
            throw DoseSumError(.invalidValue, "not a \(schemaID) summary: \(error)", file: path)
        }
        guard readableSchemas.contains(summary.schema) else {
            throw DoseSumError(.invalidValue, "schema is '\(summary.schema)', expected '\(schemaID)'", file: path)
        }
        return summary
    }

    /// Writes `<stem>.json` and `<stem>.csv` into `folder` as one all-or-nothing set (see
    /// `AtomicFileWriter.writeAll`), the JSON named last so a complete JSON implies a complete CSV.
    public func write(folder: String, stem: String, overwrite: Bool) throws {
        let dir = URL(fileURLWithPath: folder)
        try AtomicFileWriter.writeAll([
            .init(path: dir.appendingPathComponent(stem + ".csv").path, text: csvText()),
            .init(path: dir.appendingPathComponent(stem + ".json").path, data: try jsonData()),
        ], overwrite: overwrite)
    }
}
