#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RTCore

/// One output's bytes, written and synced to a temporary file in the destination's folder and not yet
/// visible under the destination's name.
///
/// On Linux the temporary is anonymous (`O_TMPFILE`): it has no name until `commit` links it into
/// place, so nothing of it is ever visible after a SIGKILL. Where `O_TMPFILE` is not supported, it is a
/// hidden `.NAME.dosesum-tmp-PID-XXXXXXXX` beside the destination, registered in
/// `TemporaryFileRegistry` (removed by the CLI's SIGINT/SIGTERM handler) and removed by the next write
/// of the same output when the process that made it is gone.
final class StagedFile {
    /// The absolute path the file will have once committed.
    let destination: String
    private var fd: Int32
    /// The temporary's name, when it has one (fallback, or during an overwrite's rename).
    private var namedPath: String?
    private let registry: TemporaryFileRegistry

    /// A path a third party (DCMTK) can open and write the temporary's contents through.
    var writablePath: String { namedPath ?? "/proc/self/fd/\(fd)" }

    init(for destination: String, registry: TemporaryFileRegistry = .shared, allowAnonymous: Bool = true) throws {
        self.destination = destination
        self.registry = registry
        let folder = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        Self.removeStaleTemporaries(of: name, in: folder)
        #if os(Linux)
        if allowAnonymous, StagedFile.anonymousTemporariesAllowed {
            let anonymous = open(folder.isEmpty ? "." : folder, StagedFile.oTmpFile | O_RDWR | O_CLOEXEC, 0o666)
            if anonymous >= 0 { fd = anonymous; namedPath = nil; return }
        }
        #endif
        let path = Self.temporaryName(for: name, in: folder)
        let named = registry.create(path) { open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o666) }
        guard named >= 0 else { throw Self.failure("cannot create a temporary file beside it", path: destination) }
        fd = named
        namedPath = path
    }

    deinit { discard() }

    /// Writes all of `data` at the start of the temporary.
    func write(_ data: Data) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure("cannot write", path: destination)
                }
                offset += n
            }
        }
    }

    /// Flushes the temporary's contents to the disk.
    func sync() throws {
        guard fsync(fd) == 0 else { throw Self.failure("cannot flush to disk", path: destination) }
    }

    /// Gives the temporary the destination's name. Without `overwrite`, fails when the destination
    /// exists (atomically: a link never replaces); with it, replaces only a regular file or a link.
    func commit(overwrite: Bool, forceHint: String) throws {
        guard fd >= 0 else { throw DoseSumError(.internalError, "commit of a discarded temporary", file: destination) }
        if let refusal = OutputNode(at: destination).refusal(overwrite: overwrite, forceHint: forceHint) {
            throw DoseSumError(.io, refusal, file: destination)
        }
        if overwrite { try renameOverDestination() } else { try linkWithoutReplacing(forceHint: forceHint) }
        Self.syncFolder(of: destination)
        close(fd)
        fd = -1
    }

    private func linkWithoutReplacing(forceHint: String) throws {
        let source = namedPath ?? "/proc/self/fd/\(fd)"
        if linkat(AT_FDCWD, source, AT_FDCWD, destination, namedPath == nil ? StagedFile.atSymlinkFollow : 0) == 0 {
            dropName(unlinking: true)
            return
        }
        if errno == EEXIST { throw DoseSumError(.io, "exists already; \(forceHint)", file: destination) }
        // A file system without hard links: rename the named temporary (the destination was just checked).
        guard namedPath != nil, [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV].contains(errno) else {
            throw Self.failure("cannot move the finished file into place", path: destination)
        }
        try renameOverDestination()
    }

    private func renameOverDestination() throws {
        if namedPath == nil {
            // An anonymous file cannot be renamed over a name: give it a registered name first.
            let folder = (destination as NSString).deletingLastPathComponent
            let path = Self.temporaryName(for: (destination as NSString).lastPathComponent, in: folder)
            let source = "/proc/self/fd/\(fd)"
            let r = registry.create(path) { linkat(AT_FDCWD, source, AT_FDCWD, path, StagedFile.atSymlinkFollow) == 0 ? 0 : -1 }
            guard r == 0 else { throw Self.failure("cannot move the finished file into place", path: destination) }
            namedPath = path
        }
        guard let namedPath, rename(namedPath, destination) == 0 else {
            throw Self.failure("cannot move the finished file into place", path: destination)
        }
        dropName(unlinking: false)
    }

    /// Forgets the temporary's name (removing it first when `unlinking`: the file has another name now).
    private func dropName(unlinking: Bool) {
        guard let namedPath else { return }
        if unlinking { unlink(namedPath) }
        registry.forget(namedPath)
        self.namedPath = nil
    }

    /// Removes the temporary (if it has a name) and closes it; committing afterwards is an error.
    func discard() {
        dropName(unlinking: true)
        if fd >= 0 { close(fd); fd = -1 }
    }

    // MARK: - Names and helpers

    static let temporaryMarker = ".dosesum-tmp-"

    static func temporaryName(for name: String, in folder: String) -> String {
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return (folder as NSString).appendingPathComponent(".\(name)\(temporaryMarker)\(getpid())-\(random)")
    }

    /// Removes `.NAME.dosesum-tmp-PID-*` left in `folder` by processes that no longer run (SIGKILL,
    /// power loss) on a system without `O_TMPFILE`.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = ".\(name)\(temporaryMarker)"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ pid_t($0) }), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(entry))
            }
        }
    }

    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let dfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    static func failure(_ what: String, path: String) -> DoseSumError {
        DoseSumError(.io, "\(what): \(String(cString: strerror(errno)))", file: path)
    }

    #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Swift does not import as a macro.
    static let oTmpFile: Int32 = 0o20000000 | O_DIRECTORY
    static let atSymlinkFollow: Int32 = 0x400
    /// `O_TMPFILE` is tried when `/proc/self/fd` can name the file for `linkat`, unless the environment
    /// sets `DOSESUM_NAMED_TEMPORARIES` (tests use it to exercise the named fallback and its clean-up).
    static let anonymousTemporariesAllowed = access("/proc/self/fd", F_OK) == 0
        && ProcessInfo.processInfo.environment["DOSESUM_NAMED_TEMPORARIES"] == nil
    #else
    static let atSymlinkFollow: Int32 = AT_SYMLINK_FOLLOW
    static let anonymousTemporariesAllowed = false
    #endif
}
