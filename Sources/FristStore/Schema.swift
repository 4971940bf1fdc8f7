internal import GRDB

extension Store {
    /// The schema, one migration per released change. Never edit an applied migration: add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per reminder key and channel: the unit of delivery.
            try db.execute(sql: """
                CREATE TABLE outbox (
                    key TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    due_at INTEGER NOT NULL,          -- the reminder's instant, UTC seconds
                    state TEXT NOT NULL CHECK (state IN ('pending', 'inflight', 'sent', 'dead', 'skipped')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    first_attempt_at REAL,
                    last_attempt_at REAL,
                    last_error TEXT,
                    last_status INTEGER,
                    sent_at REAL,
                    PRIMARY KEY (key, channel)
                );
                -- claimDue's whole ORDER BY, so claiming never sorts the pending rows.
                CREATE INDEX outbox_due ON outbox (state, next_attempt_at, due_at, key, channel);
                CREATE INDEX outbox_finished ON outbox (state, sent_at);
                CREATE INDEX outbox_last_attempt ON outbox (state, last_attempt_at);

                -- Every delivery attempt, as the gateway answered it.
                CREATE TABLE attempts (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    at REAL NOT NULL,
                    status INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    reply TEXT NOT NULL,
                    seconds REAL NOT NULL
                );
                CREATE INDEX attempts_key ON attempts (key, channel, at);

                -- `frist ack`: an occurrence (project/milestone@YYYY-MM-DD) or a whole
                -- milestone (project/milestone), done on a date.
                CREATE TABLE acks (
                    target TEXT NOT NULL PRIMARY KEY,
                    done_on TEXT NOT NULL,
                    note TEXT,
                    at REAL NOT NULL
                );

                CREATE TABLE meta (
                    name TEXT NOT NULL PRIMARY KEY,
                    value
                );
                """)
        }
        migrator.registerMigration("v2-partial-indexes") { db in
            // Each index holds only the rows of one state, so a row's move from pending to
            // inflight to sent touches two small indexes instead of three that hold every row,
            // and the years of sent rows never weigh on claiming.
            try db.execute(sql: """
                DROP INDEX outbox_due;
                DROP INDEX outbox_finished;
                DROP INDEX outbox_last_attempt;
                -- claimDue's whole ORDER BY, so claiming never sorts the pending rows.
                CREATE INDEX outbox_pending ON outbox (next_attempt_at, due_at, key, channel) WHERE state = 'pending';
                CREATE INDEX outbox_inflight ON outbox (key, channel) WHERE state = 'inflight';
                CREATE INDEX outbox_sent ON outbox (sent_at) WHERE state = 'sent';
                CREATE INDEX outbox_dead ON outbox (last_attempt_at) WHERE state = 'dead';
                CREATE INDEX outbox_skipped ON outbox (due_at) WHERE state = 'skipped';
                """)
        }
        migrator.registerMigration("v3-outbox-keyed") { db in
            // The outbox again, without two costs every burst paid per row: a CHECK on `state`
            // made SQLite build a temporary table for every UPDATE of it (no one-pass update),
            // and a rowid table kept its (key, channel) key in a second b-tree. The states are
            // guarded where rows are written and read (``Store/State``).
            try db.execute(sql: """
                CREATE TABLE outbox_v3 (
                    key TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    due_at INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    first_attempt_at REAL,
                    last_attempt_at REAL,
                    last_error TEXT,
                    last_status INTEGER,
                    sent_at REAL,
                    PRIMARY KEY (key, channel)
                ) WITHOUT ROWID;
                INSERT INTO outbox_v3 SELECT key, channel, due_at, state, attempts, next_attempt_at,
                    first_attempt_at, last_attempt_at, last_error, last_status, sent_at FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE outbox_v3 RENAME TO outbox;
                CREATE INDEX outbox_pending ON outbox (next_attempt_at, due_at, key, channel) WHERE state = 'pending';
                CREATE INDEX outbox_inflight ON outbox (key, channel) WHERE state = 'inflight';
                CREATE INDEX outbox_sent ON outbox (sent_at) WHERE state = 'sent';
                CREATE INDEX outbox_dead ON outbox (last_attempt_at) WHERE state = 'dead';
                CREATE INDEX outbox_skipped ON outbox (due_at) WHERE state = 'skipped';
                """)
        }
        migrator.registerMigration("v4-held") { db in
            // Rows whose milestone or channel left the running configuration wait here, by the
            // instant their hold runs out.
            try db.execute(sql: "CREATE INDEX outbox_held ON outbox (next_attempt_at) WHERE state = 'held'")
        }
        return migrator
    }
}
