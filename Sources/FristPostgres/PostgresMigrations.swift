internal import FristStore
internal import Logging
internal import PostgresNIO

/// The shared store's schema, one migration per released change, applied in order and recorded
/// in `frist_migrations`. Never edit an applied migration: add one at the end.
///
/// Nodes starting together migrate one at a time: each takes a session advisory lock first, and
/// whoever comes second finds the versions already recorded.
enum PostgresMigrations {
    struct Migration {
        let version: String
        let statements: [String]
    }

    /// Keys compare byte by byte (`COLLATE "C"`), as in SQLite, whatever the database's collation:
    /// claims and listings come in the same order from either store.
    static let all: [Migration] = [
        Migration(version: "v1", statements: [
            """
            CREATE TABLE outbox (
                key text COLLATE "C" NOT NULL,
                channel text COLLATE "C" NOT NULL,
                due_at bigint NOT NULL,
                state text NOT NULL,
                attempts bigint NOT NULL DEFAULT 0,
                next_attempt_at double precision NOT NULL,
                first_attempt_at double precision,
                last_attempt_at double precision,
                last_error text,
                last_status bigint,
                sent_at double precision,
                -- The fencing token: counts up at each claim; a finish or a send under an older one is stale.
                claim bigint NOT NULL DEFAULT 0,
                claimed_by text,
                lease_until timestamptz,
                PRIMARY KEY (key, channel)
            )
            """,
            // Each index holds only the rows of one state (as SQLite's v3 and v4).
            "CREATE INDEX outbox_pending ON outbox (next_attempt_at, due_at, key, channel) WHERE state = '\(Store.State.pending.rawValue)'",
            "CREATE INDEX outbox_inflight ON outbox (lease_until) WHERE state = '\(Store.State.inflight.rawValue)'",
            "CREATE INDEX outbox_sent ON outbox (sent_at) WHERE state = '\(Store.State.sent.rawValue)'",
            "CREATE INDEX outbox_dead ON outbox (last_attempt_at) WHERE state = '\(Store.State.dead.rawValue)'",
            "CREATE INDEX outbox_skipped ON outbox (due_at) WHERE state = '\(Store.State.skipped.rawValue)'",
            "CREATE INDEX outbox_held ON outbox (next_attempt_at) WHERE state = '\(Store.State.held.rawValue)'",
            """
            CREATE TABLE attempts (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key text COLLATE "C" NOT NULL,
                channel text COLLATE "C" NOT NULL,
                at double precision NOT NULL,
                status bigint NOT NULL,
                outcome text NOT NULL,
                reply text NOT NULL,
                seconds double precision NOT NULL
            )
            """,
            "CREATE INDEX attempts_key ON attempts (key, channel, at)",
            """
            CREATE TABLE acks (
                target text COLLATE "C" NOT NULL PRIMARY KEY,
                done_on text NOT NULL,
                note text,
                at double precision NOT NULL
            )
            """,
            // `last_planned`, an instant in UTC seconds.
            "CREATE TABLE meta (name text NOT NULL PRIMARY KEY, value bigint)",
            // The nodes of the cluster, as they last beat (the database's clock).
            """
            CREATE TABLE nodes (
                name text NOT NULL PRIMARY KEY,
                config_digest text NOT NULL,
                version text NOT NULL,
                started_at timestamptz NOT NULL,
                heartbeat_at timestamptz NOT NULL
            )
            """,
            // Each channel's token bucket, shared by the nodes (seconds on the database's clock).
            "CREATE TABLE rates (channel text NOT NULL PRIMARY KEY, tokens double precision, last double precision)",
        ]),
    ]

    /// Any number of Frist's stores may open one database at once: an advisory lock lets one
    /// migrate, the others then find the work done. The lock is the session's, released at the end.
    static let lockKey: Int64 = 0x4672_6973_745F_4D31  // "Frist_M1"

    /// Brings the schema up to date on `connection`. Returns the versions it applied.
    @discardableResult
    static func migrate(_ connection: PostgresNIO.PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.statement("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            let applied = try await apply(connection, logger: logger)
            try await connection.statement("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.statement("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
    }

    private static func apply(_ connection: PostgresNIO.PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.statement("""
            CREATE TABLE IF NOT EXISTS frist_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var done: Set<String> = []
        for try await version in try await connection.statement("SELECT version FROM frist_migrations", logger: logger)
            .decode(String.self) {
            done.insert(version)
        }
        var applied: [String] = []
        for migration in all where !done.contains(migration.version) {
            try await connection.inTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.statement(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.statement("INSERT INTO frist_migrations (version) VALUES (\(migration.version))",
                                           logger: logger)
            }
            applied.append(migration.version)
        }
        return applied
    }
}
