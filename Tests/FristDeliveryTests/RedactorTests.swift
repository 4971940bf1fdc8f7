import Foundation
import Testing
import FristConfig
@testable import FristDelivery

/// The redactor on its own: every form in which a gateway may echo a secret is masked, and
/// the words around it stay readable.
@Suite struct RedactorTests {
    static let slack = "https://hooks.slack.com/services/T0AAA1111/B0BBB2222/xoxbSecretPart9f3a7c21"
    static let teams = "https://acme.webhook.office.com/webhookb2/6f1c2e3a-1111-4a2b-9c3d-0123456789ab@5d2e/IncomingWebhook/f00dfeed1234/abcd"

    static func redactor(_ secrets: String...) -> Redactor {
        let redactor = Redactor()
        for secret in secrets { redactor.register(secret) }
        return redactor
    }

    @Test("each echoed form of a webhook URL is masked", arguments: [
        "invalid token xoxbSecretPart9f3a7c21",                                  // last segment alone
        "unknown team T0AAA1111",                                                // a middle segment
        #"{"url":"https:\/\/hooks.slack.com\/services\/T0AAA1111\/B0BBB2222\/xoxbSecretPart9f3a7c21"}"#,  // JSON-escaped
        "no hook at /services/T0AAA1111/B0BBB2222/xoxbSecretPart9f3a7c21",      // path
        "POST https://hooks.slack.com/services/T0AAA1111/B0BBB2222/xoxbSecretPart9f3a7c21 failed",
    ])
    func urlForms(_ reply: String) {
        let out = Self.redactor(Self.slack).redact(reply)
        for secret in ["xoxbSecretPart9f3a7c21", "T0AAA1111", "B0BBB2222"] { #expect(!out.contains(secret), "\(out)") }
        #expect(out.contains(Redactor.mask))
    }

    @Test func aQueryValueUserInfoAndPercentFormsAreMasked() {
        let r = Self.redactor("https://api:pa55-word@example.com/hook/run?sig=AbCdEf0123456789xyz&api-version=1&name=a%2Fb%40c1234567")
        #expect(r.redact("bad sig AbCdEf0123456789xyz") == "bad sig ••••")
        #expect(r.redact("login pa55-word refused") == "login •••• refused")
        #expect(r.redact("name a/b@c1234567") == "name ••••")        // decoded
        #expect(r.redact("name a%2Fb%40c1234567") == "name ••••")    // as written
        #expect(r.redact(#"{"u":"https:\/\/api:pa55-word@example.com\/hook\/run?sig=AbCdEf0123456789xyz\u0026api-version=1"}"#)
            .contains("pa55") == false)
    }

    @Test func aGoStyleJSONEscapedQueryIsMasked() {
        let r = Self.redactor("https://example.com/x?a=1&b=2")
        #expect(r.redact(#"{"url":"https://example.com/x?a=1\u0026b=2"}"#) == #"{"url":"••••"}"#)
    }

    @Test func eachLongWordOfAHeaderValueIsMasked() {
        let r = Self.redactor("Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig")
        #expect(r.redact("token eyJhbGciOiJIUzI1NiJ9.payload.sig expired") == "token •••• expired")
        #expect(r.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig") == "Authorization: ••••")
        #expect(r.redact("use a Bearer token") == "use a Bearer token")
    }

    @Test func ordinaryWordsOfTheURLStayReadable() {
        let r = Self.redactor(Self.slack, Self.teams, "https://discord.com/api/webhooks/123456789012345678/tok")
        let text = "services webhooks IncomingWebhook api hooks.slack.com acme.webhook.office.com discord.com HTTP 400 invalid_payload"
        #expect(r.redact(text) == text)
    }

    @Test func theLongestSecretIsMaskedWhole() {
        let r = Self.redactor(Self.slack)
        #expect(r.redact("at \(Self.slack) now") == "at •••• now")
    }

    @Test func shortValuesAndUnknownTextAreLeftAlone() {
        let r = Self.redactor("abc")
        #expect(r.redact("abc abc") == "abc abc")
        #expect(Redactor().redact("æøå — \u{1F600}") == "æøå — \u{1F600}")
    }

    @Test func maskingKeepsTheTextAroundIntactUTF8() {
        let r = Self.redactor("s3cret-Værdi-42")
        #expect(r.redact("før s3cret-Værdi-42 efter s3cret-Værdi-42") == "før •••• efter ••••")
    }

    @Test("a header under a credential-like name is registered even as plain text", arguments: [
        ("Authorization", true), ("Proxy-Authorization", true), ("X-Api-Key", true), ("X-Auth-Token", true),
        ("x-client-secret", true), ("X-Password", true), ("Content-Type", false), ("X-Frist-Source", false),
    ])
    func sensitiveHeaderNames(_ name: String, _ sensitive: Bool) throws {
        #expect(HeaderValue.isSensitive(name) == sensitive)
        let redactor = Redactor()
        let value = try SecretResolver(redactor: redactor, environment: [:])
            .resolve(.text("plainHeader-77aa"), header: name, channel: "hook")
        #expect(value == "plainHeader-77aa")
        #expect(redactor.redact("echo plainHeader-77aa") == (sensitive ? "echo ••••" : "echo plainHeader-77aa"))
    }

    @Test func aHeaderSecretFromTheEnvironmentIsReadAndRegistered() throws {
        let redactor = Redactor()
        let resolver = SecretResolver(redactor: redactor, environment: ["HOOK_AUTH": "Bearer envT0ken-abcdef"])
        #expect(try resolver.resolve(.secret(.environment("HOOK_AUTH")), header: "X-Custom", channel: "hook")
            == "Bearer envT0ken-abcdef")
        #expect(redactor.redact("bad envT0ken-abcdef") == "bad ••••")
        #expect(throws: DeliveryError.self) {
            try resolver.resolve(.secret(.environment("MISSING")), header: "Authorization", channel: "hook")
        }
    }
}
