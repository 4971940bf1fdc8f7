import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// The libcurl transport against a real HTTP server on 127.0.0.1 that misbehaves on purpose:
/// how each failure is classified, and that retries following the policy get a message through.
@Suite struct TransportFailureTests {
    let transport = CurlTransport()
    let redactor = Redactor()

    func attempt(_ peer: TestPeer, timeout: Int = 5) async -> DeliveryAttempt {
        let request = TransportRequest(url: peer.url + "/hook", headers: [HTTPHeader("Content-Type", "application/json")],
                                       body: Array(#"{"text":"hej"}"#.utf8), timeoutSeconds: timeout)
        return DeliveryAttempt(await transport.perform(request), redactor: redactor, mail: false)
    }

    @Test func aGatewayThatFailsTwiceGetsTheMessageOnTheThirdTryWithBackoff() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":503,"times":2},{"status":200,"body":"ok"}]"#)
        defer { peer.stop() }
        // max_age far off: the test is about the backoff, and a busy test machine can hold an
        // attempt's answer for half a minute before this task runs again.
        let policy = RetryPolicy(baseDelay: 0.05, maxDelay: 1, maxAge: 3_600, jitter: 0.5)
        var failures = 0
        var waits: [Double] = []
        let first = Date().timeIntervalSince1970
        while true {
            let result = await attempt(peer)
            if case .retryable = result.outcome { failures += 1 }
            let decision = policy.decide(result.outcome, failures: failures, firstAttempt: first,
                                         now: Date().timeIntervalSince1970, random: 0.5)
            guard case .retry(let at) = decision else {
                #expect(decision == .done)
                break
            }
            let wait = at - Date().timeIntervalSince1970
            waits.append(wait)
            try await Task.sleep(for: .seconds(max(0, wait)))
        }
        #expect(failures == 2)
        #expect(try peer.records().count == 3)
        // Exponential: the second wait is about twice the first (jitter 0.5 · 0.5 on both).
        #expect(waits.count == 2 && waits[1] > waits[0] * 1.6)
    }

    @Test func aRateLimitedGatewayIsAskedAgainNoEarlierThanItsRetryAfter() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":429,"headers":{"Retry-After":"2"},"body":"slow down"}]"#)
        defer { peer.stop() }
        let result = await attempt(peer)
        #expect(result.status == 429)
        #expect(result.outcome == .retryable("HTTP 429", retryAfter: "2"))
        let now = 1_000.0
        let decision = RetryPolicy(baseDelay: 0.1).decide(result.outcome, failures: 1, firstAttempt: now, now: now, random: 0)
        #expect(decision == .retry(at: now + 2))
    }

    @Test func aGatewayThatHangsPastTheTimeoutIsATimeoutWorthRetrying() async throws {
        let peer = try await TestPeer.http(script: #"[{"action":"hang","seconds":10}]"#)
        defer { peer.stop() }
        let result = await attempt(peer, timeout: 1)
        // The transfer gave up after its own 1 s, not after the server's 10 s of silence.
        #expect(result.seconds < 9, "the 1 s timeout, not the 10 s hang")
        guard case .retryable(let reason, _) = result.outcome else {
            Issue.record("expected a retryable timeout, got \(result.outcome)")
            return
        }
        #expect(reason.lowercased().contains("timeout") || reason.lowercased().contains("timed out"))
    }

    @Test func aResetConnectionIsWorthRetrying() async throws {
        let peer = try await TestPeer.http(script: #"[{"action":"reset"}]"#)
        defer { peer.stop() }
        let result = await attempt(peer)
        guard case .retryable = result.outcome else {
            Issue.record("expected retryable, got \(result.outcome)")
            return
        }
        #expect(result.status == 0)
    }

    @Test func nobodyListeningIsWorthRetrying() async throws {
        let peer = try await TestPeer.http()
        let url = peer.url
        await peer.shutDown()
        let request = TransportRequest(url: url + "/hook", body: [1], timeoutSeconds: 2)
        let result = DeliveryAttempt(await transport.perform(request), redactor: redactor, mail: false)
        guard case .retryable = result.outcome else {
            Issue.record("expected retryable, got \(result.outcome)")
            return
        }
    }

    @Test(arguments: [400, 401, 403, 404, 410, 422])
    func otherClientErrorsGoStraightToTheDeadLetters(status: Int) async throws {
        let peer = try await TestPeer.http(script: "[{\"status\":\(status),\"body\":\"no\"}]")
        defer { peer.stop() }
        let result = await attempt(peer)
        #expect(result.outcome == .permanent("HTTP \(status)"))
        #expect(RetryPolicy().decide(result.outcome, failures: 1, firstAttempt: 0, now: 0, random: 0) == .deadLetter("HTTP \(status)"))
    }

    @Test(arguments: [408, 429, 500, 502, 503, 504])
    func serverTroubleIsRetried(status: Int) async throws {
        let peer = try await TestPeer.http(script: "[{\"status\":\(status)}]")
        defer { peer.stop() }
        guard case .retryable = await attempt(peer).outcome else {
            Issue.record("HTTP \(status) should be retried")
            return
        }
    }

    @Test func manyTransfersRunAtOnceOverKeptAliveConnections() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let results = await withTaskGroup(of: DeliveryOutcome.self) { group in
            for _ in 0..<200 { group.addTask { await attempt(peer).outcome } }
            return await group.reduce(into: [DeliveryOutcome]()) { $0.append($1) }
        }
        #expect(results.count == 200 && results.allSatisfy { $0 == .delivered })
        let records = try await peer.records(atLeast: 200)
        // Connections are reused: far fewer connections than requests.
        let connections = Set(records.compactMap { $0["conn"] as? Int })
        #expect(connections.count <= 16)
    }

    @Test func theResponseBodyIsCapped() async throws {
        let big = String(repeating: "x", count: 50_000)
        let peer = try await TestPeer.http(script: "[{\"status\":500,\"body\":\"\(big)\"}]")
        defer { peer.stop() }
        let request = TransportRequest(url: peer.url, body: [1], maxResponseBytes: 1000)
        let response = await transport.perform(request)
        #expect(response.status == 500 && response.body.count == 1000)
    }
}
