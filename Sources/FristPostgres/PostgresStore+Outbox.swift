public import FristStore
internal import PostgresNIO

extension PostgresStore {
    /// An ``Store/Item``'s columns, in the order ``items(_:)`` reads them.
    static let itemColumns = """
        key, channel, due_at, state, attempts, next_attempt_at, first_attempt_at, last_error, last_status, sent_at, claim
        """

    /// The rows of a query that selects ``itemColumns``.
    static func items(_ rows: PostgresRowSequence) async throws -> [Store.Item] {
        var items: [Store.Item] = []
        for try await row in rows {
            let (key, channel, dueAt, stateText, attempts, next, first, lastError, lastStatus, sentAt, claim) =
                try row.decode((String, String, Int64, String, Int, Double, Double?, String?, Int?, Double?, Int64).self)
            guard let state = Store.State(rawValue: stateText) else {
                throw UnknownState(text: stateText)
            }
            items.append(Store.Item(key: key, channel: channel, dueAt: dueAt, state: state, attempts: attempts,
                                    nextAttemptAt: next, firstAttemptAt: first, lastError: lastError,
                                    lastStatus: lastStatus, sentAt: sentAt, claim: claim))
        }
        return items
    }

    struct UnknownState: Error, CustomStringConvertible {
        let text: String
        var description: String { "unknown outbox state '\(text)'" }
    }

    /// The first column of the first row, or nil.
    static func scalar<T: PostgresDecodable & Sendable>(_ rows: PostgresRowSequence, _ type: T.Type) async throws -> T?
        where T._DecodableType == T
    {
        var value: T?
        for try await cell in rows.decode(T?.self) where value == nil { value = cell }
        return value
    }

    // MARK: Planning

    public func lastPlanned() async throws -> Int64? {
        try await run { connection in
            try await Self.scalar(connection.statement("SELECT value FROM meta WHERE name = 'last_planned'", logger: self.logger), Int64.self)
        }
    }

    public func setLastPlanned(_ instant: Int64) async throws {
        _ = try await run { connection in
            try await connection.statement(Self.setLastPlannedQuery(instant), logger: self.logger)
        }
    }

    /// Moves `last_planned` to `instant`, never back: two nodes planning the same window agree.
    static func setLastPlannedQuery(_ instant: Int64) -> PostgresQuery {
        """
        INSERT INTO meta (name, value) VALUES ('last_planned', \(instant))
        ON CONFLICT (name) DO UPDATE SET value = GREATEST(meta.value, excluded.value)
        """
    }

    @discardableResult
    public func recordSkipped(_ entries: [Store.Planned], reason: String) async throws -> Int {
        if entries.isEmpty { return 0 }
        return try await transaction { connection in
            let added = try await self.insert(connection, entries, state: .skipped, reason: reason)
            if added > 0 { try await self.notify(connection) }
            return added
        }
    }

    /// Adds a row for each entry not yet there (in one statement, however many): `state`, due
    /// at its instant, `reason` as its last error. Returns how many were new.
    func insert(_ connection: PostgresNIO.PostgresConnection, _ entries: [Store.Planned], state: Store.State,
                reason: String?) async throws -> Int {
        if entries.isEmpty { return 0 }
        let rows = try await connection.statement("""
            WITH added AS (
                INSERT INTO outbox (key, channel, due_at, state, next_attempt_at, last_error)
                SELECT key, channel, due_at, \(unescaped: state.sql), due_at, \(reason)::text
                FROM unnest(\(entries.map(\.key))::text[], \(entries.map(\.channel))::text[], \(entries.map(\.dueAt))::bigint[])
                    AS entry(key, channel, due_at)
                ON CONFLICT (key, channel) DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM added
            """, logger: logger)
        return try await Self.scalar(rows, Int.self) ?? 0
    }

    // MARK: The drain

    public func drainStep(finishing finished: [Store.Finished], enqueueing entries: [Store.Planned],
                          plannedThrough: Int64?, claimingDueAt now: Double, limit: Int,
                          excluding: Set<String>) async throws -> (added: Int, claimed: [Store.Item]) {
        if finished.isEmpty && entries.isEmpty && plannedThrough == nil && limit <= 0 { return (0, []) }
        let excluded = excluding.sorted()
        return try await transaction { connection in
            let released = try await self.finish(connection, finished)
            let added = try await self.insert(connection, entries, state: .pending, reason: nil)
            if let plannedThrough {
                try await connection.statement(Self.setLastPlannedQuery(plannedThrough), logger: self.logger)
            }
            // New rows, and rows back to pending for any node (released, retried): the others look again.
            if added > 0 || released { try await self.notify(connection) }
            let claimed = limit > 0 ? try await self.claim(connection, now: now, limit: limit, excluding: excluded) : []
            return (added, claimed)
        }
    }

    /// Records `finished` (one statement for all): an attempt row for each that was tried, and
    /// the outbox row moved on only while it still carries the claim it was sent under (a row
    /// another node took over since stays as that node has it). Returns whether any row went
    /// back to pending (a release or a retry), which other nodes may take.
    private func finish(_ connection: PostgresNIO.PostgresConnection, _ finished: [Store.Finished]) async throws -> Bool {
        if finished.isEmpty { return false }
        var states: [String] = []
        var tried: [Bool] = []
        var nexts: [Double] = []
        var reasons: [String] = []
        for f in finished {
            switch f.result {
            case .sent:
                states.append(Store.State.sent.rawValue); tried.append(true); nexts.append(0); reasons.append("")
            case .retry(let at, let reason):
                states.append(Store.State.pending.rawValue); tried.append(true); nexts.append(at); reasons.append(reason)
            case .dead(let reason):
                states.append(Store.State.dead.rawValue); tried.append(true); nexts.append(0); reasons.append(reason)
            case .hold(let until, let reason):
                states.append(Store.State.held.rawValue); tried.append(false); nexts.append(until); reasons.append(reason)
            case .skip(let reason):
                states.append(Store.State.skipped.rawValue); tried.append(false); nexts.append(0); reasons.append(reason)
            case .release:
                states.append(Store.State.pending.rawValue); tried.append(false); nexts.append(0); reasons.append("")
            }
        }
        let sent = Store.State.sent.sql
        let pending = Store.State.pending.sql
        let held = Store.State.held.sql
        let dead = Store.State.dead.sql
        let inflight = Store.State.inflight.sql
        let rows = try await connection.statement("""
            WITH f AS (
                SELECT * FROM unnest(
                    \(finished.map(\.key))::text[], \(finished.map(\.channel))::text[], \(finished.map(\.claim))::bigint[],
                    \(states)::text[], \(tried)::boolean[], \(finished.map(\.outcome))::text[], \(finished.map(\.at))::float8[],
                    \(finished.map { Int64($0.status) })::bigint[], \(finished.map(\.reply))::text[],
                    \(finished.map(\.seconds))::float8[], \(nexts)::float8[], \(reasons)::text[]
                ) WITH ORDINALITY AS f(key, channel, claim, state, tried, outcome, at, status, reply, seconds, next, reason, n)
            ), recorded AS (
                INSERT INTO attempts (key, channel, at, status, outcome, reply, seconds)
                SELECT key, channel, at, status, outcome, reply, seconds FROM f WHERE tried ORDER BY n
            ), moved AS (
                UPDATE outbox o SET
                    state = f.state,
                    attempts = o.attempts + CASE WHEN f.tried THEN 1 ELSE 0 END,
                    first_attempt_at = CASE WHEN f.tried THEN coalesce(o.first_attempt_at, f.at) ELSE o.first_attempt_at END,
                    last_attempt_at = CASE WHEN f.tried THEN f.at ELSE o.last_attempt_at END,
                    last_status = CASE WHEN f.tried THEN f.status ELSE o.last_status END,
                    sent_at = CASE WHEN f.state = \(unescaped: sent) THEN f.at ELSE o.sent_at END,
                    next_attempt_at = CASE WHEN (f.tried AND f.state = \(unescaped: pending)) OR f.state = \(unescaped: held)
                                           THEN f.next ELSE o.next_attempt_at END,
                    last_error = CASE WHEN (f.tried AND f.state IN (\(unescaped: pending), \(unescaped: dead))) OR (NOT f.tried AND f.state <> \(unescaped: pending))
                                      THEN f.reason ELSE o.last_error END,
                    claimed_by = NULL,
                    lease_until = NULL
                FROM f
                WHERE o.key = f.key AND o.channel = f.channel AND o.claim = f.claim
                  AND (f.tried OR f.state <> \(unescaped: pending) OR o.state = \(unescaped: inflight))
                RETURNING f.state
            )
            SELECT count(*) FILTER (WHERE state = \(unescaped: pending)) FROM moved
            """, logger: logger)
        return (try await Self.scalar(rows, Int.self) ?? 0) > 0
    }

    /// Claims up to `limit` rows due at `now`: first rows in flight under a lease that ran out
    /// (a dead node's, so that takeover does not wait behind a burst), then pending ones, oldest
    /// first; skipping rows other nodes are claiming this instant. Each gets a new claim.
    ///
    /// Two index scans, one per state (the partial indexes `outbox_inflight`, `outbox_pending`),
    /// each stopping at the limit: one condition with `OR` read and sorted every due row at each
    /// claim, which in a burst of thousands was most of the database's work.
    private func claim(_ connection: PostgresNIO.PostgresConnection, now: Double, limit: Int,
                       excluding excluded: [String]) async throws -> [Store.Item] {
        let pending = Store.State.pending.sql
        let inflight = Store.State.inflight.sql
        let rows = try await connection.statement("""
            WITH expired AS (
                SELECT key, channel FROM outbox
                WHERE state = \(unescaped: inflight) AND lease_until < now() AND channel <> ALL(\(excluded)::text[])
                ORDER BY lease_until
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            ), due AS (
                SELECT key, channel FROM outbox
                WHERE state = \(unescaped: pending) AND next_attempt_at <= \(now) AND channel <> ALL(\(excluded)::text[])
                ORDER BY next_attempt_at, due_at, key, channel
                LIMIT greatest(\(limit) - (SELECT count(*) FROM expired), 0)
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE outbox SET state = \(unescaped: inflight), claim = claim + 1, claimed_by = \(node),
                    lease_until = now() + make_interval(secs => \(lease))
                FROM (SELECT key, channel FROM expired UNION ALL SELECT key, channel FROM due) AS c(row_key, row_channel)
                WHERE key = row_key AND channel = row_channel
                RETURNING \(unescaped: Self.itemColumns)
            )
            SELECT \(unescaped: Self.itemColumns) FROM claimed ORDER BY next_attempt_at, due_at, key, channel
            """, logger: logger)
        return try await Self.items(rows)
    }

    public func nextAttemptAt(excluding: Set<String>) async throws -> Double? {
        let excluded = excluding.sorted()
        let pending = Store.State.pending.sql
        let held = Store.State.held.sql
        return try await run { connection in
            let rows = try await connection.statement("""
                SELECT least(
                    (SELECT min(next_attempt_at) FROM outbox WHERE state = \(unescaped: pending) AND channel <> ALL(\(excluded)::text[])),
                    (SELECT min(next_attempt_at) FROM outbox WHERE state = \(unescaped: held)))
                """, logger: self.logger)
            return try await Self.scalar(rows, Double.self)
        }
    }

    public func waiting(channel: String) async throws -> (count: Int, nextAttemptAt: Double?) {
        let pending = Store.State.pending.sql
        let inflight = Store.State.inflight.sql
        let (count, next) = try await run { connection in
            let rows = try await connection.statement("""
                SELECT count(*), min(next_attempt_at) FILTER (WHERE state = \(unescaped: pending))
                FROM outbox WHERE state IN (\(unescaped: pending), \(unescaped: inflight)) AND channel = \(channel)
                """, logger: self.logger)
            for try await (count, next) in rows.decode((Int, Double?).self) { return (count, next) }
            return (0, nil as Double?)
        }
        return (count, next)
    }

    // MARK: Recovery and reloads

    public func requeueInflight() async throws -> Int {
        let pending = Store.State.pending.sql
        let inflight = Store.State.inflight.sql
        return try await update("""
            UPDATE outbox SET state = \(unescaped: pending), claimed_by = NULL, lease_until = NULL
            WHERE state = \(unescaped: inflight) AND claimed_by = \(node)
            """, notifying: true)
    }

    public func releaseHeld(now: Double) async throws -> Int {
        try await update("""
            UPDATE outbox SET state = \(unescaped: Store.State.pending.sql), next_attempt_at = \(now)
            WHERE state = \(unescaped: Store.State.held.sql)
            """, notifying: true)
    }

    public func dropExpiredHeld(now: Double, reason: String) async throws -> Int {
        try await update("""
            UPDATE outbox SET state = \(unescaped: Store.State.skipped.sql), last_error = \(reason)
            WHERE state = \(unescaped: Store.State.held.sql) AND next_attempt_at <= \(now)
            """, notifying: false)
    }

    /// Runs one UPDATE (without RETURNING) in a transaction, announcing it to the other stores
    /// if it changed rows and `notifying`. Returns how many rows it changed.
    func update(_ query: PostgresQuery, notifying: Bool) async throws -> Int {
        var counted = query
        counted.sql = "WITH changed AS (" + query.sql + " RETURNING 1) SELECT count(*) FROM changed"
        return try await transaction { [counted] connection in
            let changed = try await Self.scalar(connection.statement(counted, logger: self.logger), Int.self) ?? 0
            if notifying && changed > 0 { try await self.notify(connection) }
            return changed
        }
    }

    public func retryDead(keys: [String]?) async throws -> (requeued: [Store.Item], missing: [String]) {
        let dead = Store.State.dead.sql
        let pending = Store.State.pending.sql
        let all = keys == nil
        let wanted = keys ?? []
        let (requeued, missing) = try await transaction { connection in
            let rows = try await connection.statement("""
                SELECT \(unescaped: Self.itemColumns) FROM outbox
                WHERE state = \(unescaped: dead) AND (\(all) OR key = ANY(\(wanted)::text[]))
                ORDER BY key, channel FOR UPDATE
                """, logger: self.logger)
            let found = try await Self.items(rows)
            let missing = Set(wanted).subtracting(found.map(\.key)).sorted()
            guard missing.isEmpty, !found.isEmpty else { return ([Store.Item](), missing) }
            try await connection.statement("""
                UPDATE outbox SET state = \(unescaped: pending), next_attempt_at = due_at, attempts = 0, first_attempt_at = NULL
                WHERE state = \(unescaped: dead) AND (\(all) OR key = ANY(\(wanted)::text[]))
                """, logger: self.logger)
            try await self.notify(connection)
            return (found, missing)
        }
        return (requeued, missing)
    }
}
