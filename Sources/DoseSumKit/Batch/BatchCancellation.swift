import Foundation

/// A thread-safe "stop launching new patients" flag, set from a signal handler's queue (Ctrl-C) and
/// read by the batch workers. Patients already running finish and are written normally.
public final class BatchCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    public init() {}
    public func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}
