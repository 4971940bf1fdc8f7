import Foundation
import Testing
@testable import FristCore
@testable import FristDaemon
@testable import FristStore

/// The scheduler's pure decisions: what a round writes or skips, and when the next is due.
@Suite struct RoundPlanTests {
    static func instant(_ iso: String) -> Int64 { Int64(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970) }

    /// Two milestones on `hook` (one also on `admin`), a digest on Mondays, catch_up one day.
    static func roundPlan(acknowledged: [String] = []) throws -> RoundPlan {
        let folder = NSTemporaryDirectory() + "frist-roundplan-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/schedules", withIntermediateDirectories: true)
        try SchedulerHarness.write(folder, milestones: """
              - {id: a, title: A, due: 2021-09-30, before: [7d], overdue: null}
              - {id: b, title: B, due: 2021-10-01, before: [], overdue: null, notify: [hook, admin]}
            """, extra: "digests:\n  - {id: uge, every: monday, time: \"08:00\", notify: [admin]}")
        let setup = try SchedulerHarness.setup(folder)
        let acks = Acknowledgements(acknowledged.map { .init(target: $0, doneOn: LocalDate(iso: "2021-09-01")!.dayNumber) })
        return RoundPlan(plan: setup.plan, digests: setup.digests, acknowledgements: acks, catchUp: 86_400)
    }

    @Test func aRoundWritesWhatFellDueAndSkipsWhatIsOlderThanCatchUp() throws {
        let plan = try Self.roundPlan()
        // Down from 20 September to 1 October 10:00Z: anything more than a day old is skipped.
        let (due, stale) = plan.due(after: Self.instant("2021-09-20T00:00:00Z"), through: Self.instant("2021-10-01T10:00:00Z"))
        #expect(stale.map(\.key) == ["p/a@2021-09-30#before-7d", "p/a@2021-09-30#due",
                                     "digest/uge@2021-09-20#digest", "digest/uge@2021-09-27#digest"])
        // One row per channel.
        #expect(due.map { "\($0.key) \($0.channel)" } == ["p/b@2021-10-01#due hook", "p/b@2021-10-01#due admin"])
        #expect(due.first?.dueAt == Self.instant("2021-10-01T07:00:00Z"))
        // Exactly catch_up old is still sent.
        let edge = plan.due(after: Self.instant("2021-09-29T00:00:00Z"), through: Self.instant("2021-10-01T07:00:00Z"))
        #expect(edge.due.first?.key == "p/a@2021-09-30#due" && edge.stale.isEmpty)
    }

    @Test func nothingFallsDueTwiceAndAcknowledgedRemindersAreLeftOut() throws {
        let plan = try Self.roundPlan(acknowledged: ["p/a@2021-09-30"])
        let (due, stale) = plan.due(after: Self.instant("2021-09-29T00:00:00Z"), through: Self.instant("2021-09-30T07:00:00Z"))
        #expect(due.isEmpty && stale.isEmpty)
        #expect(plan.due(after: Self.instant("2021-09-30T07:00:00Z"), through: Self.instant("2021-09-30T07:00:00Z")) == ([], []))
    }

    @Test func theNextRoundIsTheEarliestOfReminderDigestRetryAndPause() throws {
        let plan = try Self.roundPlan()
        let through = Self.instant("2021-09-28T12:00:00Z")
        let next = plan.next(plannedThrough: through, nextAttempt: nil, pausesEnd: nil)
        #expect(next.at == Double(Self.instant("2021-09-30T07:00:00Z")))
        #expect(next.reminder.map { plan.plan.key(of: $0) } == "p/a@2021-09-30#due")
        #expect(next.digest?.key == "digest/uge@2021-10-04#digest")
        let retry = Double(Self.instant("2021-09-29T00:00:00Z"))
        #expect(plan.next(plannedThrough: through, nextAttempt: retry, pausesEnd: retry + 60).at == retry)
        #expect(plan.next(plannedThrough: through, nextAttempt: retry + 60, pausesEnd: retry).at == retry)
    }

    @Test func anAcknowledgedReminderIsNotTheNextRound() throws {
        let plan = try Self.roundPlan(acknowledged: ["p/a@2021-09-30"])
        let next = plan.next(plannedThrough: Self.instant("2021-09-28T12:00:00Z"), nextAttempt: nil, pausesEnd: nil)
        #expect(next.reminder.map { plan.plan.key(of: $0) } == "p/b@2021-10-01#due")
    }
}
