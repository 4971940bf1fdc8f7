public import FristStore
internal import PostgresNIO

extension PostgresStore {
    public func stillClaimed(_ items: [Store.Item]) async throws -> Set<Store.RowID> {
        if items.isEmpty { return [] }
        let inflight = Store.State.inflight.sql
        return try await run { connection in
            let rows = try await connection.statement("""
                SELECT o.key, o.channel FROM outbox o
                JOIN unnest(\(items.map(\.key))::text[], \(items.map(\.channel))::text[], \(items.map(\.claim))::bigint[])
                    AS item(key, channel, claim) ON o.key = item.key AND o.channel = item.channel
                WHERE o.claim = item.claim AND o.state = \(unescaped: inflight) AND o.claimed_by = \(self.node)
                  AND o.lease_until > now()
                """, logger: self.logger)
            var held: Set<Store.RowID> = []
            for try await (key, channel) in rows.decode((String, String).self) {
                held.insert(Store.RowID(key: key, channel: channel))
            }
            return held
        }
    }

    public func heartbeat(_ beat: Store.NodeBeat) async throws -> [Store.Node] {
        let inflight = Store.State.inflight.sql
        return try await transaction { connection in
            try await connection.statement("""
                WITH beat AS (
                    INSERT INTO nodes (name, config_digest, version, started_at, heartbeat_at)
                    VALUES (\(beat.name), \(beat.configDigest), \(beat.version), now(), now())
                    ON CONFLICT (name) DO UPDATE SET config_digest = excluded.config_digest, version = excluded.version,
                        heartbeat_at = excluded.heartbeat_at
                    RETURNING 1
                ), renewed AS (
                    UPDATE outbox SET lease_until = now() + make_interval(secs => \(beat.lease))
                    WHERE state = \(unescaped: inflight) AND claimed_by = \(beat.name)
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM beat), (SELECT count(*) FROM renewed)
                """, logger: self.logger)
            // Nodes silent for a day are forgotten (each restart under a default name is a new
            // node), once nothing is left in flight under their name.
            try await connection.statement("""
                DELETE FROM nodes n WHERE n.heartbeat_at < now() - interval '1 day'
                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.state = \(unescaped: inflight) AND o.claimed_by = n.name)
                """, logger: self.logger)
            return try await self.nodes(connection, lease: beat.lease)
        }
    }

    public func nodes() async throws -> [Store.Node] {
        let lease = lease
        return try await run { connection in
            try await self.nodes(connection, lease: lease)
        }
    }

    /// Every node that has beaten, by name; alive while it beat within `lease` (the database's clock).
    private func nodes(_ connection: PostgresNIO.PostgresConnection, lease: Double) async throws -> [Store.Node] {
        let inflight = Store.State.inflight.sql
        let rows = try await connection.statement("""
            SELECT n.name, n.config_digest, n.version,
                   extract(epoch FROM n.started_at)::float8, extract(epoch FROM n.heartbeat_at)::float8,
                   greatest(extract(epoch FROM clock_timestamp() - n.heartbeat_at)::float8, 0),
                   (SELECT count(*) FROM outbox o WHERE o.state = \(unescaped: inflight) AND o.claimed_by = n.name)
            FROM nodes n ORDER BY n.name
            """, logger: logger)
        var nodes: [Store.Node] = []
        for try await (name, digest, version, started, beat, silent, inflight) in
            rows.decode((String, String, String, Double, Double, Double, Int).self) {
            nodes.append(Store.Node(name: name, configDigest: digest, version: version, startedAt: started,
                                    heartbeatAt: beat, silentFor: silent, alive: silent < lease, inflight: inflight))
        }
        return nodes
    }

    public func withRateBucket<R: Sendable>(channel: String, _ body: @escaping @Sendable (inout Store.RateBucket, Double) -> R)
        async throws -> R?
    {
        return try await transaction { connection in
            // Inserted if missing, and locked either way: a second node waits here for the first.
            let rows = try await connection.statement("""
                INSERT INTO rates (channel) VALUES (\(channel))
                ON CONFLICT (channel) DO UPDATE SET channel = excluded.channel
                RETURNING tokens, last, extract(epoch FROM clock_timestamp())::float8
                """, logger: self.logger)
            var bucket = Store.RateBucket(tokens: nil, last: nil)
            var now = 0.0
            for try await (tokens, last, clock) in rows.decode((Double?, Double?, Double).self) {
                bucket = Store.RateBucket(tokens: tokens, last: last)
                now = clock
            }
            let result = body(&bucket, now)
            try await connection.statement("""
                UPDATE rates SET tokens = \(bucket.tokens), last = \(bucket.last) WHERE channel = \(channel)
                """, logger: self.logger)
            return result
        }
    }
}
