import RTCore

/// Runs two independent pieces of work at once (two iterations of `DispatchQueue.concurrentPerform`,
/// serial on one core) and returns both outcomes. The caller throws them in the order the work would
/// have run one after the other, so the error a user sees does not depend on which finished first.
///
/// Used where reading one input file does not need another: a check's constraint set beside its
/// DICOM files, the structure set beside the dose headers.
enum Concurrently {
    private enum Either<A, B> { case first(Result<A, Error>), second(Result<B, Error>) }

    static func run<A: Sendable, B: Sendable>(_ first: @Sendable () throws -> A, _ second: @Sendable () throws -> B) -> (Result<A, Error>, Result<B, Error>) {
        let both = ParallelMap.map(count: 2) { n -> Either<A, B> in
            n == 0 ? .first(Result { try first() }) : .second(Result { try second() })
        }
        guard case .first(let a) = both[0], case .second(let b) = both[1] else { preconditionFailure("ParallelMap keeps the order") }
        return (a, b)
    }
}
