internal import Logging
internal import PostgresNIO

/// Statements and transactions for the store, safe on a connection that has closed.
///
/// postgres-nio 1.33.2 writes a statement to a closed connection and never answers it (the
/// write's failure is dropped; see ``Deadline``). A connection the server closes during a
/// restart can still be leased from the pool, or close between two statements of a
/// transaction, whose ROLLBACK would then be such a statement. So every statement is checked
/// first, failing at once with ``Closed``; what is left is the instant between the check and
/// the write, which ``Deadline`` bounds.
extension PostgresNIO.PostgresConnection {
    /// The server or the network closed the connection.
    struct Closed: Error {}

    /// Runs `query`, or fails with ``Closed`` on a connection that has closed.
    @discardableResult
    func statement(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw Closed() }
        return try await self.query(query, logger: logger)
    }

    /// Runs `body` between BEGIN and COMMIT; ROLLBACK when it throws (unless the connection has
    /// closed, which ends the transaction anyway). Throws what failed, unwrapped.
    func inTransaction<T: Sendable>(logger: Logger, _ body: (PostgresNIO.PostgresConnection) async throws -> T)
        async throws -> T
    {
        try await statement("BEGIN", logger: logger)
        let value: T
        do {
            value = try await body(self)
        } catch {
            if !isClosed { _ = try? await statement("ROLLBACK", logger: logger) }
            throw error
        }
        try await statement("COMMIT", logger: logger)
        return value
    }
}
