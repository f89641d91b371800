/// What a report was made from and by: every input file with its SHA-256, the exact command line,
/// the software (DoseSum version, source revision, DCMTK version), when and where. Computed by the
/// caller (it reads files); renderers only format it (`ProvenanceRendering`).
///
/// Encoded (JSON, snake_case) as `files` [{`role`, `path`, `sha256`, `bytes`}], `command_line`
/// (arguments), `command` (shell-quoted), `dosesum_version`, `source_revision` {`commit`, `dirty`},
/// `dcmtk_version`, `date_utc`, `date_local`, `host` — the same keys in every JSON output.
public struct Provenance: Sendable, Hashable, Codable {
    /// One input file as read.
    public struct File: Sendable, Hashable, Codable {
        /// What the file was used as: `course1_dose`, `course1_plan`, `structure_set`, `registration`,
        /// `constraint_set`, `dose`, `manifest`, …
        public var role: String
        public var path: String
        /// Lower-case hexadecimal SHA-256 of the file's bytes.
        public var sha256: String
        public var bytes: Int
        public init(role: String, path: String, sha256: String, bytes: Int) {
            self.role = role; self.path = path; self.sha256 = sha256; self.bytes = bytes
        }
    }

    public var files: [File]
    /// The program's arguments as it received them (argument 0 first).
    public var commandLine: [String]
    public var doseSumVersion: String
    /// The git commit DoseSum was built from, or "unknown".
    public var sourceCommit: String
    /// Whether tracked files differed from `sourceCommit` at build time; nil when unknown.
    public var sourceDirty: Bool?
    public var dcmtkVersion: String
    /// ISO 8601 in UTC, e.g. `2026-12-05T08:15:02Z`.
    public var dateUTC: String
    /// ISO 8601 in local time with its offset, e.g. `2026-12-05T09:15:02+01:00`.
    public var dateLocal: String
    public var host: String

    public init(files: [File], commandLine: [String], doseSumVersion: String, sourceCommit: String,
                sourceDirty: Bool?, dcmtkVersion: String, dateUTC: String, dateLocal: String, host: String) {
        self.files = files; self.commandLine = commandLine; self.doseSumVersion = doseSumVersion
        self.sourceCommit = sourceCommit; self.sourceDirty = sourceDirty; self.dcmtkVersion = dcmtkVersion
        self.dateUTC = dateUTC; self.dateLocal = dateLocal; self.host = host
    }

    /// The command line as one line a POSIX shell would run again (`ShellQuoting`).
    public var command: String { ShellQuoting.join(commandLine) }

    /// `3f2a…c1`, `3f2a…c1 (dirty)` or `unknown`.
    public var revisionDescription: String { sourceDirty == true ? "\(sourceCommit) (dirty)" : sourceCommit }

    /// `0.1.0 (3f2a…c1, dirty)` or `0.1.0 (unknown revision)`.
    public var softwareDescription: String {
        guard sourceCommit != "unknown" else { return "\(doseSumVersion) (unknown revision)" }
        return "\(doseSumVersion) (\(sourceCommit)\(sourceDirty == true ? ", dirty" : ""))"
    }

    enum CodingKeys: String, CodingKey {
        case files, command, host
        case commandLine = "command_line", doseSumVersion = "dosesum_version", sourceRevision = "source_revision"
        case dcmtkVersion = "dcmtk_version", dateUTC = "date_utc", dateLocal = "date_local"
    }
    enum RevisionKeys: String, CodingKey { case commit, dirty }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        files = try c.decode([File].self, forKey: .files)
        commandLine = try c.decode([String].self, forKey: .commandLine)
        doseSumVersion = try c.decode(String.self, forKey: .doseSumVersion)
        let r = try c.nestedContainer(keyedBy: RevisionKeys.self, forKey: .sourceRevision)
        sourceCommit = try r.decode(String.self, forKey: .commit)
        sourceDirty = try r.decodeIfPresent(Bool.self, forKey: .dirty)
        dcmtkVersion = try c.decode(String.self, forKey: .dcmtkVersion)
        dateUTC = try c.decode(String.self, forKey: .dateUTC)
        dateLocal = try c.decode(String.self, forKey: .dateLocal)
        host = try c.decode(String.self, forKey: .host)
    }

    /// Every key is written; an unknown dirty flag is `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(files, forKey: .files); try c.encode(commandLine, forKey: .commandLine)
        try c.encode(command, forKey: .command); try c.encode(doseSumVersion, forKey: .doseSumVersion)
        var r = c.nestedContainer(keyedBy: RevisionKeys.self, forKey: .sourceRevision)
        try r.encode(sourceCommit, forKey: .commit); try r.encode(sourceDirty, forKey: .dirty)
        try c.encode(dcmtkVersion, forKey: .dcmtkVersion); try c.encode(dateUTC, forKey: .dateUTC)
        try c.encode(dateLocal, forKey: .dateLocal); try c.encode(host, forKey: .host)
    }
}
