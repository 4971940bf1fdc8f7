internal import FristStore
internal import Synchronization

/// An operation on the database with a time limit that holds even when the operation does not end.
///
/// The operation runs in a task of its own, not a child task: postgres-nio 1.33.2 drops the
/// failure of a statement written to a connection that has just closed, so that statement is
/// never answered, and a child task that never ends holds its parent (and a shutdown) for ever.
/// Past the deadline, when the operation's ``Cutoff`` is used (its connection closed), or when
/// the caller is cancelled, the caller goes on at once: the operation is cancelled and left to
/// end when it can.
enum Deadline {
    /// `operation`'s result; ``StoreError/NoAnswer`` once `seconds` have passed (after
    /// `onTimeout`); or the error the operation's cutoff was used with.
    static func run<T: Sendable>(_ seconds: Double, onTimeout: @escaping @Sendable (Cutoff) -> Void = { _ in },
                                 _ operation: @escaping @Sendable (Cutoff) async throws -> T) async throws -> T {
        let race = Race<T>()
        let cutoff = Cutoff { error in race.finish(.failure(error)) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                race.start(continuation,
                           work: Task {
                               do { race.finish(.success(try await operation(cutoff))) } catch { race.finish(.failure(error)) }
                           },
                           timer: Task {
                               guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                               if race.finish(.failure(StoreError.NoAnswer(seconds: seconds))) { onTimeout(cutoff) }
                           })
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// Ends an operation's wait early, failing it with the error given: for what learns, outside
    /// the operation, that it cannot succeed. Using it once the operation ended does nothing.
    final class Cutoff: Sendable {
        private let end: @Sendable (any Error) -> Void

        fileprivate init(_ end: @escaping @Sendable (any Error) -> Void) { self.end = end }

        func callAsFunction(_ error: any Error) { end(error) }
    }

    /// Whichever of the operation, the timer, the cutoff and the caller's cancellation comes
    /// first resumes the caller, once; the tasks are then cancelled.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            /// A result that came before the continuation was there (a cancellation at once).
            var early: Result<T, any Error>?
            var done = false
            var tasks: [Task<Void, Never>] = []
        }

        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>, work: Task<Void, Never>, timer: Task<Void, Never>) {
            let early = state.withLock { s -> Result<T, any Error>? in
                s.tasks = [work, timer]
                if let early = s.early { return early }
                s.continuation = continuation
                return nil
            }
            if let early {
                work.cancel()
                timer.cancel()
                continuation.resume(with: early)
            }
        }

        /// Resumes the caller with `result` unless something came first. - Returns: whether it did.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let won = state.withLock { s -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>])? in
                guard !s.done else { return nil }
                s.done = true
                guard let continuation = s.continuation else {
                    s.early = result
                    return (nil, [])
                }
                s.continuation = nil
                return (continuation, s.tasks)
            }
            guard let (continuation, tasks) = won else { return false }
            for task in tasks { task.cancel() }
            continuation?.resume(with: result)
            return true
        }
    }
}
