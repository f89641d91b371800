import BuildInfo
import Constraints
import DICOMIO
import Foundation
import Reports
import RTCore

/// Computes a report's `Provenance`: hashes the input files (the only I/O) and records the command
/// line, software versions, date and host.
public enum ProvenanceCollector {
    /// A file to hash and what it was used as (`Provenance.File.role`).
    public struct Input: Sendable, Hashable {
        public var role: String
        public var path: String
        public init(role: String, path: String) { self.role = role; self.path = path }
    }

    /// Hashes `inputs` in order and fills in everything else. Throws `.io` naming an unreadable file.
    public static func collect(_ inputs: [Input], commandLine: [String], now: Date) throws -> Provenance {
        make(files: try hash(inputs), commandLine: commandLine, now: now)
    }

    /// Starts hashing the files of a check on a background thread, so that it overlaps the reading
    /// and computing of the check (hashing ran at about 1 GB/s here: ~40 ms for a 38 MB case); call
    /// `PendingProvenance.finish` when the report is ready. Nothing is thrown here: an error (e.g.
    /// an unknown constraint set, which the check reports first anyway) comes from `finish`.
    public static func start(_ request: CheckRequest) -> PendingProvenance {
        PendingProvenance { try hash(inputs(of: request)) }
    }

    static func hash(_ inputs: [Input]) throws -> [Provenance.File] {
        try inputs.map { input in
            let (hex, bytes) = try FileDigest.sha256(path: input.path)
            return Provenance.File(role: input.role, path: input.path, sha256: hex, bytes: bytes)
        }
    }

    /// A provenance for files already hashed (no file I/O).
    static func make(files: [Provenance.File], commandLine: [String], now: Date) -> Provenance {
        Provenance(files: files, commandLine: commandLine, doseSumVersion: DoseSumVersion.string,
                   sourceCommit: SourceRevision.commit, sourceDirty: SourceRevision.dirty,
                   dcmtkVersion: DCMTKLibrary.version, dateUTC: dateUTC(now), dateLocal: dateLocal(now),
                   host: hostName())
    }

    /// The files a check reads: each course's dose and plan, the structure set, the registration and
    /// the constraint set (the user's file or the shipped YAML in the Constraints bundle).
    public static func inputs(of request: CheckRequest) throws -> [Input] {
        var out = inputs(of: request.composite)
        out.append(Input(role: "constraint_set", path: try ConstraintLibrary.file(request.protocolID).path))
        return out
    }

    /// The DICOM files of a composite request, courses first.
    public static func inputs(of request: CompositeRequest) -> [Input] {
        var out: [Input] = []
        for (n, course) in request.courses.enumerated() {
            out.append(Input(role: "course\(n + 1)_dose", path: course.dosePath))
            if let plan = course.planPath { out.append(Input(role: "course\(n + 1)_plan", path: plan)) }
        }
        if let s = request.structuresPath { out.append(Input(role: "structure_set", path: s)) }
        if let r = request.registrationPath { out.append(Input(role: "registration", path: r)) }
        return out
    }

    /// `2026-12-05T08:15:02Z`.
    static func dateUTC(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm:ss'Z'", TimeZone(identifier: "UTC")!) }
    /// `2026-12-05T09:15:02+01:00` (the offset always written, `+00:00` in UTC).
    static func dateLocal(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm:ssxxxxx", .current) }

    static func format(_ date: Date, _ pattern: String, _ zone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = zone
        f.dateFormat = pattern
        return f.string(from: date)
    }

    /// This machine's host name (`gethostname`, no name lookup), or "unknown".
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown" : name
    }
}
