@testable import FristStore
import GRDB

/// What only the tests ask of the outbox, read straight from its table.
extension Store {
    /// Which of `keys` have at least one outbox row (on any channel, in any state).
    func existingKeys(_ keys: [String]) throws -> Set<String> {
        if keys.isEmpty { return [] }
        let unique = Array(Set(keys))
        return try read { db in
            let sql = "SELECT DISTINCT key FROM outbox WHERE key IN (\(databaseQuestionMarks(count: unique.count)))"
            return Set(try String.fetchAll(db, sql: sql, arguments: StatementArguments(unique)))
        }
    }

    /// The pending row to be tried next, if any.
    func nextPending() throws -> Item? {
        try read { db in
            try Self.items(db, """
                FROM outbox WHERE state = 'pending'
                ORDER BY next_attempt_at, due_at, key, channel LIMIT 1
                """).first
        }
    }
}
