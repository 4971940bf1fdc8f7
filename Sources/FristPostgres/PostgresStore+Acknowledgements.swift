public import FristCore
public import FristStore
internal import PostgresNIO

extension PostgresStore {
    /// The reason a row skipped by an acknowledgement records (as the SQLite store writes it).
    static let acknowledged = "acknowledged"

    /// The keys of a target's reminders begin with this: an occurrence's continue with `#`, a
    /// whole milestone's with `@` (matched exactly, no wildcards).
    static func keyPrefix(_ target: String) -> String {
        target + (target.contains("@") ? "#" : "@")
    }

    @discardableResult
    public func acknowledge(_ target: String, doneOn: String, note: String?, at: Double) async throws -> Int {
        try await transaction { connection in
            try await connection.statement("""
                INSERT INTO acks (target, done_on, note, at) VALUES (\(target), \(doneOn), \(note), \(at))
                ON CONFLICT (target) DO UPDATE SET done_on = excluded.done_on, note = excluded.note, at = excluded.at
                """, logger: self.logger)
            let dropped = try await self.cancelPending(connection, target: target)
            try await self.notify(connection)
            return dropped
        }
    }

    public func cancelPending(acknowledged target: String) async throws -> Int {
        try await transaction { connection in
            let dropped = try await self.cancelPending(connection, target: target)
            if dropped > 0 { try await self.notify(connection) }
            return dropped
        }
    }

    private func cancelPending(_ connection: PostgresNIO.PostgresConnection, target: String) async throws -> Int {
        let rows = try await connection.statement("""
            WITH dropped AS (
                UPDATE outbox SET state = \(unescaped: Store.State.skipped.sql), last_error = \(Self.acknowledged)
                WHERE state = \(unescaped: Store.State.pending.sql) AND starts_with(key, \(Self.keyPrefix(target)))
                RETURNING 1
            )
            SELECT count(*) FROM dropped
            """, logger: logger)
        return try await Self.scalar(rows, Int.self) ?? 0
    }

    public func unacknowledge(_ target: String) async throws -> (removed: Bool, restored: Int) {
        let (removed, restored) = try await transaction { connection in
            let removed = try await Self.scalar(connection.statement("""
                WITH gone AS (DELETE FROM acks WHERE target = \(target) RETURNING 1) SELECT count(*) FROM gone
                """, logger: self.logger), Int.self) ?? 0
            let restored = try await Self.scalar(connection.statement("""
                WITH back AS (
                    UPDATE outbox SET state = \(unescaped: Store.State.pending.sql), next_attempt_at = due_at, last_error = NULL
                    WHERE state = \(unescaped: Store.State.skipped.sql) AND last_error = \(Self.acknowledged)
                      AND starts_with(key, \(Self.keyPrefix(target)))
                    RETURNING 1
                )
                SELECT count(*) FROM back
                """, logger: self.logger), Int.self) ?? 0
            if removed > 0 || restored > 0 { try await self.notify(connection) }
            return (removed > 0, restored)
        }
        return (removed, restored)
    }

    public func acknowledgements() async throws -> [Store.Ack] {
        try await run { connection in
            var acks: [Store.Ack] = []
            let rows = try await connection.statement("SELECT target, done_on, note, at FROM acks ORDER BY target", logger: self.logger)
            for try await (target, doneOn, note, at) in rows.decode((String, String, String?, Double).self) {
                acks.append(Store.Ack(target: target, doneOn: doneOn, note: note, at: at))
            }
            return acks
        }
    }

    public func acknowledgementSet() async throws -> Acknowledgements {
        Acknowledgements(try await acknowledgements().compactMap { ack in
            LocalDate(iso: ack.doneOn).map { Acknowledgements.Entry(target: ack.target, doneOn: $0.dayNumber, note: ack.note) }
        })
    }
}
