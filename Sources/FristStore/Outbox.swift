internal import GRDB

extension Store {
    /// Where an outbox row stands.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Waiting for its `nextAttemptAt` (first try, or a retry).
        case pending
        /// Claimed by the daemon and being sent. Left over after a crash, it goes back to
        /// pending at the next start (``Store/requeueInflight()``) and is sent again, same key.
        case inflight
        /// Delivered.
        case sent
        /// Given up: a permanent error, or retries ran past `max_age`. `lastError` says why.
        case dead
        /// Never sent: missed while the daemon was down (older than `catch_up`), acknowledged
        /// before it went out, or held past `max_age`. `lastError` says why.
        case skipped
        /// Due, but its milestone or channel is not in the running configuration (a schedule
        /// caught half-saved, a folder moved for a moment): kept, not sent, until a reload
        /// brings it back (``Store/releaseHeld(now:)``), or dropped once `nextAttemptAt` passes.
        case held

        /// The state as an SQL string literal (`'pending'`), for the statements of every store to
        /// take their state names from here. Interpolated into the statement's text, not bound:
        /// SQLite and PostgreSQL use a partial index (`… WHERE state = 'pending'`) only for a
        /// query that names the same literal, and the text stays the same from call to call, so
        /// a prepared statement stays one.
        public var sql: String { "'\(rawValue)'" }
    }

    /// One outbox row: a reminder (by its stable key) on one channel.
    /// A reminder due on a channel, as the planner hands it to the outbox.
    public struct Planned: Sendable, Hashable {
        /// The reminder key.
        public let key: String
        public let channel: String
        /// When it falls due (seconds since the epoch).
        public let dueAt: Int64

        public init(_ key: String, _ channel: String, _ dueAt: Int64) {
            self.key = key
            self.channel = channel
            self.dueAt = dueAt
        }
    }

    public struct Item: Sendable, Equatable, Hashable {
        /// The reminder's key, `project/milestone@YYYY-MM-DD#kind[-offset]`.
        public let key: String
        /// The channel's name in the config.
        public let channel: String
        /// The reminder's instant, UTC seconds since the epoch.
        public let dueAt: Int64
        public let state: State
        /// Attempts finished so far (successful or not).
        public let attempts: Int
        /// When a pending row is to be tried (seconds since the epoch).
        public let nextAttemptAt: Double
        /// When the first attempt finished; nil before any.
        public let firstAttemptAt: Double?
        /// The last failure's reason (for skipped rows: why skipped). Kept after a later success.
        public let lastError: String?
        /// The gateway's status (HTTP status, SMTP reply code, 0 for none) at the last attempt.
        public let lastStatus: Int?
        /// When it was delivered.
        public let sentAt: Double?
        /// The claim this row is held under (a fencing token): a shared store counts up at each
        /// claim, so a send may go only while the row still carries the claim it was taken with.
        /// Always 0 in the embedded store.
        public let claim: Int64

        public var id: RowID { RowID(key: key, channel: channel) }

        public init(key: String, channel: String, dueAt: Int64, state: State, attempts: Int,
                    nextAttemptAt: Double, firstAttemptAt: Double?, lastError: String?, lastStatus: Int?,
                    sentAt: Double?, claim: Int64 = 0) {
            self.key = key
            self.channel = channel
            self.dueAt = dueAt
            self.state = state
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
            self.firstAttemptAt = firstAttemptAt
            self.lastError = lastError
            self.lastStatus = lastStatus
            self.sentAt = sentAt
            self.claim = claim
        }
    }

    /// How an attempt ended, as the caller (the retry policy) decided.
    public enum Result: Sendable, Equatable {
        /// Delivered: the row becomes sent.
        case sent
        /// Failed, try again at `at` (seconds since the epoch): the row goes back to pending.
        case retry(at: Double, reason: String)
        /// Failed for good: the row goes to the dead letters.
        case dead(reason: String)
        /// Not tried (nothing to send it with in the running configuration): the row is held
        /// until `until`, then skipped. Counts no attempt and records none.
        case hold(until: Double, reason: String)
        /// Not tried, and never to be (acknowledged before it went out): the row is skipped.
        case skip(reason: String)
        /// Not tried, and not this node's to try now (its heartbeat went stale while it held
        /// the row): the row goes back to pending, due as it was, for any node. Counts no attempt.
        case release

        /// The one word an attempt's row records: sent, retry, dead, held, skipped.
        public var word: String {
            switch self {
            case .sent: "sent"
            case .retry: "retry"
            case .dead: "dead"
            case .hold: "held"
            case .skip: "skipped"
            case .release: "released"
            }
        }
    }

    /// One recorded delivery attempt.
    public struct Attempt: Sendable, Equatable, Hashable {
        public let key: String
        public let channel: String
        /// When the attempt finished (seconds since the epoch).
        public let at: Double
        /// HTTP status or SMTP reply code; 0 when nothing came back.
        public let status: Int
        /// How it went, for people (e.g. `delivered`, `HTTP 503`).
        public let outcome: String
        /// The gateway's reply (already redacted and shortened by the caller).
        public let reply: String
        /// How long the attempt took.
        public let seconds: Double
    }

    /// An ``Item``'s columns, in the order ``item(_:)`` reads them.
    private static let itemColumns = """
        key, channel, due_at, state, attempts, next_attempt_at, first_attempt_at, last_error, \
        last_status, sent_at
        """

    /// Reads by position, not name: a burst reads thousands of rows.
    private static func item(_ row: Row) throws -> Item {
        let stateText: String = row[3]
        guard let state = State(rawValue: stateText) else {
            throw DatabaseError(message: "unknown outbox state '\(stateText)'")
        }
        return Item(key: row[0], channel: row[1], dueAt: row[2], state: state, attempts: row[4],
                    nextAttemptAt: row[5], firstAttemptAt: row[6], lastError: row[7], lastStatus: row[8],
                    sentAt: row[9])
    }

    /// `SELECT` the item columns followed by `rest` (`FROM outbox WHERE …`).
    static func items(_ db: Database, _ rest: String, arguments: StatementArguments = StatementArguments()) throws
        -> [Item]
    {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT \(itemColumns) " + rest), arguments: arguments).map(item)
    }

    // MARK: - Writing the outbox

    /// Adds a pending row, due at `dueAt`, for each (key, channel) not yet in the outbox;
    /// rows already there, in any state, are left exactly as they are. One transaction.
    ///
    /// With `plannedThrough`, records in the same transaction that everything due up to that
    /// instant is now in the outbox (``lastPlanned()``): the last of several batches says so.
    ///
    /// - Returns: how many rows were new.
    func enqueue(_ entries: [Planned],
                        plannedThrough: Int64? = nil) throws -> Int {
        try insert(entries, state: .pending, reason: nil, plannedThrough: plannedThrough)
    }

    /// Like ``enqueue(_:)``, but the new rows are recorded as skipped, never to be sent, with
    /// `reason` in `lastError` (e.g. missed while the daemon was down, older than `catch_up`).
    ///
    /// - Returns: how many rows were new.
    public func recordSkipped(_ entries: [Planned], reason: String) throws
        -> Int
    {
        try insert(entries, state: .skipped, reason: reason)
    }

    private func insert(_ entries: [Planned], state: State,
                        reason: String?, plannedThrough: Int64? = nil) throws -> Int {
        if entries.isEmpty && plannedThrough == nil { return 0 }
        return try write { db in
            try Self.insert(db, entries, state: state, reason: reason, plannedThrough: plannedThrough)
        }
    }

    private static func insert(_ db: Database, _ entries: [Planned],
                               state: State, reason: String?, plannedThrough: Int64?) throws -> Int {
        if let plannedThrough { try setLastPlanned(db, plannedThrough) }
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO outbox (key, channel, due_at, state, next_attempt_at, last_error)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        var added = 0
        for entry in entries {
            try statement.execute(arguments: [entry.key, entry.channel, entry.dueAt, state.rawValue,
                                              Double(entry.dueAt), reason])
            added += db.changesCount
        }
        return added
    }

    /// Takes up to `limit` pending rows whose `nextAttemptAt` is at or before `now`, oldest
    /// first, and marks them inflight, all in one transaction: a second claim does not see them.
    ///
    /// - Returns: the claimed rows, in their new (inflight) state.
    /// Rows of the channels in `excluding` (paused by a gateway's `Retry-After`) stay pending.
    ///
    /// - Returns: the claimed rows, in their new (inflight) state.
    func claimDue(now: Double, limit: Int, excluding: Set<String> = []) throws -> [Item] {
        guard limit > 0 else { return [] }
        return try write { db in try Self.claimDue(db, now: now, limit: limit, excluding: excluding) }
    }

    private static func claimDue(_ db: Database, now: Double, limit: Int, excluding: Set<String>) throws -> [Item] {
        guard limit > 0 else { return [] }
        let due = try items(db, """
            FROM outbox WHERE state = \(State.pending.sql) AND next_attempt_at <= ?\(notIn(excluding))
            ORDER BY next_attempt_at, due_at, key, channel
            LIMIT ?
            """, arguments: StatementArguments([now] + excluding.sorted().map { $0 as any DatabaseValueConvertible } + [limit]))
        let mark = try db.cachedStatement(sql: "UPDATE outbox SET state = \(State.inflight.sql) WHERE key = ? AND channel = ?")
        return try due.map { item in
            try mark.execute(arguments: [item.key, item.channel])
            return Item(key: item.key, channel: item.channel, dueAt: item.dueAt, state: .inflight,
                        attempts: item.attempts, nextAttemptAt: item.nextAttemptAt,
                        firstAttemptAt: item.firstAttemptAt, lastError: item.lastError,
                        lastStatus: item.lastStatus, sentAt: item.sentAt)
        }
    }

    /// One step of the daemon's drain, in one transaction: records `finished` attempts (as
    /// ``finishAll(_:)``), adds `entries` to the outbox (as ``enqueue(_:plannedThrough:)``),
    /// then claims up to `limit` due rows (as ``claimDue(now:limit:)``). A burst commits once
    /// per step instead of three times; if anything fails, none of it happened.
    ///
    /// - Returns: how many rows were new, and the claimed rows.
    public func drainStep(finishing finished: [Finished],
                          enqueueing entries: [Planned],
                          plannedThrough: Int64?, claimingDueAt now: Double, limit: Int,
                          excluding: Set<String> = []) throws
        -> (added: Int, claimed: [Item])
    {
        if finished.isEmpty && entries.isEmpty && plannedThrough == nil && limit <= 0 { return (0, []) }
        return try write { db in
            try Self.finishAll(db, finished, path: path)
            let added = try Self.insert(db, entries, state: .pending, reason: nil, plannedThrough: plannedThrough)
            return (added, try Self.claimDue(db, now: now, limit: limit, excluding: excluding))
        }
    }

    /// ` AND channel NOT IN (?, …)` for a non-empty set, its values bound in sorted order.
    private static func notIn(_ channels: Set<String>) -> String {
        channels.isEmpty ? "" : " AND channel NOT IN (\(databaseQuestionMarks(count: channels.count)))"
    }

    /// Records one finished attempt (in the attempts table) and moves the row on, in one
    /// transaction: to sent (`sentAt = at`), back to pending at the retry time, or to the dead
    /// letters. Every outcome counts the attempt in `attempts`, sets `firstAttemptAt` if it was
    /// nil, and records `status` in `lastStatus`; a retry or dead letter records its reason in
    /// `lastError`.
    ///
    /// - Parameters:
    ///   - at: when the attempt finished.
    ///   - status: HTTP status or SMTP reply code; 0 when nothing came back.
    ///   - outcome: how it went, for people.
    ///   - reply: the gateway's reply, already redacted.
    ///   - seconds: how long the attempt took.
    /// - Throws: ``StoreError`` if there is no such row.
    func finish(key: String, channel: String, at: Double, status: Int, reply: String,
                       seconds: Double, result: Result) throws {
        try finishAll([Finished(key: key, channel: channel, at: at, status: status, reply: reply,
                                seconds: seconds, result: result)])
    }

    /// The end of one attempt, as ``finishAll(_:)`` records it.
    public struct Finished: Sendable {
        public let key: String
        public let channel: String
        public let at: Double
        public let status: Int
        public let reply: String
        public let seconds: Double
        public let result: Result
        /// The claim the row was sent under (``Item/claim``).
        public let claim: Int64
        /// How the attempt's row records it: the result's word.
        public var outcome: String { result.word }

        public init(key: String, channel: String, at: Double, status: Int, reply: String,
                    seconds: Double, result: Result, claim: Int64 = 0) {
            self.key = key
            self.channel = channel
            self.at = at
            self.status = status
            self.reply = reply
            self.seconds = seconds
            self.result = result
            self.claim = claim
        }
    }

    /// Records several attempts in one transaction (a burst writes once per batch, not per send).
    func finishAll(_ attempts: [Finished]) throws {
        guard !attempts.isEmpty else { return }
        try write { db in try Self.finishAll(db, attempts, path: path) }
    }

    private static func finishAll(_ db: Database, _ attempts: [Finished], path: String) throws {
        guard !attempts.isEmpty else { return }
        // Prepared once per connection, positional arguments: a burst records thousands of attempts.
        let insert = try db.cachedStatement(sql: """
            INSERT INTO attempts (key, channel, at, status, outcome, reply, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let common = """
            UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?1),
            last_attempt_at = ?1, last_status = ?2,
            """
        let sent = try db.cachedStatement(sql: common + """
             state = \(State.sent.sql), sent_at = ?1 WHERE key = ?3 AND channel = ?4
            """)
        let retry = try db.cachedStatement(sql: common + """
             state = \(State.pending.sql), next_attempt_at = ?5, last_error = ?6 WHERE key = ?3 AND channel = ?4
            """)
        let dead = try db.cachedStatement(sql: common + """
             state = \(State.dead.sql), last_error = ?5 WHERE key = ?3 AND channel = ?4
            """)
        for f in attempts {
            switch f.result {
            case .hold(let until, let reason):
                try db.cachedStatement(sql: """
                    UPDATE outbox SET state = \(State.held.sql), next_attempt_at = ?, last_error = ? WHERE key = ? AND channel = ?
                    """).execute(arguments: [until, reason, f.key, f.channel])
                continue
            case .skip(let reason):
                try db.cachedStatement(sql: """
                    UPDATE outbox SET state = \(State.skipped.sql), last_error = ? WHERE key = ? AND channel = ?
                    """).execute(arguments: [reason, f.key, f.channel])
                continue
            case .release:
                try db.cachedStatement(sql: """
                    UPDATE outbox SET state = \(State.pending.sql) WHERE key = ? AND channel = ? AND state = \(State.inflight.sql)
                    """).execute(arguments: [f.key, f.channel])
                continue
            case .sent, .retry, .dead:
                break
            }
            try insert.execute(arguments: [f.key, f.channel, f.at, f.status, f.outcome, f.reply, f.seconds])
            switch f.result {
            case .sent:
                try sent.execute(arguments: [f.at, f.status, f.key, f.channel])
            case .retry(let next, let reason):
                try retry.execute(arguments: [f.at, f.status, f.key, f.channel, next, reason])
            case .dead(let reason):
                try dead.execute(arguments: [f.at, f.status, f.key, f.channel, reason])
            case .hold, .skip, .release:
                break
            }
            if db.changesCount == 0 {
                throw StoreError(path: path,
                                 description: "state database \(path): no outbox row for \(f.key) on \(f.channel)")
            }
        }
    }

    /// At start: rows a crash left inflight go back to pending, to be sent again with the same
    /// key (their `nextAttemptAt` is already past, so they are due at once).
    ///
    /// - Returns: how many rows went back.
    public func requeueInflight() throws -> Int {
        try write { db in
            try db.execute(sql: "UPDATE outbox SET state = \(State.pending.sql) WHERE state = \(State.inflight.sql)")
            return db.changesCount
        }
    }

    /// Marks the pending rows of an acknowledged `target` (an occurrence,
    /// `project/milestone@YYYY-MM-DD`, or a whole milestone, `project/milestone`) as skipped
    /// with reason `acknowledged`: they will not be sent. Rows being sent, sent, dead or skipped
    /// are left alone.
    ///
    /// - Returns: how many rows were cancelled.
    public func cancelPending(acknowledged target: String) throws -> Int {
        try write { db in try Self.cancelPending(db, target: target) }
    }

    static func cancelPending(_ db: Database, target: String) throws -> Int {
        // An occurrence's keys continue with '#', a whole milestone's with '@'; matched exactly (no wildcards).
        let prefix = target + (target.contains("@") ? "#" : "@")
        try db.execute(sql: """
            UPDATE outbox SET state = \(State.skipped.sql), last_error = 'acknowledged'
            WHERE state = \(State.pending.sql) AND substr(key, 1, length(:prefix)) = :prefix
            """, arguments: ["prefix": prefix])
        return db.changesCount
    }

    /// Held rows go back to pending, due at `now`: a reload may have brought their milestone
    /// or channel back (those still missing are held again when next claimed).
    ///
    /// - Returns: how many rows were released.
    public func releaseHeld(now: Double) throws -> Int {
        try write { db in
            try db.execute(sql: "UPDATE outbox SET state = \(State.pending.sql), next_attempt_at = ? WHERE state = \(State.held.sql)",
                           arguments: [now])
            return db.changesCount
        }
    }

    /// Held rows whose hold ran out by `now` are skipped with `reason`: their milestone or
    /// channel stayed gone past `max_age`. Not delivery failures: no attempt is recorded.
    ///
    /// - Returns: how many rows were dropped.
    public func dropExpiredHeld(now: Double, reason: String) throws -> Int {
        guard try read({ db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE state = \(State.held.sql) AND next_attempt_at <= ? LIMIT 1",
                              arguments: [now]) ?? false
        }) else { return 0 }
        return try write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = \(State.skipped.sql), last_error = ? WHERE state = \(State.held.sql) AND next_attempt_at <= ?
                """, arguments: [reason, now])
            return db.changesCount
        }
    }

    /// Dead letters back to the queue (`frist retry`), due at once under the same keys (from
    /// their own instant, whatever the daemon's clock): all
    /// of them, or the rows of the reminder keys in `keys` (every channel). Their retries start
    /// afresh (`max_age` counts from the next attempt); the attempts so far stay in the history.
    /// If any of `keys` has no dead letter, nothing is requeued.
    ///
    /// - Returns: the rows requeued, and the keys that have no dead letter.
    public func retryDead(keys: [String]?) throws -> (requeued: [Item], missing: [String]) {
        try write { db in
            let filter = keys.map { " AND key IN (\(databaseQuestionMarks(count: $0.count)))" } ?? ""
            let arguments = StatementArguments(keys ?? [])
            let rows = try Self.items(db, "FROM outbox WHERE state = \(State.dead.sql)" + filter + " ORDER BY key, channel",
                                      arguments: arguments)
            let missing = Set(keys ?? []).subtracting(rows.map(\.key)).sorted()
            guard missing.isEmpty else { return ([], missing) }
            try db.execute(sql: """
                UPDATE outbox SET state = \(State.pending.sql), next_attempt_at = due_at, attempts = 0, first_attempt_at = NULL
                WHERE state = \(State.dead.sql)
                """ + filter, arguments: arguments)
            return (rows, [])
        }
    }

    /// The most recently skipped rows (missed while down, acknowledged, dropped), latest first.
    public func skipped(limit: Int) throws -> [Item] {
        try read { db in
            try Self.items(db, "FROM outbox WHERE state = \(State.skipped.sql) ORDER BY due_at DESC, key, channel LIMIT ?",
                           arguments: [limit])
        }
    }

    // MARK: - Reading the outbox

    /// When the daemon next has work: the earliest `nextAttemptAt` among pending rows (of the
    /// channels not in `excluding`) and held rows (their hold running out). Nil if none.
    public func nextAttemptAt(excluding: Set<String> = []) throws -> Double? {
        try read { db in
            let pending = try Double.fetchOne(db, sql: """
                SELECT min(next_attempt_at) FROM outbox WHERE state = \(State.pending.sql)\(Self.notIn(excluding))
                """, arguments: StatementArguments(excluding.sorted()))
            let held = try Double.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM outbox WHERE state = \(State.held.sql)")
            return [pending, held].compactMap { $0 }.min()
        }
    }

    /// A channel's backlog, for the daemon's summary of a failing channel: rows waiting to be
    /// sent (pending or inflight) and the earliest next try.
    public func waiting(channel: String) throws -> (count: Int, nextAttemptAt: Double?) {
        try read { db in
            let count = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM outbox WHERE state IN (\(State.pending.sql), \(State.inflight.sql)) AND channel = ?
                """, arguments: [channel]) ?? 0
            let next = try Double.fetchOne(db, sql: """
                SELECT min(next_attempt_at) FROM outbox WHERE state = \(State.pending.sql) AND channel = ?
                """, arguments: [channel])
            return (count, next)
        }
    }

    /// One row, if it exists.
    func item(key: String, channel: String) throws -> Item? {
        try read { db in
            try Self.items(db, "FROM outbox WHERE key = ? AND channel = ?",
                           arguments: [key, channel]).first
        }
    }

    /// The attempts recorded for one row, oldest first.
    func attempts(key: String, channel: String) throws -> [Attempt] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, channel, at, status, outcome, reply, seconds FROM attempts
                WHERE key = ? AND channel = ? ORDER BY at, id
                """, arguments: [key, channel]).map { row in
                Attempt(key: row["key"], channel: row["channel"], at: row["at"], status: row["status"],
                        outcome: row["outcome"], reply: row["reply"], seconds: row["seconds"])
            }
        }
    }
}
