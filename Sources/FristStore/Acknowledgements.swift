internal import GRDB
public import FristCore

extension Store {
    /// An acknowledgement (`frist ack`): an occurrence `project/milestone@YYYY-MM-DD`, or a
    /// whole milestone `project/milestone` (all its occurrences), done on a date.
    public struct Ack: Sendable, Equatable, Hashable {
        /// `project/milestone@YYYY-MM-DD` or `project/milestone`.
        public let target: String
        /// The local date it was done, `YYYY-MM-DD`.
        public let doneOn: String
        /// The note given with `--note`, if any.
        public let note: String?
        /// When it was recorded (seconds since the epoch).
        public let at: Double

        public init(target: String, doneOn: String, note: String?, at: Double) {
            self.target = target
            self.doneOn = doneOn
            self.note = note
            self.at = at
        }
    }

    /// Records `target` as done on `doneOn` and drops its queued reminders, in one transaction;
    /// acknowledging it again replaces the date, note and time. Safe while the daemon runs:
    /// waits for its writes instead of failing.
    ///
    /// - Returns: how many queued reminders were dropped.
    @discardableResult
    public func acknowledge(_ target: String, doneOn: String, note: String?, at: Double) throws -> Int {
        try write { db in
            try db.execute(sql: """
                INSERT INTO acks (target, done_on, note, at) VALUES (?, ?, ?, ?)
                ON CONFLICT (target) DO UPDATE SET done_on = excluded.done_on, note = excluded.note, at = excluded.at
                """, arguments: [target, doneOn, note, at])
            return try Self.cancelPending(db, target: target)
        }
    }

    /// Undoes ``acknowledge(_:doneOn:note:at:)``: the acknowledgement goes, and the rows it
    /// cancelled (skipped as `acknowledged`) are due again at once (from their own instant,
    /// whatever the daemon's clock), under the same keys.
    ///
    /// - Returns: whether there was such an acknowledgement, and how many rows came back.
    public func unacknowledge(_ target: String) throws -> (removed: Bool, restored: Int) {
        try write { db in
            try db.execute(sql: "DELETE FROM acks WHERE target = ?", arguments: [target])
            let removed = db.changesCount > 0
            let prefix = target + (target.contains("@") ? "#" : "@")
            try db.execute(sql: """
                UPDATE outbox SET state = \(State.pending.sql), next_attempt_at = due_at, last_error = NULL
                WHERE state = \(State.skipped.sql) AND last_error = 'acknowledged' AND substr(key, 1, length(:prefix)) = :prefix
                """, arguments: ["prefix": prefix])
            return (removed, db.changesCount)
        }
    }

    /// All acknowledgements, by target.
    public func acknowledgements() throws -> [Ack] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT target, done_on, note, at FROM acks ORDER BY target").map { row in
                Ack(target: row["target"], doneOn: row["done_on"], note: row["note"], at: row["at"])
            }
        }
    }

    /// All acknowledgements, as the planner applies them.
    public func acknowledgementSet() throws -> Acknowledgements {
        Acknowledgements(try acknowledgements().compactMap { ack in
            LocalDate(iso: ack.doneOn).map { Acknowledgements.Entry(target: ack.target, doneOn: $0.dayNumber, note: ack.note) }
        })
    }

    // MARK: - Metadata

    /// The last instant (UTC seconds) the daemon planned through, nil before the first run.
    public func lastPlanned() throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'last_planned'")
        }
    }

    /// Records the instant (UTC seconds) the daemon has planned through.
    public func setLastPlanned(_ instant: Int64) throws {
        try write { db in try Self.setLastPlanned(db, instant) }
    }

    static func setLastPlanned(_ db: Database, _ instant: Int64) throws {
        try db.execute(sql: """
            INSERT INTO meta (name, value) VALUES ('last_planned', ?)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """, arguments: [instant])
    }
}
