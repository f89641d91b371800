import Dispatch
import Foundation
import OutputFiles

/// SIGINT and SIGTERM: remove the output temporaries in flight (`TemporaryFileRegistry`), then exit with
/// 130 (SIGINT) or 143 (SIGTERM), so an interrupted run never leaves a temporary beside its outputs.
/// Files already given their names are whole (every output is renamed or linked into place).
///
/// A command may take the first SIGINT for itself (`batch` stops launching patients); a later one, or
/// any SIGTERM, ends the process here.
enum SignalCleanup {
    private static let queue = DispatchQueue(label: "dosesum.signals")
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let lock = NSLock()
    nonisolated(unsafe) private static var interruptHandler: (@Sendable () -> Bool)?

    /// Installs the handlers (once, at start-up, before any output is written).
    static func install() {
        for (number, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if number == SIGINT, let handler = currentInterruptHandler(), handler() { return }
                TemporaryFileRegistry.shared.removeAll()
                _exit(status)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// While set, SIGINT calls `handler` first; when it returns true the signal was handled and the
    /// process goes on. Pass nil to restore the default (clean up and exit).
    static func setInterruptHandler(_ handler: (@Sendable () -> Bool)?) {
        lock.lock(); interruptHandler = handler; lock.unlock()
    }

    private static func currentInterruptHandler() -> (@Sendable () -> Bool)? {
        lock.lock(); defer { lock.unlock() }
        return interruptHandler
    }
}
