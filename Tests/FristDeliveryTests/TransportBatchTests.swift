import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// Many requests handed to the libcurl transport at once, as a burst hands them over, against
/// real HTTP servers on 127.0.0.1; and easy handles reused from one transfer to the next.
@Suite struct TransportBatchTests {
    @Test func aBatchGetsEveryAnswerBackInTheOrderOfItsRequests() async throws {
        let fine = try await TestPeer.http()
        defer { fine.stop() }
        // The slow one answers last, so answers arrive in another order than the requests.
        let slow = try await TestPeer.http(script: #"[{"status":503,"delay":0.2}]"#)
        defer { slow.stop() }
        let closed = try freeLoopbackPort()
        let transport = CurlTransport()
        defer { transport.shutdown() }
        let urls = (0..<30).map { i in
            switch i % 3 {
            case 0: slow.url + "/slow/\(i)"
            case 1: fine.url + "/fine/\(i)"
            default: "http://127.0.0.1:\(closed)/nobody/\(i)"
            }
        }
        let responses = await transport.perform(urls.map { TransportRequest(url: $0, body: Array("\($0)".utf8)) })
        #expect(responses.count == 30)
        for (i, response) in responses.enumerated() {
            switch i % 3 {
            case 0: #expect(response.status == 503 && response.failure == nil, "request \(i)")
            case 1: #expect(response.status == 200 && response.failure == nil, "request \(i)")
            default: #expect(response.failure?.kind == .connection, "request \(i)")
            }
        }
        #expect(try await fine.records(atLeast: 10).compactMap { $0["path"] as? String }.sorted()
            == (0..<30).filter { $0 % 3 == 1 }.map { "/fine/\($0)" }.sorted())
    }

    // A cluster node that froze with transfers still waiting in the transport must not send
    // them once thawed: its claim may have been taken over meanwhile.
    @Test func aRequestWhoseSendByHasPassedWhenItWouldGoOutIsNotSent() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let transport = CurlTransport()
        defer { transport.shutdown() }
        let monotonic = Monotonic.seconds()
        var late = TransportRequest(url: peer.url + "/late", body: Array("late".utf8))
        late.sendBy = monotonic - 1
        var due = TransportRequest(url: peer.url + "/due", body: Array("due".utf8))
        due.sendBy = monotonic + 600
        let responses = await transport.perform([late, due])
        #expect(responses[0].failure?.kind == .withheld, "\(String(describing: responses[0].failure))")
        #expect(responses[0].status == 0)
        #expect(responses[1].failure == nil && responses[1].status == 200)
        // Both answered; the sink saw only the one in time.
        #expect(try peer.records().compactMap { $0["path"] as? String } == ["/due"])
        let attempt = DeliveryAttempt(responses[0], redactor: Redactor(), mail: false)
        #expect(attempt.outcome == .withheld("not sent: its time to go out had passed"))
        #expect(RetryPolicy().decide(attempt.outcome, failures: 1, firstAttempt: 0, now: 0, random: 0) == .release)
    }

    @Test func anEmptyBatchAsksNothing() async {
        let transport = CurlTransport()
        defer { transport.shutdown() }
        #expect(await transport.perform([TransportRequest]()).isEmpty)
    }

    @Test func aReusedHandleCarriesNothingOverFromTheTransferBefore() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let transport = CurlTransport()
        defer { transport.shutdown() }
        // One after the other, so the second and third run on the handle the first one used.
        _ = await transport.perform(TransportRequest(url: peer.url + "/first", method: "PUT",
                                                     headers: [HTTPHeader("X-Token", "one")],
                                                     body: Array("first body".utf8)))
        _ = await transport.perform(TransportRequest(url: peer.url + "/second", method: "GET", body: []))
        _ = await transport.perform(TransportRequest(url: peer.url + "/third", body: Array("third".utf8)))
        let records = try await peer.records(atLeast: 3)
        #expect(records.map { $0["method"] as? String } == ["PUT", "GET", "POST"])
        #expect(records.map { $0["body"] as? String } == ["first body", "", "third"])
        let headers = records.map { $0["headers"] as? [String: String] ?? [:] }
        #expect(headers[0]["x-token"] == "one")
        #expect(headers[1]["x-token"] == nil && headers[2]["x-token"] == nil)
        #expect(headers[1]["content-length"] == nil)
    }
}
