import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// The retry policy on its own: pure arithmetic on outcomes and times.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(baseDelay: 10, maxDelay: 600, maxAge: 86_400, jitter: 0.2)

    @Test(arguments: [(1, 10.0), (2, 20.0), (3, 40.0), (6, 320.0), (7, 600.0), (20, 600.0)])
    func backoffDoublesUpToTheCap(failures: Int, delay: Double) {
        let d = policy.decide(.retryable("HTTP 503", retryAfter: nil), failures: failures, firstAttempt: 0, now: 100, random: 0)
        #expect(d == .retry(at: 100 + delay))
    }

    @Test func jitterAddsUpToItsFraction() {
        let low = policy.decide(.retryable("x", retryAfter: nil), failures: 3, firstAttempt: 0, now: 0, random: 0)
        let high = policy.decide(.retryable("x", retryAfter: nil), failures: 3, firstAttempt: 0, now: 0, random: 0.999)
        #expect(low == .retry(at: 40))
        guard case .retry(let at) = high else { Issue.record("expected a retry"); return }
        #expect(at > 47.9 && at < 48)
    }

    @Test(arguments: [
        ("120", 120.0),
        ("0", 10.0),  // never sooner than the backoff
        ("Wed, 21 Oct 2015 07:28:00 GMT", 300.0),
    ])
    func retryAfterIsHonoured(header: String, expected: Double) {
        // 2015-10-21T07:23:00Z, five minutes before the HTTP-date above.
        let now = 1_445_412_180.0
        let d = policy.decide(.retryable("HTTP 429", retryAfter: header), failures: 1, firstAttempt: now, now: now, random: 0)
        #expect(d == .retry(at: now + expected))
    }

    @Test func anAbsurdRetryAfterIsCapped() {
        let d = RetryPolicy(baseDelay: 1, maxRetryAfter: 3_600).decide(
            .retryable("HTTP 429", retryAfter: "999999"), failures: 1, firstAttempt: 0, now: 0, random: 0)
        #expect(d == .retry(at: 3_600))
    }

    @Test func aReminderStillFailingAfterMaxAgeIsDeadLettered() {
        let d = policy.decide(.retryable("HTTP 503", retryAfter: nil), failures: 40, firstAttempt: 0, now: 86_000, random: 0)
        guard case .deadLetter(let reason) = d else { Issue.record("expected a dead letter, got \(d)"); return }
        #expect(reason.hasPrefix("HTTP 503; still failing after 23 h"))
    }

    @Test func deliveredIsDoneAndPermanentIsDeadLetteredAtOnce() {
        #expect(policy.decide(.delivered, failures: 0, firstAttempt: 0, now: 0, random: 0) == .done)
        #expect(policy.decide(.permanent("HTTP 404"), failures: 1, firstAttempt: 0, now: 0, random: 0) == .deadLetter("HTTP 404"))
    }

    @Test func aTokenBucketSpreadsABacklog() {
        var limiter = RateLimiter(.init(count: 5, perSeconds: 2))  // Discord's webhook limit
        let burst = (0..<5).map { _ in limiter.delay(now: 100) }
        #expect(burst == [0, 0, 0, 0, 0])
        // One token per 0.4 s, each waiting send taking its own: spread, not all at 100.4.
        let queued = (0..<3).map { _ in limiter.delay(now: 100) }
        #expect(zip(queued, [0.4, 0.8, 1.2]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(queued)")
        // By 101.2 those three have gone; a send at 102 finds a token come back.
        #expect(limiter.delay(now: 102) == 0)
    }
}
