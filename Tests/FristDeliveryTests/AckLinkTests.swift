import FristDelivery
import Foundation
import Testing

@Suite("Signed ack links")
struct AckLinkTests {
    let links = AckLinks(baseURL: "https://frist.kommune.dk/", key: Array("nøgle-1".utf8), lifetime: 86_400)

    /// The query values of a link, percent-decoded, as the listener reads them.
    func query(_ url: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in url.split(separator: "?", maxSplits: 1).last!.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            values[parts[0]] = parts[1].removingPercentEncoding
        }
        return values
    }

    @Test("A link names its occurrence, survives Markdown untouched, and verifies until it expires")
    func roundTrip() throws {
        let url = links.url(target: "taskforce/apv_handleplan@2021-09-30", expires: 1_000)
        #expect(url.hasPrefix("https://frist.kommune.dk/ack/link?t=taskforce%2Fapv%5Fhandleplan%402021-09-30&e=1000&s="))
        // Nothing Markdown or chat formatting would touch.
        #expect(!url.contains { "\\*_`[]<>#|~ ".contains($0) })
        let q = query(url)
        #expect(links.verify(target: q["t"], expires: q["e"], signature: q["s"], now: 1_000)
            == .valid(target: "taskforce/apv_handleplan@2021-09-30"))
        #expect(links.verify(target: q["t"], expires: q["e"], signature: q["s"], now: 1_001)
            == .expired(target: "taskforce/apv_handleplan@2021-09-30"))
        // The same inputs give the same link: a retried message carries the same one.
        #expect(links.url(target: "taskforce/apv_handleplan@2021-09-30", expires: 1_000) == url)
    }

    @Test("Changing any part, or signing with another key, makes a link worthless", arguments: [
        ("t", "taskforce/other@2021-09-30"), ("e", "99999999999"), ("s", String(repeating: "0", count: 64)), ("s", ""),
    ])
    func tampering(part: String, value: String) {
        var q = query(links.url(target: "taskforce/apv@2021-09-30", expires: 5_000))
        q[part] = value
        #expect(links.verify(target: q["t"], expires: q["e"], signature: q["s"], now: 0) == .forged)
    }

    @Test func anotherKeyDoesNotVerify() {
        let other = AckLinks(baseURL: "https://frist.kommune.dk", key: Array("nøgle-2".utf8), lifetime: 86_400)
        let q = query(other.url(target: "taskforce/apv@2021-09-30", expires: 5_000))
        #expect(links.verify(target: q["t"], expires: q["e"], signature: q["s"], now: 0) == .forged)
        #expect(links.verify(target: nil, expires: q["e"], signature: q["s"], now: 0) == .forged)
    }
}
