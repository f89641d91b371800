import Dispatch

/// Runs two independent pieces of work at once (two iterations of `DispatchQueue.concurrentPerform`,
/// serial on one core) and returns both outcomes. The caller throws them in the order the work would
/// have run one after the other, so the error a user sees does not depend on which finished first.
///
/// Used where reading one input file does not need another: a check's constraint set beside its
/// DICOM files, the structure set beside the dose headers.
enum Concurrently {
    private final class Slots<A: Sendable, B: Sendable>: @unchecked Sendable {
        // Safe: iteration 0 writes only `first`, iteration 1 only `second`; read after both finished.
        var first: Result<A, Error>?
        var second: Result<B, Error>?
    }

    static func run<A: Sendable, B: Sendable>(_ first: @Sendable () throws -> A, _ second: @Sendable () throws -> B) -> (Result<A, Error>, Result<B, Error>) {
        let slots = Slots<A, B>()
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            if n == 0 { slots.first = Result { try first() } } else { slots.second = Result { try second() } }
        }
        return (slots.first!, slots.second!)
    }
}
