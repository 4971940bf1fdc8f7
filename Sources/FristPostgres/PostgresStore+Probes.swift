internal import FristStore
internal import PostgresNIO

/// What only the tests ask of the shared store, read straight from its tables.
extension PostgresStore {
    /// One row, if it exists.
    func item(key: String, channel: String) async throws -> Store.Item? {
        try await run { connection in
            try await Self.items(connection.statement("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox WHERE key = \(key) AND channel = \(channel)
                """, logger: self.logger)).first
        }
    }

    /// The outcomes of the attempts recorded for one row, oldest first.
    func attemptOutcomes(key: String, channel: String) async throws -> [String] {
        try await run { connection in
            var outcomes: [String] = []
            let rows = try await connection.statement("""
                SELECT outcome FROM attempts WHERE key = \(key) AND channel = \(channel) ORDER BY at, id
                """, logger: self.logger)
            for try await outcome in rows.decode(String.self) { outcomes.append(outcome) }
            return outcomes
        }
    }

    /// The migrations recorded, with how many times each (once, always).
    func migrationCounts() async throws -> [String: Int] {
        try await run { connection in
            var counts: [String: Int] = [:]
            let rows = try await connection.statement("SELECT version, count(*) FROM frist_migrations GROUP BY version", logger: self.logger)
            for try await (version, count) in rows.decode((String, Int).self) { counts[version] = count }
            return counts
        }
    }

    /// Moves a node's last beat `seconds` into the past, as if it had been silent that long.
    func silence(node: String, for seconds: Double) async throws {
        try await run { connection in
            try await connection.statement("""
                UPDATE nodes SET heartbeat_at = now() - make_interval(secs => \(seconds)) WHERE name = \(node)
                """, logger: self.logger)
            return ()
        }
    }
}
