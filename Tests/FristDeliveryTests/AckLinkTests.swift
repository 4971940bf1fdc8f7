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

    @Test("A link signed before the move to swift-crypto still verifies: the same HMAC-SHA256")
    func knownAnswer() {
        // printf 'ack\ntaskforce/apv@2021-09-30\n5000' | openssl dgst -sha256 -hmac "nøgle-1"
        let signature = "f86f25f8e74c36d8e0e235325991b71a24048ddc44874d7de8370999aea4bba5"
        #expect(links.url(target: "taskforce/apv@2021-09-30", expires: 5_000).hasSuffix("&s=" + signature))
        #expect(links.verify(target: "taskforce/apv@2021-09-30", expires: "5000", signature: signature, now: 0)
            == .valid(target: "taskforce/apv@2021-09-30"))
    }

    @Test("Without a key nothing verifies, not even a link signed with that empty key")
    func failsClosed() {
        let keyless = AckLinks(baseURL: "https://frist.kommune.dk", key: [], lifetime: 86_400)
        let q = query(keyless.url(target: "taskforce/apv@2021-09-30", expires: 5_000))
        #expect(keyless.verify(target: q["t"], expires: q["e"], signature: q["s"], now: 0) == .forged)
        #expect(keyless.verify(target: q["t"], expires: q["e"], signature: "", now: 0) == .forged)
    }

    @Test("One constant-time comparison for tokens and signatures")
    func constantTimeEquality() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("ab".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal([], Array("a".utf8)))
        #expect(ConstantTime.equal([], []))
    }
}
