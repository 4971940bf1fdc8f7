internal import FristStore
internal import PostgresNIO

extension PostgresStore {
    /// Calls `handler` on every write another store (another node, `frist ack`) announces, from
    /// the listener's task: the daemon rings its doorbell with it. Keep it short; it must not block.
    public func onChange(_ handler: @escaping @Sendable () -> Void) {
        handlers.withLock { $0.append(handler) }
    }

    /// True when another node or process announced a write since the last consuming look, or
    /// when a row in flight has outlived its lease (work to take over). Own writes do not count.
    public func changedElsewhere(consume: Bool) async throws -> Bool {
        let heard = notified.withLock { heard in
            defer { if consume { heard = false } }
            return heard
        }
        if heard { return true }
        let inflight = Store.State.inflight.sql
        return try await run { connection in
            let rows = try await connection.statement("""
                SELECT EXISTS (SELECT 1 FROM outbox WHERE state = \(unescaped: inflight) AND lease_until < now())
                """, logger: self.logger)
            for try await expired in rows.decode(Bool.self) { return expired }
            return false
        }
    }

    /// LISTENs on a connection of its own for as long as the store is open; reconnects with
    /// backoff (0.1 s doubling up to 5 s) when the connection drops. Yields to `ready` each time
    /// it listens; after a reconnection counts as a change (what came meanwhile went unheard).
    func listen(ready: AsyncStream<Void>.Continuation) async {
        var backoff = 0.1
        var reconnecting = false
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    // A LISTEN written to a closed connection would never be answered (see ``Deadline``).
                    guard !connection.isClosed else { throw PostgresNIO.PostgresConnection.Closed() }
                    try await connection.listen(on: "frist") { notifications in
                        backoff = 0.1
                        if reconnecting { heard() }
                        ready.yield()
                        for try await notification in notifications where notification.payload != payload {
                            heard()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                logger.debug("state database \(path): listening stopped, reconnecting",
                             metadata: ["error": "\(StoreError.postgres(path, error))"])
            }
            reconnecting = true
            try? await Task.sleep(for: .seconds(backoff))
            backoff = min(backoff * 2, 5)
        }
        ready.finish()
    }

    private func heard() {
        notified.withLock { $0 = true }
        for handler in handlers.withLock({ $0 }) { handler() }
    }
}
