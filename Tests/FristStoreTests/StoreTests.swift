import Foundation
import FristTestSupport
@testable import FristStore
import Synchronization
import Testing

/// A fresh folder under the system's temporary directory; `path` does not exist yet.
private func freshPath(_ name: String = "state") -> (root: String, path: String) {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("frist-store-\(UUID().uuidString)").path
    return (root, root + "/" + name)
}

private func removeTree(_ root: String) {
    try? FileManager.default.removeItem(atPath: root)
}

private let mail = "mail"
private let teams = "teams"
private let handleplan = "taskforce/apv-handleplan@2021-09-30"

@Suite struct OutboxTests {
    @Test func enqueueIsIdempotentPerKeyAndChannel() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        let key = "\(handleplan)#before-14d"

        #expect(try store.enqueue([.init(key, mail, 1_631_775_600)]) == 1)
        #expect(try store.enqueue([.init(key, mail, 1_631_775_600)]) == 0)
        // Another channel of the same reminder is its own row.
        #expect(try store.enqueue([.init(key, mail, 1_631_775_600), .init(key, teams, 1_631_775_600)]) == 1)

        let row = try #require(try store.item(key: key, channel: mail))
        #expect(row == Store.Item(key: key, channel: mail, dueAt: 1_631_775_600, state: .pending, attempts: 0,
                                  nextAttemptAt: 1_631_775_600, firstAttemptAt: nil, lastError: nil,
                                  lastStatus: nil, sentAt: nil))
        #expect(try store.summary().counts[.pending] == 2)
        #expect(try store.existingKeys([key, "\(handleplan)#due"]) == [key])

        // A row that was already sent is never reset by enqueueing it again.
        _ = try store.claimDue(now: 1_631_775_600, limit: 10)
        try store.finish(key: key, channel: mail, at: 1_631_775_601, status: 200, reply: "ok", seconds: 0.2, result: .sent)
        #expect(try store.enqueue([.init(key, mail, 1_631_775_600)]) == 0)
        #expect(try store.item(key: key, channel: mail)?.state == .sent)
    }

    @Test func recordSkippedKeepsTheReasonAndIsNeverClaimed() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        let key = "\(handleplan)#due"
        #expect(try store.recordSkipped([.init(key, mail, 1_000)], reason: "missed while down (older than catch_up)")
            == 1)
        #expect(try store.recordSkipped([.init(key, mail, 1_000)], reason: "again") == 0)
        #expect(try store.enqueue([.init(key, mail, 1_000)]) == 0)
        let row = try #require(try store.item(key: key, channel: mail))
        #expect(row.state == .skipped)
        #expect(row.lastError == "missed while down (older than catch_up)")
        #expect(try store.claimDue(now: 10_000, limit: 10).isEmpty)
        #expect(try store.nextAttemptAt() == nil)
    }

    @Test func claimDueTakesOnlyDueRowsOldestFirstAndOnlyOnce() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        _ = try store.enqueue([
            .init("b#due", mail, 300),
            .init("a#due", mail, 100),
            .init("c#due", mail, 200),
            .init("later#due", mail, 1_000),
        ])
        #expect(try store.nextAttemptAt() == 100)

        let first = try store.claimDue(now: 300, limit: 2)
        #expect(first.map(\.key) == ["a#due", "c#due"])
        #expect(first.allSatisfy { $0.state == .inflight })
        #expect(try store.item(key: "a#due", channel: mail)?.state == .inflight)

        let second = try store.claimDue(now: 300, limit: 10)
        #expect(second.map(\.key) == ["b#due"])
        #expect(try store.claimDue(now: 300, limit: 10).isEmpty)
        // Inflight rows are not "next"; the future one is.
        #expect(try store.nextAttemptAt() == 1_000)
        #expect(try store.claimDue(now: 999.5, limit: 10).isEmpty)
        #expect(try store.claimDue(now: 1_000, limit: 10).map(\.key) == ["later#due"])
    }

    @Test func finishMovesRowsOnAndRecordsEveryAttempt() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        let key = "\(handleplan)#due"
        _ = try store.enqueue([.init(key, mail, 1_000), .init(key, teams, 1_000)])
        _ = try store.claimDue(now: 1_000, limit: 10)

        // teams: delivered at once.
        try store.finish(key: key, channel: teams, at: 1_001, status: 200, reply: "1",
                         seconds: 0.3, result: .sent)
        let sent = try #require(try store.item(key: key, channel: teams))
        #expect(sent.state == .sent)
        #expect(sent.sentAt == 1_001)
        #expect(sent.attempts == 1)
        #expect(sent.lastStatus == 200)

        // mail: 421 twice, then 550.
        try store.finish(key: key, channel: mail, at: 1_002, status: 421, reply: "421 busy", seconds: 1.5, result: .retry(at: 1_010, reason: "SMTP 421: try later"))
        var row = try #require(try store.item(key: key, channel: mail))
        #expect(row.state == .pending)
        #expect(row.attempts == 1)
        #expect(row.nextAttemptAt == 1_010)
        #expect(row.firstAttemptAt == 1_002)
        #expect(row.lastError == "SMTP 421: try later")
        #expect(row.lastStatus == 421)
        #expect(try store.claimDue(now: 1_009, limit: 10).isEmpty)
        #expect(try store.summary().failing.map(\.channel) == [mail])

        #expect(try store.claimDue(now: 1_010, limit: 10).map(\.channel) == [mail])
        try store.finish(key: key, channel: mail, at: 1_011, status: 0, reply: "",
                         seconds: 30, result: .retry(at: 1_030, reason: "timeout"))
        row = try #require(try store.item(key: key, channel: mail))
        #expect(row.attempts == 2)
        #expect(row.firstAttemptAt == 1_002)  // the first failure's time is kept: max_age counts from it
        #expect(row.lastStatus == 0)

        _ = try store.claimDue(now: 1_030, limit: 10)
        try store.finish(key: key, channel: mail, at: 1_031, status: 550, reply: "550 no such user", seconds: 0.4, result: .dead(reason: "SMTP 550: no such user"))
        row = try #require(try store.item(key: key, channel: mail))
        #expect(row.state == .dead)
        #expect(row.attempts == 3)
        #expect(row.lastError == "SMTP 550: no such user")
        #expect(row.sentAt == nil)
        #expect(try store.nextAttemptAt() == nil)

        let attempts = try store.attempts(key: key, channel: mail)
        #expect(attempts.map(\.at) == [1_002, 1_011, 1_031])
        #expect(attempts.map(\.status) == [421, 0, 550])
        #expect(attempts.map(\.outcome) == ["retry", "retry", "dead"], "the result, one word; the reason is the row's lastError")
        #expect(attempts.last?.reply == "550 no such user")
        #expect(attempts.first?.seconds == 1.5)
        #expect(try store.attempts(key: key, channel: teams).count == 1)
    }

    @Test func finishingAnUnknownRowIsAClearError() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        let error = #expect(throws: StoreError.self) {
            try store.finish(key: "nope#due", channel: mail, at: 1, status: 200, reply: "",
                             seconds: 0, result: .sent)
        }
        #expect(error?.description.contains(store.path) == true)
        #expect(error?.description.contains("nope#due") == true)
        // The failed transaction recorded nothing.
        #expect(try store.attempts(key: "nope#due", channel: mail).isEmpty)
    }

    @Test func oneDrainStepRecordsAddsAndClaimsTogether() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        _ = try store.enqueue([.init("a#due", mail, 100), .init("b#due", mail, 100)], plannedThrough: 100)
        #expect(try store.claimDue(now: 100, limit: 1).map(\.key) == ["a#due"])

        let done = Store.Finished(key: "a#due", channel: mail, at: 150, status: 250, reply: "",
                                  seconds: 0.1, result: .sent)
        let step = try store.drainStep(finishing: [done], enqueueing: [.init("c#due", mail, 200), .init("b#due", mail, 100)],
                                       plannedThrough: 200, claimingDueAt: 200, limit: 10)
        #expect(step.added == 1)  // b was there already
        #expect(step.claimed.map(\.key) == ["b#due", "c#due"])
        #expect(try store.item(key: "a#due", channel: mail)?.state == .sent)
        #expect(try store.attempts(key: "a#due", channel: mail).count == 1)
        #expect(try store.lastPlanned() == 200)
    }

    @Test func aDrainStepThatCannotRecordChangesNothing() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        _ = try store.enqueue([.init("b#due", mail, 100)], plannedThrough: 100)
        let unknown = Store.Finished(key: "nope#due", channel: mail, at: 150, status: 200, reply: "", seconds: 0, result: .sent)
        #expect(throws: StoreError.self) {
            _ = try store.drainStep(finishing: [unknown], enqueueing: [.init("c#due", mail, 200)], plannedThrough: 200,
                                    claimingDueAt: 200, limit: 10)
        }
        // Nothing added, nothing claimed, the plan not moved on: the next round does it all again.
        #expect(try store.item(key: "c#due", channel: mail) == nil)
        #expect(try store.item(key: "b#due", channel: mail)?.state == .pending)
        #expect(try store.lastPlanned() == 100)
    }

    @Test func rowsInflightAtACrashArePendingAgainAfterRestart() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        do {
            let daemon = try Store(directory: dir)
            _ = try daemon.enqueue([.init("a#due", mail, 100), .init("b#due", mail, 200), .init("c#due", mail, 9_000)])
            #expect(try daemon.claimDue(now: 500, limit: 10).count == 2)
            // The daemon dies here: no finish.
        }
        let restarted = try Store(directory: dir)
        #expect(try restarted.summary().counts[.inflight] == 2)
        #expect(try restarted.requeueInflight() == 2)
        #expect(try restarted.requeueInflight() == 0)
        let again = try restarted.claimDue(now: 500, limit: 10)
        #expect(again.map(\.key) == ["a#due", "b#due"])
        #expect(again.allSatisfy { $0.attempts == 0 })
    }

    @Test func nextIsTheEarliestPendingRowIncludingRetries() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        #expect(try store.nextAttemptAt() == nil)
        _ = try store.enqueue([.init("a#due", mail, 100), .init("b#due", mail, 500)])
        _ = try store.claimDue(now: 100, limit: 1)
        try store.finish(key: "a#due", channel: mail, at: 101, status: 503, reply: "",
                         seconds: 0.1, result: .retry(at: 130, reason: "HTTP 503"))
        #expect(try store.nextAttemptAt() == 130)
        #expect(try store.nextPending()?.key == "a#due")
    }
}

@Suite struct AcknowledgementTests {
    @Test func acknowledgingAgainReplacesDateAndNote() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        #expect(try store.acknowledgements().isEmpty)
        try store.acknowledge(handleplan, doneOn: "2021-09-28", note: nil, at: 10)
        try store.acknowledge("taskforce/ombygning", doneOn: "2023-12-20", note: "færdig", at: 11)
        try store.acknowledge(handleplan, doneOn: "2021-09-27", note: "godkendt i udvalget", at: 12)
        #expect(try store.acknowledgements() == [
            Store.Ack(target: handleplan, doneOn: "2021-09-27", note: "godkendt i udvalget", at: 12),
            Store.Ack(target: "taskforce/ombygning", doneOn: "2023-12-20", note: "færdig", at: 11),
        ])
    }

    @Test func cancelPendingSkipsOnlyThatOccurrencesWaitingRows() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        let occurrence = "taskforce/kvartal_rapport@2022-03-31#"
        _ = try store.enqueue([
            .init("\(occurrence)before-14d", mail, 100),  // will be sent before the ack
            .init("\(occurrence)due", mail, 200),
            .init("\(occurrence)due", teams, 200),
            .init("\(occurrence)overdue-1", mail, 300),
            .init("taskforce/kvartal_rapport@2022-06-30#due", mail, 400),  // another occurrence
            .init("taskforce/kvartalXrapport@2022-03-31#due", mail, 200),  // `_` is not a wildcard
        ])
        _ = try store.claimDue(now: 100, limit: 1)
        try store.finish(key: "\(occurrence)before-14d", channel: mail, at: 101, status: 200, reply: "", seconds: 0.1, result: .sent)

        #expect(try store.cancelPending(acknowledged: String(occurrence.dropLast())) == 3)
        #expect(try store.cancelPending(acknowledged: String(occurrence.dropLast())) == 0)
        let due = try #require(try store.item(key: "\(occurrence)due", channel: teams))
        #expect(due.state == .skipped)
        #expect(due.lastError == "acknowledged")
        #expect(try store.item(key: "\(occurrence)before-14d", channel: mail)?.state == .sent)
        #expect(try store.item(key: "taskforce/kvartal_rapport@2022-06-30#due", channel: mail)?.state == .pending)
        #expect(try store.item(key: "taskforce/kvartalXrapport@2022-03-31#due", channel: mail)?.state == .pending)
        #expect(try store.claimDue(now: 1_000, limit: 10).map(\.key)
            == ["taskforce/kvartalXrapport@2022-03-31#due", "taskforce/kvartal_rapport@2022-06-30#due"])

        // A whole milestone: every occurrence's waiting rows.
        _ = try store.enqueue([.init("taskforce/møde@2023-01-10#due", mail, 500),
                               .init("taskforce/møde@2023-07-10#due", mail, 600)])
        #expect(try store.cancelPending(acknowledged: "taskforce/møde") == 2)
    }

    @Test func lastPlannedSurvivesARestart() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        do {
            let store = try Store(directory: dir)
            #expect(try store.lastPlanned() == nil)
            try store.setLastPlanned(1_631_775_600)
            try store.setLastPlanned(1_631_862_000)
        }
        #expect(try Store(directory: dir).lastPlanned() == 1_631_862_000)
    }
}

@Suite struct SharedFileTests {
    @Test func theDaemonSeesAnAckMadeByAnotherProcess() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let daemon = try Store(directory: dir)
        let cli = try Store(directory: dir)
        #expect(try daemon.changedElsewhere() == false)

        // The daemon's own writes are not "elsewhere".
        _ = try daemon.enqueue([.init("a#due", mail, 100)])
        try daemon.setLastPlanned(100)
        #expect(try daemon.changedElsewhere() == false)

        try cli.acknowledge(handleplan, doneOn: "2021-09-28", note: "via frist ack", at: 50)
        #expect(try daemon.changedElsewhere() == true)
        #expect(try daemon.changedElsewhere() == false)
        #expect(try daemon.acknowledgements().map(\.target) == [handleplan])
        // And the other way round: the CLI notices what the daemon wrote.
        #expect(try cli.changedElsewhere() == true)
        #expect(try cli.summary().counts[.pending] == 1)
    }

    @Test func acknowledgingInALoopWhileTheDaemonWritesNeverFails() async throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let daemon = try Store(directory: dir)
        let cli = try Store(directory: dir)

        // Two writers at once, each on a thread of its own (they block in SQLite's busy wait);
        // each says what failed, if anything.
        async let writing = onOwnThread { () -> String? in
            do {
                // The daemon: enqueue, claim and finish 2,000 rows in many small transactions.
                for batch in 0..<100 {
                    let entries = (0..<20).map { i in
                        Store.Planned("p/load@2024-01-01#load-\(batch)-\(i)", mail, Int64(batch))
                    }
                    _ = try daemon.enqueue(entries)
                    for item in try daemon.claimDue(now: Double(batch), limit: 20) {
                        try daemon.finish(key: item.key, channel: item.channel, at: Double(batch), status: 200,
                                          reply: "", seconds: 0, result: .sent)
                    }
                }
                return nil
            } catch {
                return "\(error)"
            }
        }
        async let acknowledging = onOwnThread { () -> String? in
            do {
                // `frist ack` of other milestones, again and again (each drops its own queued rows only).
                for i in 0..<300 {
                    try cli.acknowledge("p/m@2024-01-\(String(format: "%02d", i % 28 + 1))",
                                        doneOn: "2024-01-01", note: "run \(i)", at: Double(i))
                    _ = try cli.acknowledgements()
                }
                return nil
            } catch {
                return "\(error)"
            }
        }
        let failures = try await [writing, acknowledging].compactMap { $0 }
        #expect(failures == [])
        let summary = try daemon.summary()
        #expect(summary.counts[.sent] == 2_000)
        #expect(try daemon.acknowledgements().count == 28)
        #expect(try daemon.changedElsewhere() == true)
    }
}

extension SharedFileTests {
    @Test func processesStartingTogetherOnANewFolderAllOpenIt() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let failures = Mutex<[String]>([])
        // The daemon's first start and a `frist ack` at the same moment: one creates the
        // schema, the others wait for it and find it there.
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            do {
                let store = try Store(directory: dir)
                try store.acknowledge("p/m\(i)", doneOn: "2024-01-01", note: nil, at: Double(i))
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try Store(directory: dir).acknowledgements().count == 6)
    }
}

@Suite struct StatusAndHistoryTests {
    @Test func summaryShowsCountsFailuresDeadLettersAndWhatIsNext() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        let empty = try store.summary()
        #expect(empty.counts == [.pending: 0, .inflight: 0, .sent: 0, .dead: 0, .skipped: 0, .held: 0])
        #expect(try store.nextPending() == nil && empty.failing.isEmpty && empty.dead.isEmpty)

        _ = try store.enqueue([.init("sent#due", mail, 10), .init("retry#due", mail, 20), .init("dead-old#due", mail, 30),
                               .init("dead-new#due", mail, 40), .init("flying#due", mail, 50), .init("waiting#due", mail, 5_000)])
        _ = try store.recordSkipped([.init("skipped#due", mail, 1)], reason: "older than catch_up")
        _ = try store.claimDue(now: 100, limit: 10)
        try store.finish(key: "sent#due", channel: mail, at: 101, status: 200, reply: "",
                         seconds: 0.1, result: .sent)
        try store.finish(key: "retry#due", channel: mail, at: 102, status: 429, reply: "",
                         seconds: 0.1, result: .retry(at: 160, reason: "HTTP 429"))
        try store.finish(key: "dead-old#due", channel: mail, at: 103, status: 404, reply: "",
                         seconds: 0.1, result: .dead(reason: "HTTP 404"))
        try store.finish(key: "dead-new#due", channel: mail, at: 104, status: 401, reply: "",
                         seconds: 0.1, result: .dead(reason: "HTTP 401"))

        let summary = try store.summary()
        #expect(summary.counts == [.pending: 2, .inflight: 1, .sent: 1, .dead: 2, .skipped: 1, .held: 0])
        #expect(summary.failing.map(\.key) == ["retry#due"])
        #expect(summary.failing.first?.lastError == "HTTP 429")
        #expect(summary.dead.map(\.key) == ["dead-new#due", "dead-old#due"])
        #expect(summary.dead.map(\.lastError) == ["HTTP 401", "HTTP 404"])
        #expect(try store.nextPending()?.key == "retry#due")
        #expect(try store.nextPending()?.nextAttemptAt == 160)
    }

    @Test func historyListsWhatWasSentSinceNewestFirst() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        _ = try store.enqueue((1...5).map { .init("r\($0)#due", mail, Int64($0)) })
        _ = try store.enqueue([.init("failed#due", mail, 6)])
        for item in try store.claimDue(now: 10, limit: 10) {
            let n = Double(item.dueAt)
            try store.finish(key: item.key, channel: item.channel, at: 1_000 + n, status: item.key == "failed#due" ? 500 : 200,
                             reply: "", seconds: 0,
                             result: item.key == "failed#due" ? .dead(reason: "HTTP 500") : .sent)
        }
        #expect(try store.history(since: 1_002, limit: 10).map(\.key) == ["r5#due", "r4#due", "r3#due", "r2#due"])
        #expect(try store.history(since: 0, limit: 2).map(\.key) == ["r5#due", "r4#due"])
        #expect(try store.history(since: 2_000, limit: 10).isEmpty)
        #expect(try store.history(since: 0, limit: 10).allSatisfy { $0.state == .sent && $0.sentAt != nil })
    }
}

@Suite struct OpeningTests {
    @Test func theStateFolderIsCreatedPrivateWithParents() throws {
        let (root, dir) = freshPath("var/lib/frist")
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        #expect(store.path == dir + "/frist.sqlite")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir)
        let mode = try #require(attributes[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o777 == 0o700)
        #expect(FileManager.default.fileExists(atPath: store.path))
        // WAL: a reader never waits for the daemon's writes.
        #expect(FileManager.default.fileExists(atPath: store.path + "-wal"))
    }

    @Test func anExistingFolderKeepsItsMode() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o750])
        _ = try Store(directory: dir + "/")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o750)
        #expect(FileManager.default.fileExists(atPath: dir + "/frist.sqlite"))
    }

    @Test func aFileWhereTheFolderShouldBeIsAClearError() throws {
        let (root, file) = freshPath("frist-state")
        defer { removeTree(root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: file, contents: Data("not a folder\n".utf8)))

        let error = #expect(throws: StoreError.self) { try Store(directory: file) }
        #expect(error?.description == "state directory \(file) is a file, not a directory")
        #expect(error?.path == file)

        let below = #expect(throws: StoreError.self) { try Store(directory: file + "/sub") }
        #expect(below?.description.contains(file) == true)
        #expect(below?.description.contains("\n") == false)
    }

    @Test func aDatabaseFileThatIsNotSQLiteIsAClearError() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir + "/frist.sqlite",
                                               contents: Data(String(repeating: "garbage ", count: 200).utf8)))
        let error = #expect(throws: StoreError.self) { try Store(directory: dir) }
        let text = try #require(error?.description)
        #expect(text.hasPrefix("cannot open state database \(dir)/frist.sqlite: "))
        #expect(!text.contains("\n"))
    }

    @Test func heldRowsCountNoAttemptResumeOnReleaseAndAreDroppedWhenTheirHoldRunsOut() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        _ = try store.enqueue([.init("a#due", mail, 100), .init("b#due", mail, 100)], plannedThrough: 100)
        _ = try store.claimDue(now: 100, limit: 10)
        func held(_ key: String, until: Double) -> Store.Finished {
            Store.Finished(key: key, channel: mail, at: 100, status: 0, reply: "", seconds: 0,
                           result: .hold(until: until, reason: "not in the running configuration"))
        }
        try store.finishAll([held("a#due", until: 500), held("b#due", until: 200)])
        let a = try #require(try store.item(key: "a#due", channel: mail))
        #expect(a.state == .held)
        #expect(a.attempts == 0)
        #expect(try store.attempts(key: "a#due", channel: mail).isEmpty)
        #expect(try store.claimDue(now: 1_000, limit: 10).isEmpty, "held rows are not sent")
        #expect(try store.nextAttemptAt() == 200, "the daemon wakes when a hold runs out")

        #expect(try store.dropExpiredHeld(now: 300, reason: "dropped") == 1)
        #expect(try store.item(key: "b#due", channel: mail)?.state == .skipped)
        #expect(try store.item(key: "b#due", channel: mail)?.lastError == "dropped")
        #expect(try store.releaseHeld(now: 310) == 1)
        #expect(try store.claimDue(now: 310, limit: 10).map(\.key) == ["a#due"])
    }

    @Test func claimsLeavePausedChannelsAlone() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let store = try Store(directory: dir)
        _ = try store.enqueue([.init("a#due", mail, 100), .init("a#due", "teams", 100), .init("b#due", "teams", 150)],
                              plannedThrough: 150)
        #expect(try store.nextAttemptAt(excluding: ["teams"]) == 100)
        #expect(try store.claimDue(now: 200, limit: 10, excluding: ["teams"]).map(\.channel) == [mail])
        #expect(try store.nextAttemptAt(excluding: ["teams"]) == nil)
        #expect(try store.waiting(channel: "teams").count == 2)
        #expect(try store.claimDue(now: 200, limit: 10).map(\.key) == ["a#due", "b#due"])
    }

    @Test func aZeroByteDatabaseIsRefusedAndMovedAsideOnlyWhenAskedTo() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        #expect(try Store(directory: dir).created)
        #expect(try !Store(directory: dir).created)
        #expect(FileManager.default.createFile(atPath: dir + "/frist.sqlite", contents: Data()))
        let error = #expect(throws: StoreError.self) { try Store(directory: dir) }
        #expect(error?.kind == .truncated)
        #expect(error?.description.contains("it is empty (0 bytes)") == true)
        let fresh = try Store(directory: dir, replacingUnreadable: true)
        #expect(fresh.created)
        let aside = try #require(fresh.movedAside)
        #expect(aside.hasPrefix(dir + "/frist.sqlite.unreadable-"))
        #expect(FileManager.default.fileExists(atPath: aside))
    }

    @Test func oneDaemonPerStateDirectory() throws {
        let (root, dir) = freshPath()
        defer { removeTree(root) }
        let lock = try StateLock(directory: dir)
        let error = #expect(throws: StoreError.self) { try StateLock(directory: dir) }
        #expect(error?.description.contains("frist (pid \(getpid())) is already running") == true)
        withExtendedLifetime(lock) {}
    }
}
