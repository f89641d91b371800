#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What is at a path now, without following a final symbolic link (`lstat`).
enum OutputNode: Equatable {
    case missing
    case regularFile
    /// A symbolic link; `dangling` when what it points to does not exist.
    case symbolicLink(dangling: Bool)
    case directory
    /// A FIFO, device, socket or anything else that is not a regular file.
    case special(String)

    init(at path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { self = .missing; return }
        switch st.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        case S_IFLNK:
            var target = stat()
            self = .symbolicLink(dangling: stat(path, &target) != 0)
        case S_IFIFO: self = .special("a FIFO (named pipe)")
        case S_IFCHR: self = .special("a character device")
        case S_IFBLK: self = .special("a block device")
        case S_IFSOCK: self = .special("a socket")
        default: self = .special("not a regular file")
        }
    }

    /// Why an output may not replace this node, or nil when it may (`overwrite`: `--force` was given).
    /// Only a regular file (or, with `overwrite`, a symbolic link, which is replaced itself) is ever replaced.
    func refusal(overwrite: Bool, forceHint: String) -> String? {
        switch self {
        case .missing: return nil
        case .regularFile: return overwrite ? nil : "exists already; \(forceHint)"
        case .symbolicLink(let dangling):
            if overwrite { return nil }
            return dangling ? "is a dangling symbolic link; \(forceHint) (the link is replaced, not its target)"
                            : "exists already (a symbolic link); \(forceHint) (the link is replaced, not its target)"
        case .directory: return "is a folder, not a file; name a file inside it"
        case .special(let what): return "is \(what), not a regular file; it is never replaced, even when forced"
        }
    }

    /// The device and inode of the file at `path`, following symbolic links; nil when there is none.
    static func identity(of path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}

/// A file's identity on this machine: two paths with the same identity are the same file (hard links,
/// symbolic links and `..` included).
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
}
