internal import FristStore
internal import PostgresNIO

/// What only the tests ask of the shared store, read straight from its tables.
extension PostgresStore {
    /// One row, if it exists.
    func item(key: String, channel: String) async throws -> Store.Item? {
        try await run { client in
            try await Self.items(client.query("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox WHERE key = \(key) AND channel = \(channel)
                """)).first
        }
    }

    /// The outcomes of the attempts recorded for one row, oldest first.
    func attemptOutcomes(key: String, channel: String) async throws -> [String] {
        try await run { client in
            var outcomes: [String] = []
            let rows = try await client.query("""
                SELECT outcome FROM attempts WHERE key = \(key) AND channel = \(channel) ORDER BY at, id
                """)
            for try await outcome in rows.decode(String.self) { outcomes.append(outcome) }
            return outcomes
        }
    }

    /// The migrations recorded, with how many times each (once, always).
    func migrationCounts() async throws -> [String: Int] {
        try await run { client in
            var counts: [String: Int] = [:]
            let rows = try await client.query("SELECT version, count(*) FROM frist_migrations GROUP BY version")
            for try await (version, count) in rows.decode((String, Int).self) { counts[version] = count }
            return counts
        }
    }

    /// Moves a node's last beat `seconds` into the past, as if it had been silent that long.
    func silence(node: String, for seconds: Double) async throws {
        try await run { client in
            try await client.query("""
                UPDATE nodes SET heartbeat_at = now() - make_interval(secs => \(seconds)) WHERE name = \(node)
                """)
            return ()
        }
    }
}
