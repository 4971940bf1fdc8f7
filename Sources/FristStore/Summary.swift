internal import GRDB

extension Store {
    /// What `frist status` shows: one consistent snapshot of the outbox.
    public struct Summary: Sendable, Equatable {
        /// Rows per state; every state is present (0 when none).
        public let counts: [State: Int]
        /// Pending rows that have failed at least once (waiting for a retry), next retry first.
        public let failing: [Item]
        /// Dead letters, most recently given up first, at most 50.
        public let dead: [Item]

        public init(counts: [State: Int], failing: [Item], dead: [Item]) {
            self.counts = counts
            self.failing = failing
            self.dead = dead
        }
    }

    /// The outbox at a glance, for `frist status`.
    public func summary() throws -> Summary {
        try read { db in
            var counts = Dictionary(uniqueKeysWithValues: State.allCases.map { ($0, 0) })
            // One count per state, each from that state's own index: no scan of the whole outbox.
            for state in State.allCases {
                counts[state] = try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = \(state.sql)") ?? 0
            }
            let failing = try Self.items(db, """
                FROM outbox WHERE state = \(State.pending.sql) AND attempts > 0
                ORDER BY next_attempt_at, key, channel
                """)
            let dead = try Self.items(db, """
                FROM outbox WHERE state = \(State.dead.sql)
                ORDER BY last_attempt_at DESC, key, channel LIMIT 50
                """)
            return Summary(counts: counts, failing: failing, dead: dead)
        }
    }

    /// What `frist history` shows: rows delivered at or after `since` (seconds since the
    /// epoch), newest first, at most `limit`.
    public func history(since: Double, limit: Int) throws -> [Item] {
        try read { db in
            try Self.items(db, """
                FROM outbox WHERE state = \(State.sent.sql) AND sent_at >= ?
                ORDER BY sent_at DESC, key, channel LIMIT ?
                """, arguments: [since, limit])
        }
    }
}
