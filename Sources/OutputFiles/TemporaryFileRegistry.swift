#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The named temporary files this process has in flight, so that a SIGINT/SIGTERM handler can remove
/// them before the process exits. (Anonymous `O_TMPFILE` temporaries need no entry: the kernel frees
/// them when the process dies.)
///
/// A temporary is created while the registry's lock is held, so a handler that calls `removeAll()`
/// either sees it (and removes it) or runs first, after which no new temporary can be created.
public final class TemporaryFileRegistry: @unchecked Sendable {
    public static let shared = TemporaryFileRegistry()

    private let lock = NSLock()
    private var paths: Set<String> = []
    private var closed = false

    public init() {}

    /// Runs `create` (which makes the file at `path` and returns a descriptor, or −1 with `errno` set)
    /// and records `path` when it succeeds. Returns −1 with `errno` = ECANCELED once `removeAll()` ran.
    func create(_ path: String, _ create: () -> Int32) -> Int32 {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { errno = ECANCELED; return -1 }
        let fd = create()
        if fd >= 0 { paths.insert(path) }
        return fd
    }

    /// Forgets `path` (it was renamed into place or removed).
    func forget(_ path: String) {
        lock.lock(); paths.remove(path); lock.unlock()
    }

    /// The temporaries in flight now (absolute paths).
    public var inFlight: [String] { lock.lock(); defer { lock.unlock() }; return paths.sorted() }

    /// Removes every temporary in flight and refuses new ones from then on; returns how many it removed.
    /// Meant for a signal handler that exits right after.
    @discardableResult
    public func removeAll() -> Int {
        lock.lock(); defer { lock.unlock() }
        closed = true
        var removed = 0
        for p in paths where unlink(p) == 0 { removed += 1 }
        paths.removeAll()
        return removed
    }
}
