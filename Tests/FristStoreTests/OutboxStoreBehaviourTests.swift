import Foundation
@testable import FristStore
import FristTestSupport
import Testing

private let mail = "mail"
private let teams = "teams"

/// A reminder key of milestone `p/m` on `date`, of `kind`.
private func key(_ date: String = "2021-09-30", _ kind: String = "due", milestone: String = "p/m") -> String {
    "\(milestone)@\(date)#\(kind)"
}

/// What the scheduler and the CLI rely on from durable state, the same from either store:
/// one set of tests, run against SQLite and PostgreSQL.
// One at a time: they share one PostgreSQL server, and twenty stores opening at once on two
// busy cores outwaited the stores' timeout in a full run.
@Suite(.serialized) struct OutboxStoreBehaviourTests {
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func planningTheSameReminderTwiceAddsItOnce(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            #expect(try await store.enqueue([.init(key(), mail, 1_000)]) == 1)
            #expect(try await store.enqueue([.init(key(), mail, 1_000)]) == 0)
            // Another channel of the same reminder is its own row; a batch counts only what is new.
            #expect(try await store.enqueue([.init(key(), mail, 1_000), .init(key(), teams, 1_000),
                                             .init(key("2021-10-01"), mail, 2_000)]) == 2)
            let row = try #require(try await store.probe(key(), mail))
            #expect(row == Store.Item(key: key(), channel: mail, dueAt: 1_000, state: .pending, attempts: 0,
                                      nextAttemptAt: 1_000, firstAttemptAt: nil, lastError: nil, lastStatus: nil,
                                      sentAt: nil, claim: 0))
            #expect(try await store.summary().counts[.pending] == 3)
            // A row already sent is never reset by planning it again.
            let claimed = try await store.claim(now: 1_000)
            try await store.finish(claimed.map { ($0, .sent) }, at: 1_001)
            #expect(try await store.enqueue([.init(key(), mail, 1_000)]) == 0)
            #expect(try await store.probe(key(), mail)?.state == .sent)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func claimsComeOldestFirstUpToTheLimitSkippingPausedChannels(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            try await store.enqueue([.init(key("2021-01-03"), mail, 300), .init(key("2021-01-01"), mail, 100),
                                     .init(key("2021-01-02"), mail, 200), .init(key("2021-01-01", "before-1d"), teams, 150)])
            let first = try await store.claim(now: 250, limit: 2, excluding: [teams])
            #expect(first.map(\.dueAt) == [100, 200])
            #expect(first.allSatisfy { $0.state == .inflight })
            // What is claimed is not claimed again; the paused channel's row waits for its turn.
            let second = try await store.claim(now: 250, limit: 10)
            #expect(second.map(\.key) == [key("2021-01-01", "before-1d")])
            #expect(try await store.claim(now: 250).isEmpty)
            #expect(try await store.claim(now: 300).map(\.dueAt) == [300])
            #expect(try await store.summary().counts[.inflight] == 4)
            #expect(try await store.waiting(channel: mail).count == 3)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func eachResultMovesItsRowAndTriedOnesAreRecorded(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            let kinds = ["sent", "retry", "dead", "hold", "skip", "release"]
            try await store.enqueue(kinds.enumerated().map { .init(key("2021-01-01", $0.element), mail, Int64(100 + $0.offset)) })
            let claimed = try await store.claim(now: 200)
            #expect(claimed.count == 6)
            let byKind = Dictionary(uniqueKeysWithValues: claimed.map { ($0.key.split(separator: "#").last.map(String.init) ?? "", $0) })
            let results: [(String, Store.Result)] = [
                ("sent", .sent), ("retry", .retry(at: 500, reason: "HTTP 503")), ("dead", .dead(reason: "HTTP 404")),
                ("hold", .hold(until: 900, reason: "channel gone")), ("skip", .skip(reason: "acknowledged")),
                ("release", .release),
            ]
            try await store.finish(try results.map { (try #require(byKind[$0.0]), $0.1) }, at: 210, status: 503)

            let sent = try #require(try await store.probe(key("2021-01-01", "sent"), mail))
            #expect(sent.state == .sent && sent.sentAt == 210 && sent.attempts == 1 && sent.firstAttemptAt == 210)
            let retry = try #require(try await store.probe(key("2021-01-01", "retry"), mail))
            #expect(retry.state == .pending && retry.nextAttemptAt == 500 && retry.lastError == "HTTP 503")
            #expect(retry.attempts == 1 && retry.lastStatus == 503)
            let dead = try #require(try await store.probe(key("2021-01-01", "dead"), mail))
            #expect(dead.state == .dead && dead.lastError == "HTTP 404" && dead.attempts == 1)
            let held = try #require(try await store.probe(key("2021-01-01", "hold"), mail))
            #expect(held.state == .held && held.nextAttemptAt == 900 && held.lastError == "channel gone" && held.attempts == 0)
            let skipped = try #require(try await store.probe(key("2021-01-01", "skip"), mail))
            #expect(skipped.state == .skipped && skipped.lastError == "acknowledged" && skipped.attempts == 0)
            let released = try #require(try await store.probe(key("2021-01-01", "release"), mail))
            #expect(released.state == .pending && released.nextAttemptAt == 105 && released.attempts == 0)

            // Only what was tried is in the attempts; holds, skips and releases count none.
            for (name, outcome) in [("sent", ["sent"]), ("retry", ["retry"]), ("dead", ["dead"]), ("hold", []),
                                    ("skip", []), ("release", [])] {
                #expect(try await store.outcomes(key("2021-01-01", name), mail) == outcome, "\(name)")
            }
            let summary = try await store.summary()
            #expect(summary.counts == [.sent: 1, .pending: 2, .dead: 1, .held: 1, .skipped: 1, .inflight: 0])
            #expect(summary.failing.map(\.key) == [key("2021-01-01", "retry")])
            #expect(summary.dead.map(\.key) == [key("2021-01-01", "dead")])
            #expect(try await store.history(since: 0, limit: 10).map(\.key) == [key("2021-01-01", "sent")])
            #expect(try await store.skipped(limit: 10).map(\.key) == [key("2021-01-01", "skip")])
            // The released row is due as it was; the retry at its time; the hold's end counts too.
            #expect(try await store.nextAttemptAt(excluding: []) == 105)
            #expect(try await store.nextAttemptAt(excluding: [mail]) == 900)
            #expect(try await store.waiting(channel: mail) == (2, 105))

            // The retry succeeds later: a second attempt, the first attempt's time and the last error kept.
            let again = try await store.claim(now: 600)
            #expect(again.map(\.key) == [key("2021-01-01", "release"), key("2021-01-01", "retry")])
            try await store.finish(again.map { ($0, .sent) }, at: 610)
            let retried = try #require(try await store.probe(key("2021-01-01", "retry"), mail))
            #expect(retried.state == .sent && retried.attempts == 2 && retried.firstAttemptAt == 210)
            #expect(retried.lastError == "HTTP 503" && retried.sentAt == 610)
            #expect(try await store.outcomes(key("2021-01-01", "retry"), mail) == ["retry", "sent"])
            #expect(try await store.history(since: 600, limit: 1).count == 1)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func thePlannedThroughInstantIsRecordedWithTheStep(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            #expect(try await store.lastPlanned() == nil)
            let step = try await store.drainStep(finishing: [], enqueueing: [.init(key(), mail, 100)], plannedThrough: 1_000,
                                                 claimingDueAt: 100, limit: 10, excluding: [])
            #expect(step.added == 1 && step.claimed.map(\.key) == [key()])
            #expect(try await store.lastPlanned() == 1_000)
            try await store.setLastPlanned(2_000)
            #expect(try await store.lastPlanned() == 2_000)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func missedRemindersAreRecordedSkippedWithTheirReason(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            let entries: [Store.Planned] = [.init(key("2021-01-01"), mail, 100), .init(key("2021-01-02"), mail, 200)]
            #expect(try await store.recordSkipped(entries, reason: "missed while down") == 2)
            #expect(try await store.recordSkipped(entries, reason: "missed while down") == 0)
            #expect(try await store.enqueue(entries) == 0)
            let skipped = try await store.skipped(limit: 10)
            #expect(skipped.map(\.dueAt) == [200, 100])
            #expect(skipped.allSatisfy { $0.state == .skipped && $0.lastError == "missed while down" })
            #expect(try await store.skipped(limit: 1).count == 1)
            #expect(try await store.claim(now: 1_000).isEmpty)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func whatWasInFlightAtAStopIsSentAgainUnderTheSameKeys(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            try await store.enqueue([.init(key("2021-01-01"), mail, 100), .init(key("2021-01-02"), mail, 200),
                                     .init(key("2021-01-03"), mail, 300)])
            #expect(try await store.claim(now: 250).count == 2)
            #expect(try await store.requeueInflight() == 2)
            #expect(try await store.summary().counts[.inflight] == 0)
            #expect(try await store.claim(now: 250).map(\.key) == [key("2021-01-01"), key("2021-01-02")])
            #expect(try await store.requeueInflight() == 2)
            #expect(try await store.requeueInflight() == 0)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func heldRowsComeBackAtAReloadOrAreDroppedWhenTheirHoldRunsOut(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            try await store.enqueue([.init(key("2021-01-01"), mail, 100), .init(key("2021-01-02"), mail, 200)])
            let claimed = try await store.claim(now: 200)
            try await store.finish([(claimed[0], .hold(until: 500, reason: "milestone gone")),
                                    (claimed[1], .hold(until: 900, reason: "milestone gone"))], at: 201)
            #expect(try await store.nextAttemptAt(excluding: []) == 500)
            #expect(try await store.dropExpiredHeld(now: 600, reason: "held past max_age") == 1)
            let dropped = try #require(try await store.probe(key("2021-01-01"), mail))
            #expect(dropped.state == .skipped && dropped.lastError == "held past max_age")
            #expect(try await store.dropExpiredHeld(now: 600, reason: "held past max_age") == 0)
            #expect(try await store.releaseHeld(now: 700) == 1)
            let back = try #require(try await store.probe(key("2021-01-02"), mail))
            #expect(back.state == .pending && back.nextAttemptAt == 700)
            #expect(try await store.releaseHeld(now: 700) == 0)
            #expect(try await store.claim(now: 700).map(\.key) == [key("2021-01-02")])
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func acknowledgementsDropExactlyTheirTargetsRemindersAndUndoingBringsThemBack(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            try await store.enqueue([
                .init(key("2021-01-01", "due"), mail, 100), .init(key("2021-01-01", "before-7d"), teams, 90),
                .init(key("2021-02-01", "due"), mail, 200), .init(key("2021-03-01", "due"), mail, 50),
                .init(key("2021-01-01", milestone: "p/mx"), mail, 100),
                .init(key("2021-01-011", milestone: "p/m"), mail, 100),
            ])
            // A reminder being sent is not taken back.
            #expect(try await store.claim(now: 50).map(\.key) == [key("2021-03-01")])
            try await store.recordSkipped([.init(key("2020-12-01"), mail, 10)], reason: "missed while down")

            #expect(try await store.acknowledge("p/m@2021-01-01", doneOn: "2021-01-01", note: "filed", at: 1) == 2)
            #expect(try await store.acknowledge("p/m", doneOn: "2021-02-01", note: nil, at: 2) == 2)
            #expect(try await store.probe(key("2021-01-01", milestone: "p/mx"), mail)?.state == .pending)
            #expect(try await store.probe(key("2021-03-01"), mail)?.state == .inflight)
            #expect(try await store.probe(key("2021-02-01"), mail)?.lastError == "acknowledged")
            // Acknowledging again replaces the date and note.
            #expect(try await store.acknowledge("p/m", doneOn: "2021-02-02", note: "late", at: 3) == 0)
            #expect(try await store.acknowledgements() == [
                Store.Ack(target: "p/m", doneOn: "2021-02-02", note: "late", at: 3),
                Store.Ack(target: "p/m@2021-01-01", doneOn: "2021-01-01", note: "filed", at: 1),
            ])
            #expect(!(try await store.acknowledgementSet().isEmpty))

            let occurrence = try await store.unacknowledge("p/m@2021-01-01")
            #expect(occurrence.removed && occurrence.restored == 2)
            let restored = try #require(try await store.probe(key("2021-01-01", "before-7d"), teams))
            #expect(restored.state == .pending && restored.nextAttemptAt == 90 && restored.lastError == nil)
            let twice = try await store.unacknowledge("p/m@2021-01-01")
            #expect(!twice.removed && twice.restored == 0)
            // The milestone's undo brings back what it dropped, not what was missed for another reason.
            let milestone = try await store.unacknowledge("p/m")
            #expect(milestone.removed && milestone.restored == 2)
            #expect(try await store.probe(key("2020-12-01"), mail)?.state == .skipped)
            #expect(try await store.acknowledgements().isEmpty)
            #expect(try await store.cancelPending(acknowledged: "p/mx") == 1)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func deadLettersGoBackToTheQueueAllOrByKeyAndNothingIfAKeyHasNone(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores[0]
            let k1 = key("2021-01-01"), k2 = key("2021-01-02")
            try await store.enqueue([.init(k1, mail, 100), .init(k1, teams, 100), .init(k2, mail, 200),
                                     .init(key("2021-01-03"), mail, 300)])
            let claimed = try await store.claim(now: 200)
            try await store.finish(claimed.map { ($0, .dead(reason: "HTTP 404")) }, at: 250, status: 404)

            let refused = try await store.retryDead(keys: [k1, "p/m@2099-01-01#due"])
            #expect(refused.requeued.isEmpty && refused.missing == ["p/m@2099-01-01#due"])
            #expect(try await store.summary().counts[.dead] == 3)

            let some = try await store.retryDead(keys: [k1])
            #expect(some.requeued.map(\.channel) == [mail, teams] && some.missing.isEmpty)
            let back = try #require(try await store.probe(k1, teams))
            #expect(back.state == .pending && back.nextAttemptAt == 100 && back.attempts == 0 && back.firstAttemptAt == nil)
            #expect(try await store.outcomes(k1, teams) == ["dead"])

            let rest = try await store.retryDead(keys: nil)
            #expect(rest.requeued.map(\.key) == [k2])
            #expect(try await store.retryDead(keys: nil).requeued.isEmpty)
            #expect(try await store.summary().counts[.dead] == 0)
            #expect(try await store.claim(now: 300).count == 4)
        }
    }

    @Test(arguments: [StoreKind.sqlite, .postgres])
    func anotherStoresWritesAreNoticedAndOwnWritesAreNot(kind: StoreKind) async throws {
        try await withStores(kind, nodes: ["node-a", "node-b"]) { stores in
            let (a, b) = (stores[0], stores[1])
            _ = try await a.changedElsewhere(consume: true)
            try await a.enqueue([.init(key(), mail, 100)])
            _ = try await a.acknowledge("p/x", doneOn: "2021-01-01", note: nil, at: 1)
            // (PostgreSQL: that own writes' notifications are ignored once they arrive is PostgresClusterTests'.)
            #expect(try await a.changedElsewhere(consume: false) == false)

            _ = try await b.acknowledge("p/m@2021-09-30", doneOn: "2021-09-30", note: nil, at: 2)
            #expect(try await eventually(timeout: 10) { try await a.changedElsewhere(consume: false) })
            #expect(try await a.changedElsewhere(consume: false))
            #expect(try await a.changedElsewhere(consume: true))
            #expect(try await a.changedElsewhere(consume: true) == false)
            // What b's write did, a reads.
            #expect(try await a.probe(key(), mail)?.state == .skipped)
        }
    }
}
