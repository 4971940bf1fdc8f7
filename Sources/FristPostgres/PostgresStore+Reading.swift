public import FristStore
internal import PostgresNIO

extension PostgresStore {
    public func summary() async throws -> Store.Summary {
        let pending = Store.State.pending.sql
        let dead = Store.State.dead.sql
        // One snapshot for the three reads, as `frist status` shows them together.
        return try await transaction { connection in
            try await connection.statement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            var counts = Dictionary(uniqueKeysWithValues: Store.State.allCases.map { ($0, 0) })
            let rows = try await connection.statement("SELECT state, count(*) FROM outbox GROUP BY state", logger: self.logger)
            for try await (state, count) in rows.decode((String, Int).self) {
                guard let known = Store.State(rawValue: state) else { throw UnknownState(text: state) }
                counts[known] = count
            }
            let failing = try await Self.items(connection.statement("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox WHERE state = \(unescaped: pending) AND attempts > 0
                ORDER BY next_attempt_at, key, channel
                """, logger: self.logger))
            let deadRows = try await Self.items(connection.statement("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox WHERE state = \(unescaped: dead)
                ORDER BY last_attempt_at DESC NULLS LAST, key, channel LIMIT 50
                """, logger: self.logger))
            return Store.Summary(counts: counts, failing: failing, dead: deadRows)
        }
    }

    public func history(since: Double, limit: Int) async throws -> [Store.Item] {
        let sent = Store.State.sent.sql
        return try await run { connection in
            try await Self.items(connection.statement("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox WHERE state = \(unescaped: sent) AND sent_at >= \(since)
                ORDER BY sent_at DESC NULLS LAST, key, channel LIMIT \(limit)
                """, logger: self.logger))
        }
    }

    public func skipped(limit: Int) async throws -> [Store.Item] {
        let skipped = Store.State.skipped.sql
        return try await run { connection in
            try await Self.items(connection.statement("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox WHERE state = \(unescaped: skipped)
                ORDER BY due_at DESC, key, channel LIMIT \(limit)
                """, logger: self.logger))
        }
    }
}
