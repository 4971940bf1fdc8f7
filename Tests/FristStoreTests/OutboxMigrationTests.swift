import Foundation
import GRDB
import Testing
@testable import FristStore

/// A state database an older Frist left behind, opened by this one: every row is kept, and
/// the rows go on moving as before.
@Suite struct OutboxMigrationTests {
    @Test func anOutboxFromBeforeTheKeyedTableKeepsEveryRowAndStillWorks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("frist-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // The schema as of v2, with a row in each state a daemon leaves behind.
        do {
            let old = try DatabaseQueue(path: root + "/frist.sqlite")
            try Store.migrator.migrate(old, upTo: "v2-partial-indexes")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (key, channel, due_at, state, attempts, next_attempt_at, first_attempt_at,
                                        last_attempt_at, last_error, last_status, sent_at) VALUES
                    ('p/a@2021-09-30#due', 'mail', 100, 'sent', 1, 100, 101, 101, NULL, 250, 101),
                    ('p/b@2021-09-30#due', 'mail', 100, 'pending', 2, 500, 110, 120, 'SMTP 421: busy', 421, NULL),
                    ('p/c@2021-09-30#due', 'hook', 100, 'dead', 1, 100, 102, 102, 'HTTP 404', 404, NULL),
                    ('p/d@2021-09-30#due', 'hook', 100, 'inflight', 0, 100, NULL, NULL, NULL, NULL, NULL),
                    ('p/e@2021-09-30#due', 'hook', 100, 'skipped', 0, 100, NULL, NULL, 'acknowledged', NULL, NULL);
                    INSERT INTO attempts (key, channel, at, status, outcome, reply, seconds)
                    VALUES ('p/a@2021-09-30#due', 'mail', 101, 250, 'sent', '250 ok', 0.2);
                    """)
            }
        }

        let store = try Store(directory: root)
        let sent = try #require(try store.item(key: "p/a@2021-09-30#due", channel: "mail"))
        #expect(sent.state == .sent && sent.sentAt == 101 && sent.lastStatus == 250 && sent.attempts == 1)
        let failing = try #require(try store.item(key: "p/b@2021-09-30#due", channel: "mail"))
        #expect(failing.state == .pending && failing.attempts == 2 && failing.nextAttemptAt == 500)
        #expect(failing.firstAttemptAt == 110 && failing.lastError == "SMTP 421: busy")
        let summary = try store.summary()
        #expect(summary.counts == [.sent: 1, .pending: 1, .dead: 1, .inflight: 1, .skipped: 1, .held: 0])
        #expect(summary.dead.map(\.key) == ["p/c@2021-09-30#due"])
        #expect(try store.attempts(key: "p/a@2021-09-30#due", channel: "mail").map(\.reply) == ["250 ok"])

        // The rows still move: a crash's inflight row comes back, both are claimed, one is sent.
        #expect(try store.requeueInflight() == 1)
        #expect(try store.claimDue(now: 500, limit: 10).map(\.key) == ["p/d@2021-09-30#due", "p/b@2021-09-30#due"])
        try store.finish(key: "p/b@2021-09-30#due", channel: "mail", at: 501, status: 250, reply: "", seconds: 0.1, result: .sent)
        #expect(try store.item(key: "p/b@2021-09-30#due", channel: "mail")?.state == .sent)
        // A key already there is still not added twice.
        #expect(try store.enqueue([.init("p/a@2021-09-30#due", "mail", 100)]) == 0)
    }
}
