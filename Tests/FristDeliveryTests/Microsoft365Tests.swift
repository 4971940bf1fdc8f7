import Foundation
import FristTestSupport
import Testing
@testable import FristConfig
@testable import FristDelivery

/// Microsoft 365 through real local peers over real libcurl: an Entra ID token endpoint and a
/// Graph stand-in (`Tests/Peers/m365_peer.py`), and an SMTP server that takes only `AUTH XOAUTH2`
/// (`smtp_sink.py --xoauth2`). Token lifetimes run on a test clock, advanced, never waited for.
@Suite struct Microsoft365Tests {
    static let clientID = "6731de76-14a6-49ae-97bc-6eba6914391e"
    static let secret = "Zx8Q~s3cr3t-value.that~must-never-show"
    static let tokenKey = "peer-signing-key"

    /// Monotonic seconds the test sets, for ``AccessTokens``.
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 1_000.0
        func now() -> Double { lock.withLock { seconds } }
        func advance(_ by: Double) { lock.withLock { seconds += by } }
    }

    /// The Entra ID and Graph stand-in.
    static func m365(_ extra: [String] = []) async throws -> TestPeer {
        try await TestPeer.start(script: "m365_peer.py", arguments: ["--client-id", clientID, "--client-secret", secret,
                                                         "--token-key", tokenKey, "--mailbox", "frist@kommune.dk"] + extra)
    }

    /// What a test of the stand-in starts with: the peer (with `extra` arguments, or taking
    /// client assertions signed with `certificate` instead of the secret), a fixture whose
    /// channel `out` is `channel` of it (the Graph channel by default), and a sender.
    /// ``stop(_:_:)`` them in a `defer`.
    static func rig(_ extra: [String] = [], certificate: String? = nil,
                    channel: (TestPeer) -> String = { graphChannel($0) }) async throws
        -> (peer: TestPeer, fixture: DeliveryFixture, sender: Sender)
    {
        let peer = if let certificate {
            try await TestPeer.start(script: "m365_peer.py", arguments: ["--client-id", clientID, "--client-certificate", certificate,
                                                                         "--token-key", tokenKey] + extra)
        } else {
            try await m365(extra)
        }
        do {
            return (peer, try DeliveryFixture(channel: channel(peer)), Sender())
        } catch {
            peer.stop()
            throw error
        }
    }

    static func stop(_ peer: TestPeer, _ sender: Sender) {
        sender.transport.shutdown()
        peer.stop()
    }

    static func graphChannel(_ peer: TestPeer, secret: String = secret, extra: String = "") -> String {
        "{type: graph, url: \"\(peer.url)\", from: \"Frist <frist@kommune.dk>\"\(extra), oauth2: {token_url: \"\(peer.url)/kommune-tenant/oauth2/v2.0/token\", client_id: \(clientID), client_secret: \"\(secret)\"}}"
    }

    struct Sender {
        let transport = CurlTransport()
        let redactor = Redactor()
        let clock = TestClock()
        let context: DeliveryContext

        init() {
            let clock = clock
            context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: redactor),
                                      tokens: AccessTokens { clock.now() }) { _ in }
        }

        func send(_ fixture: DeliveryFixture, _ suffix: String = "before-14d") async -> DeliveryAttempt {
            await Notifiers.make(fixture.config.channels["out"]!).send(fixture.message(suffix), via: context)
        }
    }

    static func requests(_ peer: TestPeer, _ kind: String) throws -> [[String: Any]] {
        try peer.records().filter { $0["kind"] as? String == kind }
    }

    /// Every access token the peer saw, from the Authorization headers of Graph requests.
    static func tokens(_ peer: TestPeer) throws -> [String] {
        try requests(peer, "graph").compactMap { ($0["headers"] as? [String: String])?["authorization"] }
            .map { String($0.dropFirst("Bearer ".count)) }
    }

    static func reasons(_ attempts: [DeliveryAttempt]) -> String {
        attempts.map { attempt in
            switch attempt.outcome {
            case .delivered: "delivered " + attempt.reply
            case .retryable(let r, _), .permanent(let r), .withheld(let r): r + " " + attempt.reply
            }
        }.joined(separator: "\n")
    }

    @Test func graphSendMailCarriesTheMailAndTheTokenAsGraphWantsThem() async throws {
        let (peer, fixture, sender) = try await Self.rig()
        defer { Self.stop(peer, sender) }
        let attempt = await sender.send(fixture)
        #expect(attempt.outcome == .delivered, "\(Self.reasons([attempt]))")
        #expect(attempt.status == 202)

        let token = try #require(Self.requests(peer, "token").first)
        #expect(token["path"] as? String == "/kommune-tenant/oauth2/v2.0/token")
        #expect((token["headers"] as? [String: String])?["content-type"] == "application/x-www-form-urlencoded")
        #expect(token["form"] as? [String: String] == ["grant_type": "client_credentials", "client_id": Self.clientID,
                                                        "client_secret": Self.secret,
                                                        "scope": "https://graph.microsoft.com/.default"])
        let graph = try #require(Self.requests(peer, "graph").first)
        #expect(graph["path"] as? String == "/v1.0/users/frist@kommune.dk/sendMail")
        #expect(graph["status"] as? Int == 202)
        // The same HTML the e-mail channel sends, and everything around it to the byte.
        let message = fixture.message("before-14d")
        let html = JSONValue.string(message.emailHTML).serialized
        let subject = JSONValue.string(message.subject).serialized
        #expect(graph["body"] as? String == #"{"message":{"subject":"# + subject + #","body":{"contentType":"HTML","content":"# + html
            + #"},"toRecipients":[{"emailAddress":{"name":"Anne Jensen","address":"anne@example.dk"}},{"emailAddress":{"name":"Søren Ærø-Østergård","address":"soeren@example.dk"}}],"internetMessageHeaders":[{"name":"X-Frist-Key","value":"taskforce/apv-handleplan@2021-09-30#before-14d"}]},"saveToSentItems":false}"#)
        #expect((graph["headers"] as? [String: String])?["content-type"] == "application/json")
    }

    @Test func saveToSentKeepsACopy() async throws {
        let (peer, fixture, sender) = try await Self.rig(channel: { Self.graphChannel($0, extra: ", save_to_sent: true") })
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome == .delivered)
        let json = try #require(Self.requests(peer, "graph").first?["json"] as? [String: Any])
        #expect(json["saveToSentItems"] as? Bool == true)
    }

    @Test func oneTokenServesManySendsAndConcurrentSendsShareOneFetch() async throws {
        let (peer, fixture, sender) = try await Self.rig()
        defer { Self.stop(peer, sender) }
        let messages = (0..<20).map { _ in fixture.message("before-14d") }
        let burst = await Notifiers.make(fixture.config.channels["out"]!).send(messages, via: sender.context)
        #expect(burst.allSatisfy { $0.outcome == .delivered }, "\(Self.reasons(burst))")
        for suffix in ["due", "escalation"] { #expect(await sender.send(fixture, suffix).outcome == .delivered) }
        #expect(try Self.requests(peer, "token").count == 1)
        #expect(try Self.requests(peer, "graph").count == 22)
        #expect(Set(try Self.tokens(peer)).count == 1)
    }

    @Test func aTokenIsRenewedShortlyBeforeItExpires() async throws {
        // Five minutes, so the stand-in (which checks expiry on the real clock) never sees one expire.
        let (peer, fixture, sender) = try await Self.rig(["--expires-in", "300"])
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome == .delivered)
        sender.clock.advance(269)
        #expect(await sender.send(fixture).outcome == .delivered)
        #expect(try Self.requests(peer, "token").count == 1, "still valid for half a minute: reused")
        // Past 270 s (a tenth of its life before the end) a new one is fetched before sending.
        sender.clock.advance(1.5)
        #expect(await sender.send(fixture).outcome == .delivered)
        #expect(try Self.requests(peer, "token").count == 2)
        let serials = try Self.requests(peer, "graph").compactMap { $0["token_serial"] as? Int }
        #expect(serials == [1, 1, 2])
    }

    @Test func aRefusedTokenIsReplacedOnceAndTheSendRepeated() async throws {
        let (peer, fixture, sender) = try await Self.rig(["--graph-script", #"[{"action": "revoke"}]"#])
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome == .delivered)
        #expect(try Self.requests(peer, "graph").map { $0["status"] as? Int } == [401, 202])
        #expect(try Self.requests(peer, "token").count == 2)
    }

    @Test func aTokenRefusedTwiceIsADeadLetterWithGraphsWords() async throws {
        let (peer, fixture, sender) = try await Self.rig(["--graph-script", #"[{"action": "revoke", "times": 3}]"#])
        defer { Self.stop(peer, sender) }
        let attempt = await sender.send(fixture)
        #expect(attempt.outcome == .permanent("HTTP 401 — InvalidAuthenticationToken: Access token has expired or is not yet valid."))
        #expect(try Self.requests(peer, "graph").count == 2, "replaced once, not in a loop")
    }

    @Test func throttlingIsRetriedWhenGraphSays() async throws {
        let (peer, fixture, sender) = try await Self.rig(["--graph-script", #"[{"status": 429, "headers": {"Retry-After": "7"}}, {"status": 503}]"#])
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome == .retryable("HTTP 429", retryAfter: "7"))
        #expect(await sender.send(fixture).outcome == .retryable("HTTP 503", retryAfter: nil))
        #expect(await sender.send(fixture).outcome == .delivered)
        #expect(try Self.requests(peer, "token").count == 1)
    }

    @Test func anUnknownMailboxIsADeadLetterNamingIt() async throws {
        let (peer, fixture, sender) = try await Self.rig(channel: { Self.graphChannel($0).replacingOccurrences(of: "frist@kommune.dk", with: "fristen@kommune.dk") })
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome
            == .permanent("HTTP 404 — ErrorInvalidUser: The requested user 'fristen@kommune.dk' is invalid."))
    }

    @Test func aWrongSecretIsADeadLetterWithEntrasWordsAndNoSecret() async throws {
        let wrong = "Wr0ng~secret-that-must-not-show"
        let (peer, fixture, sender) = try await Self.rig(channel: { Self.graphChannel($0, secret: wrong) })
        defer { Self.stop(peer, sender) }
        let attempt = await sender.send(fixture)
        guard case .permanent(let reason) = attempt.outcome else {
            Issue.record("expected a dead letter, got \(attempt.outcome)")
            return
        }
        #expect(reason.hasPrefix("token endpoint: HTTP 401 — invalid_client: AADSTS7000215: Invalid client secret provided."), "\(reason)")
        #expect(!reason.contains("Trace ID"), "only the first line of Entra's description")
        #expect(!reason.contains(wrong) && !attempt.reply.contains(wrong))
        #expect(try Self.requests(peer, "graph").isEmpty)
    }

    @Test func aTokenEndpointThatIsDownIsRetriedUntilItIsBack() async throws {
        let (peer, fixture, sender) = try await Self.rig(["--token-fail", "2"])
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome == .retryable("token endpoint: HTTP 503", retryAfter: nil))
        #expect(await sender.send(fixture).outcome == .retryable("token endpoint: HTTP 503", retryAfter: nil))
        #expect(await sender.send(fixture).outcome == .delivered)
        #expect(try Self.requests(peer, "token").count == 3)
        #expect(try Self.requests(peer, "graph").count == 1)
    }

    @Test func aTokenEndpointThatDoesNotAnswerIsRetried() async throws {
        let port = try freeLoopbackPort()
        let fixture = try DeliveryFixture(channel: "{type: graph, url: \"http://127.0.0.1:\(port)\", from: frist@kommune.dk, oauth2: {token_url: \"http://127.0.0.1:\(port)/token\", client_id: a, client_secret: \"\(Self.secret)\"}}")
        let sender = Sender()
        defer { sender.transport.shutdown() }
        let attempt = await sender.send(fixture)
        guard case .retryable(let reason, _) = attempt.outcome else {
            Issue.record("expected a retry, got \(attempt.outcome)")
            return
        }
        #expect(reason.hasPrefix("token endpoint: "), "\(reason)")
    }

    @Test func smtpWithXOAuth2AuthenticatesTheMailboxWithTheOutlookToken() async throws {
        let smtp = try await TestPeer.smtp(arguments: ["--xoauth2", Self.tokenKey])
        defer { smtp.stop() }
        let (m365, fixture, sender) = try await Self.rig(channel: { m365 in "{type: email, url: \"\(smtp.smtpURL)\", from: \"Frist <frist@kommune.dk>\", username: frist@kommune.dk, oauth2: {token_url: \"\(m365.url)/t/oauth2/v2.0/token\", client_id: \(Self.clientID), client_secret: \"\(Self.secret)\"}}" })
        defer { Self.stop(m365, sender) }
        for suffix in ["before-14d", "due"] {
            let attempt = await sender.send(fixture, suffix)
            #expect(attempt.outcome == .delivered, "\(Self.reasons([attempt]))")
        }
        let records = try await smtp.records(atLeast: 2)
        #expect(records.map { $0["auth_user"] as? String } == ["frist@kommune.dk", "frist@kommune.dk"])
        #expect(records.map { $0["auth_mechanism"] as? String } == ["XOAUTH2", "XOAUTH2"])
        #expect(records.map { $0["rcpt_tos"] as? [String] }.first == ["anne@example.dk", "soeren@example.dk"])
        let token = try #require(Self.requests(m365, "token").first)
        #expect((token["form"] as? [String: String])?["scope"] == "https://outlook.office365.com/.default")
        #expect(try Self.requests(m365, "token").count == 1)
    }

    @Test func smtpRefusingTheTokenGetsOneNewTokenThenADeadLetter() async throws {
        let smtp = try await TestPeer.smtp(arguments: ["--xoauth2", Self.tokenKey])
        defer { smtp.stop() }
        // A Graph token is not an Exchange one: the SMTP server refuses it.
        let (m365, fixture, sender) = try await Self.rig(channel: { m365 in "{type: email, url: \"\(smtp.smtpURL)\", from: frist@kommune.dk, username: frist@kommune.dk, oauth2: {token_url: \"\(m365.url)/token\", client_id: \(Self.clientID), client_secret: \"\(Self.secret)\", scope: \"https://graph.microsoft.com/.default\"}}" })
        defer { Self.stop(m365, sender) }
        let attempt = await sender.send(fixture)
        guard case .permanent(let reason) = attempt.outcome else {
            Issue.record("expected a dead letter, got \(attempt.outcome)")
            return
        }
        #expect(reason.hasPrefix("SMTP 535"), "\(reason)")
        #expect(try Self.requests(m365, "token").count == 2)
        #expect(try smtp.records().isEmpty)
    }

    @Test func noSecretOrTokenInAnyOutcome() async throws {
        let (peer, fixture, sender) = try await Self.rig(["--graph-script", #"[{"action": "revoke"}, {"status": 400, "body": {"error": {"code": "ErrorInvalidRequest", "message": "bad"}}}]"#])
        defer { Self.stop(peer, sender) }
        var attempts: [DeliveryAttempt] = []
        for suffix in ["before-14d", "due", "escalation"] { attempts.append(await sender.send(fixture, suffix)) }
        let tokens = try Self.tokens(peer)
        #expect(tokens.count >= 3)
        let text = Self.reasons(attempts)
        for secret in [Self.secret] + tokens {
            #expect(!text.contains(secret))
            #expect(!sender.redactor.redact("echo \(secret)").contains(secret), "every token and the secret are masked wherever they show")
        }
    }

    // MARK: Certificate credentials

    /// A self-signed RSA certificate and its key in `folder`, as an admin makes one for the app
    /// registration (`openssl req -x509 …`), made without holding a thread of the pool.
    static func certificate(_ name: String, in folder: String) async throws -> (cert: String, key: String) {
        let cert = folder + "/\(name).crt", key = folder + "/\(name).key"
        let made = try await FristBinary.result(executable: "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=frist", "-keyout", key, "-out", cert])
        guard made.status == 0 else { throw TestPeer.Failure(description: "openssl: \(made.stderr)") }
        return (cert, key)
    }

    static func certificateChannel(_ peer: TestPeer, cert: String, key: String) -> String {
        "{type: graph, url: \"\(peer.url)\", from: frist@kommune.dk, oauth2: {token_url: \"\(peer.url)/kommune-tenant/oauth2/v2.0/token\", client_id: \(clientID), client_certificate_file: \"\(cert)\", client_key_file: \"\(key)\"}}"
    }

    @Test func aCertificateSignsAClientAssertionInsteadOfASecret() async throws {
        let folder = try TemporaryFolder()
        let (cert, key) = try await Self.certificate("frist", in: folder.path)
        let (peer, fixture, sender) = try await Self.rig(certificate: cert, channel: { Self.certificateChannel($0, cert: cert, key: key) })
        defer { Self.stop(peer, sender) }
        #expect(await sender.send(fixture).outcome == .delivered)
        sender.clock.advance(4_000)  // past the first token's life: a second token, a second assertion
        let second = await sender.send(fixture)
        #expect(second.outcome == .delivered, "\(Self.reasons([second]))")

        let tokens = try Self.requests(peer, "token")
        #expect(tokens.count == 2)
        let form = try #require(tokens.first?["form"] as? [String: String])
        #expect(form["client_secret"] == nil)
        #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        let assertions = tokens.compactMap { $0["assertion"] as? [String: Any] }
        #expect(assertions.map { $0["verified"] as? Bool } == [true, true])
        let header = try #require(assertions.first?["header"] as? [String: Any])
        #expect(header["alg"] as? String == "RS256" && header["x5t#S256"] != nil && header["x5t"] != nil)
        let claims = try #require(assertions.first?["claims"] as? [String: Any])
        #expect(claims["aud"] as? String == peer.url + "/kommune-tenant/oauth2/v2.0/token")
        #expect(claims["iss"] as? String == Self.clientID && claims["sub"] as? String == Self.clientID)
        #expect((claims["exp"] as? Int ?? 0) - (claims["nbf"] as? Int ?? 0) == 600)
        #expect(Set(assertions.compactMap { ($0["claims"] as? [String: Any])?["jti"] as? String }).count == 2, "a new jti each time")
        // The assertion is a credential while it lasts: masked like a secret.
        let jwt = try #require(form["client_assertion"])
        #expect(!sender.redactor.redact(jwt).contains(jwt))
    }

    @Test func aKeyThatIsNotTheCertificatesIsADeadLetterWithEntrasWords() async throws {
        let folder = try TemporaryFolder()
        let (cert, _) = try await Self.certificate("registered", in: folder.path)
        let (_, otherKey) = try await Self.certificate("other", in: folder.path)
        let (peer, fixture, sender) = try await Self.rig(certificate: cert, channel: { Self.certificateChannel($0, cert: cert, key: otherKey) })
        defer { Self.stop(peer, sender) }
        let attempt = await sender.send(fixture)
        guard case .permanent(let reason) = attempt.outcome else {
            Issue.record("expected a dead letter, got \(attempt.outcome)")
            return
        }
        #expect(reason.hasPrefix("token endpoint: HTTP 401 — invalid_client: AADSTS700027: Client assertion contains an invalid signature."),
                "\(reason)")
    }

    @Test func aKeyFileThatIsNotAKeySaysSoWithoutQuotingIt() async throws {
        let folder = try TemporaryFolder()
        let (cert, _) = try await Self.certificate("frist", in: folder.path)
        try folder.write("garbage.key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")
        let (peer, fixture, sender) = try await Self.rig(channel: { Self.certificateChannel($0, cert: cert, key: folder.path + "/garbage.key") })
        defer { Self.stop(peer, sender) }
        let attempt = await sender.send(fixture)
        #expect(attempt.outcome == .permanent("channel 'out': client_key_file is not an RSA private key of 2048 bits or more in PEM"))
        #expect(try Self.requests(peer, "token").isEmpty, "nothing sent to the token endpoint")
    }
}
