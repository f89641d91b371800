import Foundation

/// What kind of file system object an input path names, checked before it is read, so a message
/// says what is wrong in words ("is a FIFO", "is a symbolic-link loop") instead of a read error.
public enum InputFile {
    /// Throws `DoseSumError(.io)` naming `path` unless it is (or links to) a readable regular file
    /// with content. `expected` completes the message, e.g. "a DICOM file".
    public static func requireRegularFile(_ path: String, expected: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let code = errno
            var lst = stat()
            switch code {
            case ELOOP:
                throw DoseSumError(.io, "is a symbolic link that loops (too many levels of symbolic links), expected \(expected)", file: path)
            case ENOENT where lstat(path, &lst) == 0:
                throw DoseSumError(.io, "is a symbolic link to a file that does not exist, expected \(expected)", file: path)
            case ENOENT, ENOTDIR:
                throw DoseSumError(.io, "no such file, expected \(expected)", file: path)
            case EACCES:
                throw DoseSumError(.io, "permission denied, expected a readable \(expected)", file: path)
            default:
                throw DoseSumError(.io, "cannot be read (\(String(cString: strerror(code)))), expected \(expected)", file: path)
            }
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw DoseSumError(.io, "is a directory, expected \(expected)", file: path)
        case S_IFIFO: throw DoseSumError(.io, "is a FIFO (named pipe), expected \(expected) (a regular file)", file: path)
        case S_IFCHR, S_IFBLK: throw DoseSumError(.io, "is a device, expected \(expected) (a regular file)", file: path)
        case S_IFSOCK: throw DoseSumError(.io, "is a socket, expected \(expected) (a regular file)", file: path)
        default: throw DoseSumError(.io, "is not a regular file, expected \(expected)", file: path)
        }
        if st.st_size == 0 {
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if real.hasPrefix("/proc/") || real.hasPrefix("/sys/") {
                throw DoseSumError(.io, "is a kernel pseudo-file (\(real)), expected \(expected)", file: path)
            }
            throw DoseSumError(.io, "is empty (0 bytes), expected \(expected)", file: path)
        }
        guard access(path, R_OK) == 0 else {
            throw DoseSumError(.io, "permission denied, expected a readable \(expected)", file: path)
        }
    }
}
