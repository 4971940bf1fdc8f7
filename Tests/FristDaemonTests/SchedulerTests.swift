import Foundation
import Synchronization
import Testing
@testable import FristDaemon
@testable import FristDelivery
@testable import FristStore

/// The scheduler's decisions, in process: a test clock the test advances, an in-memory store
/// and a scripted transport. Every wait is for a condition, never for time to pass.
@Suite struct SchedulerTests {
    static let due = "p/a@2021-09-30#due"

    @Test func aReminderGoesOutAtItsInstantAndNotBefore() async throws {
        let h = try SchedulerHarness(at: "2021-09-30T06:59:00Z", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        try await h.running {
            // Asleep until 09:00 local (07:00Z), having sent nothing.
            #expect(await h.idle(until: "2021-09-30T07:00:00Z"))
            h.advance(to: "2021-09-30T06:59:59Z")
            #expect(h.transport.keys.isEmpty)
            h.advance(to: "2021-09-30T07:00:00Z")
            #expect(await h.eventually { h.transport.keys == [Self.due] })
            #expect(await h.eventually { (try? h.store.item(key: Self.due, channel: "hook"))?.state == .sent })
        }
        #expect(h.log.contains("sent \(Self.due) via hook"))
    }

    @Test func afterDowntimeRecentRemindersAreCaughtUpAndOldOnesSkipped() async throws {
        let store = try Store.inMemory()
        // The last run planned through 20 September; the daemon comes back on 30 September at noon.
        try store.setLastPlanned(Int64(ISO8601DateFormatter().date(from: "2021-09-20T00:00:00Z")!.timeIntervalSince1970))
        let h = try SchedulerHarness(at: "2021-09-30T10:00:00Z", milestones: """
              - {id: a, title: A, due: 2021-09-30, before: [7d], overdue: null}
            """, extra: "catch_up: 3d", store: store)
        try await h.running {
            #expect(await h.eventually { h.transport.keys == [Self.due] })
        }
        // 23 September (7 days before) is older than catch_up: recorded, not sent.
        #expect(try store.item(key: "p/a@2021-09-30#before-7d", channel: "hook")?.state == .skipped)
        #expect(h.log.contains("older than catch_up: recorded as skipped, not sent"))
    }

    @Test func aFailedSendIsRetriedNoSoonerThanTheGatewaysRetryAfter() async throws {
        let h = try SchedulerHarness(at: "2021-09-30T06:59:59Z", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        let calls = Calls()
        h.transport.answer { _ in
            calls.next() == 1 ? .init(status: 503, headers: [HTTPHeader("Retry-After", "120")]) : .init()
        }
        try await h.running {
            h.advance(to: "2021-09-30T07:00:00Z")
            #expect(await h.eventually { (try? h.store.item(key: Self.due, channel: "hook"))?.attempts == 1 })
            let item = try #require(try h.store.item(key: Self.due, channel: "hook"))
            #expect(item.state == .pending)
            #expect(item.nextAttemptAt >= h.clock.seconds() + 120, "not before the gateway's Retry-After")
            #expect(item.lastError == "HTTP 503")
            h.clock.advance(119)
            #expect(h.transport.keys.count == 1)
            h.clock.advance(item.nextAttemptAt - h.clock.seconds())
            #expect(await h.eventually { (try? h.store.item(key: Self.due, channel: "hook"))?.state == .sent })
        }
        #expect(h.transport.keys == [Self.due, Self.due])
        #expect(h.log.contains("hook: the gateway asked to wait (Retry-After)"))
    }

    @Test func aReminderStillFailingAfterMaxAgeIsADeadLetterReportedToTheAdmin() async throws {
        let h = try SchedulerHarness(at: "2021-09-30T06:59:59Z", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}",
                                     extra: "max_age: 1h\ndead_letters: [admin]")
        h.transport.answer { request in request.url.hasSuffix("/admin") ? .init() : .init(status: 500) }
        let item = { try h.store.item(key: Self.due, channel: "hook") }
        try await h.running {
            h.advance(to: "2021-09-30T07:00:00Z")
            // Backoff after backoff, each retry when it is due, until the hour is up.
            var attempts = 0
            for _ in 0..<60 {
                #expect(await h.eventually { (try? item())?.attempts ?? 0 > attempts })
                let now = try #require(try item())
                attempts = now.attempts
                if now.state == .dead { break }
                h.clock.advance(max(0, now.nextAttemptAt - h.clock.seconds()))
            }
            #expect(try item()?.state == .dead)
            #expect(await h.eventually { h.transport.requests.contains { $0.url.hasSuffix("/admin") } }, "the admin is told")
        }
        let dead = try #require(try item())
        #expect(dead.attempts > 3, "retried with backoff before giving up")
        #expect(h.clock.seconds() - (try #require(dead.firstAttemptAt)) <= 3_600, "never retried past max_age")
        #expect(h.log.contains("\(Self.due) via hook not delivered: "))
    }

    @Test func anAcknowledgementBeforeTheSendStopsIt() async throws {
        let h = try SchedulerHarness(at: "2021-09-30T06:59:00Z", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: {every: 1d, times: 3}}")
        try await h.running {
            #expect(await h.idle(until: "2021-09-30T07:00:00Z"))
            _ = try h.store.acknowledge("p/a@2021-09-30", doneOn: "2021-09-30", note: nil, at: h.clock.seconds())
            try await h.scheduler.acknowledgementsChanged()
            // The next round is no longer 09:00 today: nothing is left to send for the occurrence.
            #expect(await h.eventually { !h.clock.sleepingUntil.contains(ISO8601DateFormatter().date(from: "2021-09-30T07:00:00Z")!.timeIntervalSince1970) })
            h.advance(to: "2021-10-05T07:00:00Z")
        }
        #expect(h.transport.keys.isEmpty)
    }

    @Test func aReloadSwapsThePlan() async throws {
        let h = try SchedulerHarness(at: "2021-09-30T06:58:00Z", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        try await h.running {
            #expect(await h.idle(until: "2021-09-30T07:00:00Z"))
            try SchedulerHarness.write(h.folder, milestones: "  - {id: b, title: B, due: \"2021-09-30T08:59\", before: [], overdue: null}", extra: "")
            await h.scheduler.reload(try SchedulerHarness.setup(h.folder))
            #expect(await h.idle(until: "2021-09-30T06:59:00Z"), "the new milestone's instant is the next round")
            h.advance(to: "2021-09-30T07:00:00Z")
            #expect(await h.eventually { h.transport.keys == ["p/b@2021-09-30#due"] })
        }
        #expect(h.log.contains("configuration reloaded: 1 milestones"))
    }

    @Test func aGracefulShutdownLetsSendsInFlightFinishAndRecordsThem() async throws {
        let h = try SchedulerHarness(at: "2021-09-30T06:59:59Z", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        h.transport.hold()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await h.scheduler.run() }
            _ = await h.idle(until: "2021-09-30T07:00:00Z")
            h.advance(to: "2021-09-30T07:00:00Z")
            #expect(await h.eventually { h.transport.requests.count == 1 })
            h.scheduler.requestShutdown()
            #expect(try h.store.item(key: Self.due, channel: "hook")?.state == .inflight, "still sending")
            h.transport.release()
            try await group.waitForAll()
        }
        #expect(try h.store.item(key: Self.due, channel: "hook")?.state == .sent)
    }

    @Test func aChannelsRateLimitSpacesABurst() async throws {
        let lines = (0..<5).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }.joined(separator: "\n")
        let h = try SchedulerHarness(at: "2021-09-30T06:59:59Z", milestones: lines)
        // Two a minute: the third waits thirty seconds on the clock.
        try SchedulerHarness.write(h.folder, milestones: lines, extra: "")
        let text = try String(contentsOfFile: h.folder + "/frist.yaml", encoding: .utf8)
            .replacingOccurrences(of: "hook: {type: webhook, url: \"http://127.0.0.1:9/hook\"}",
                                  with: "hook: {type: webhook, url: \"http://127.0.0.1:9/hook\", rate: 2/min}")
        try text.write(toFile: h.folder + "/frist.yaml", atomically: true, encoding: .utf8)
        try await h.running {
            await h.scheduler.reload(try SchedulerHarness.setup(h.folder))
            h.advance(to: "2021-09-30T07:00:00Z")
            #expect(await h.eventually { h.transport.keys.count == 2 })
            #expect(await h.eventually { h.clock.sleepingUntil.contains(h.clock.seconds() + 30) })
            #expect(h.transport.keys.count == 2)
            h.clock.advance(30)
            #expect(await h.eventually { h.transport.keys.count == 3 })
            h.clock.advance(30)
            #expect(await h.eventually { h.transport.keys.count == 4 })
            h.clock.advance(30)
            #expect(await h.eventually { h.transport.keys.count == 5 })
        }
    }
}

/// Counts calls from any thread.
final class Calls: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
