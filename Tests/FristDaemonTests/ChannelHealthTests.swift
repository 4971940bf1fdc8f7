import Testing
@testable import FristDaemon
import FristStore

/// What the daemon says about a failing channel, decided on a test clock: a line when it
/// starts failing, summaries, a line when it delivers again — never a line per attempt.
@Suite struct ChannelHealthTests {
    @Test func anOutageIsOneLineThenSummariesThenOneLine() {
        var health = ChannelHealth()
        let first = health.failed("teams", reason: "HTTP 503", now: 0)
        #expect(first == .failing)
        var lines = 0
        for t in 1...299 where health.failed("teams", reason: "HTTP 503", now: Double(t)) != nil { lines += 1 }
        #expect(lines == 0)
        let early = health.summariesDue(now: 299)
        #expect(early.isEmpty)
        let summary = health.summariesDue(now: 300)
        #expect(summary.map(\.channel) == ["teams"])
        #expect(summary.first?.trouble.unreported == 299)
        let again = health.summariesDue(now: 301)
        #expect(again.isEmpty, "one summary per interval")
        guard case .recovered(let trouble) = health.delivered("teams", now: 400) else {
            Issue.record("no recovery line")
            return
        }
        #expect(trouble.failures == 300)
        #expect(trouble.since == 0)
    }

    @Test func aFlappingGatewayIsNotALinePerAttempt() {
        var health = ChannelHealth()
        var changes = 0
        for t in 0..<1_000 {
            let now = Double(t) / 10  // 100 s of alternating answers
            if health.failed("hook", reason: "HTTP 503", now: now) != nil { changes += 1 }
            if health.delivered("hook", now: now) != nil { changes += 1 }
        }
        #expect(changes == 2, "one 'failing' and one 'delivering again', not \(changes)")
    }

    @Test func aChannelHealthyForAWholeIntervalIsForgottenAndMayFailAnew() {
        var health = ChannelHealth()
        _ = health.failed("hook", reason: "timeout", now: 0)
        _ = health.delivered("hook", now: 10)
        let none = health.summariesDue(now: 400)
        #expect(none.isEmpty)
        let anew = health.failed("hook", reason: "timeout", now: 401)
        #expect(anew == .failing)
    }

    @Test func unwritableStateBacksOffAndCountsAsStuckPastItsLimit() {
        var writes = StateWrites()
        let full = StoreError(path: "/s", description: "disk full", kind: .diskFull)
        let news = writes.failed(full, now: 0)
        #expect(news, "the first failure is news")
        let repeated = writes.failed(full, now: 1)
        #expect(!repeated, "the same failure again is not")
        #expect(writes.delay == 1)
        for t in 2...10 { _ = writes.failed(full, now: Double(t)) }
        #expect(writes.delay == StateWrites.longestDelay)
        let locked = writes.failed(StoreError(path: "/s", description: "locked", kind: .locked), now: 11)
        #expect(locked, "a new reason is news")
        #expect(!writes.stuck(longerThan: 300, now: 299))
        #expect(writes.stuck(longerThan: 300, now: 301))
        let recovered = writes.succeeded()
        #expect(recovered)
        #expect(writes.recovered)
        #expect(!writes.stuck(longerThan: 300, now: 1_000))
        let quiet = writes.succeeded()
        #expect(!quiet, "working writes are not news")
    }
}
