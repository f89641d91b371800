/// The source revision this build of DoseSum was made from, recorded by `SourceRevisionPlugin` (git
/// at build time).
public enum SourceRevision {
    /// The full git commit hash, or "unknown" when the build had no git checkout (e.g. a tarball).
    public static let commit: String = GeneratedSourceRevision.commit
    /// Whether tracked files differed from `commit` at build time; nil when unknown.
    public static let dirty: Bool? = GeneratedSourceRevision.dirty
}
