import Foundation
import FristTestSupport
import FristConfig
import FristCore
@testable import FristDelivery
import Synchronization
import Testing

/// Every chat and push channel kind, sent through the real libcurl transport to a real HTTP
/// sink on 127.0.0.1: method, path, headers and the exact bytes of the body.
@Suite struct ChannelPayloadTests {
    // MARK: The fixture's texts as they appear inside JSON strings

    static let key = MessageFixtures.key
    static let jTitle = #"Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning"#
    static let jSubject = #"Frist om 14 dage: \#(jTitle)"#
    static let jText = #"Påmindelse: »\#(jTitle)« (Task Force – Afdeling for Børn og Familie) har frist 30. september 2021 (uge 39) – om 14 dage.\nMeld den færdig, når den er nået."#
    static let jMarkdown = #"**\#(jSubject)**\n\n\#(jText)"#
    /// Slack mrkdwn: `&` as `&amp;`, bold with single stars.
    static let sTitle = #"Handleplan for psykisk APV godkendt – \"trin 2\" &amp; opfølgning"#
    static let html = MessageFixtures.html
    /// The body in Slack mrkdwn, without the title (the header has it).
    static let sText = #"Påmindelse: »\#(sTitle)« (Task Force – Afdeling for Børn og Familie) har frist 30. september 2021 (uge 39) – om 14 dage.\nMeld den færdig, når den er nået."#
    /// Slack's context line: the deadline and its owner.
    static let slackContext = #"{"type":"context","elements":[{"type":"mrkdwn","text":"*Frist:* 30. september 2021 (uge 39)"},{"type":"mrkdwn","text":"*Ansvarlig:* Anne Jensen"}]}"#
    /// Teams' fact set: project, deadline, owner (no key: it is in `Idempotency-Key`).
    static let teamsFacts = #"{"type":"FactSet","facts":[{"title":"Projekt","value":"Task Force – Afdeling for Børn og Familie"},{"title":"Frist","value":"30. september 2021 (uge 39)"},{"title":"Ansvarlig","value":"Anne Jensen"}]}"#
    static let ack = MessageFixtures.ackURL
    static let overview = MessageFixtures.overviewURL
    /// The links as Markdown, after the body.
    static let mdLinks = #"[Meld færdig](\#(ack)) · [Se oversigt](\#(overview))"#
    /// The ack link inside an HTML attribute inside JSON.
    static let hAck = ack.replacingOccurrences(of: "&", with: "&amp;")

    static let slack: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        let url = base + "/services/T0001/B0002/XXXXslackSecretXXXX"
        return (.slack(url: .inline(url)), [url])
    }
    static let teams: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        let url = base + "/workflows/7c1e9/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sig=s3cr3tSIGn4ture"
        return (.teams(url: .inline(url)), [url])
    }
    static let mattermost: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        let url = base + "/hooks/xk3generatedkey9q"
        return (.mattermost(url: .inline(url)), [url])
    }
    static let discord: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        let url = base + "/api/webhooks/1234567890/dIsCoRdToKeN-abc"
        return (.discord(url: .inline(url)), [url])
    }
    static let matrix: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        (.matrix(MatrixSettings(homeserver: base + "/", room: "!abcdef:matrix.example.dk", token: .inline(matrixToken))),
         [matrixToken])
    }
    static let ntfy: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        (.ntfy(NtfySettings(server: base, topic: "frist-taskforce", token: .inline(ntfyToken))), [ntfyToken])
    }
    static let gotify: @Sendable (String) -> (ChannelSettings, [String]) = { base in
        (.gotify(GotifySettings(server: base + "/", token: .inline(gotifyToken))), [gotifyToken])
    }

    // MARK: One case per HTTP kind

    struct Case: Sendable, CustomTestStringConvertible {
        let kind: ChannelKind
        let method: String
        /// Path and query as the sink records them (the query without `?`).
        let path: String
        var query = ""
        /// Headers (lowercase names) that carry a credential, and their values.
        var auth: [String: String] = [:]
        let body: String
        /// The channel's settings against the sink's base URL, and the secrets they use (the
        /// full webhook URL, or the token), which the redactor must mask after the send.
        let configure: @Sendable (String) -> (ChannelSettings, [String])
        /// Sent with the ack link, the overview link and Anne's chat handles.
        var linked = false
        var testDescription: String { kind.rawValue + (linked ? " with links and mentions" : "") }
    }

    static let matrixToken = "syt_ZnJpc3Q_Qm9yZ2VyU2VjcmV0_1a2b3c"
    static let ntfyToken = "tk_s3cr3tntfyt0ken42"
    static let gotifyToken = "AQvX.g0tifyAppT0ken"

    static let cases: [Case] = [
        Case(kind: .webhook, method: "POST", path: "/hooks/webhook-3f9a7c21e0",
             body: #"{"key":"\#(key)","kind":"before","project":"taskforce","milestone":"apv-handleplan","title":"\#(jTitle)","due":"2021-09-30","at":"2021-09-16T07:00:00Z","recipients":["anne"],"text":"\#(jText)"}"#,
             configure: { base in
                 let url = base + "/hooks/webhook-3f9a7c21e0"
                 return (.webhook(WebhookSettings(url: .inline(url))), [url])
             }),
        Case(kind: .slack, method: "POST", path: "/services/T0001/B0002/XXXXslackSecretXXXX",
             body: #"{"text":"Frist om 14 dage: \#(sTitle)","blocks":[{"type":"header","text":{"type":"plain_text","text":"\#(jSubject)"}},{"type":"section","text":{"type":"mrkdwn","text":"\#(sText)"}},\#(slackContext)]}"#,
             configure: slack),
        Case(kind: .teams, method: "POST", path: "/workflows/7c1e9/triggers/manual/paths/invoke",
             query: "api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sig=s3cr3tSIGn4ture",
             body: #"{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"\#(jSubject)","weight":"Bolder","size":"Medium","wrap":true},{"type":"TextBlock","text":"\#(jText)","wrap":true},\#(teamsFacts)]}}]}"#,
             configure: teams),
        Case(kind: .mattermost, method: "POST", path: "/hooks/xk3generatedkey9q",
             body: #"{"text":"\#(jMarkdown)"}"#,
             configure: mattermost),
        Case(kind: .discord, method: "POST", path: "/api/webhooks/1234567890/dIsCoRdToKeN-abc",
             body: #"{"content":"\#(jMarkdown)","allowed_mentions":{"parse":[]}}"#,
             configure: discord),
        Case(kind: .matrix, method: "PUT",
             path: "/_matrix/client/v3/rooms/%21abcdef%3Amatrix.example.dk/send/m.room.message/frist.dGFza2ZvcmNlL2Fwdi1oYW5kbGVwbGFuQDIwMjEtMDktMzAjYmVmb3JlLTE0ZA",
             auth: ["authorization": "Bearer \(matrixToken)"],
             body: #"{"msgtype":"m.text","body":"\#(jText)","format":"org.matrix.custom.html","formatted_body":"\#(html)"}"#,
             configure: matrix),
        Case(kind: .ntfy, method: "POST", path: "/",
             auth: ["authorization": "Bearer \(ntfyToken)"],
             body: #"{"topic":"frist-taskforce","title":"\#(jSubject)","message":"\#(jMarkdown)","markdown":true,"priority":3,"tags":["calendar"]}"#,
             configure: ntfy),
        Case(kind: .gotify, method: "POST", path: "/message",
             auth: ["x-gotify-key": gotifyToken],
             body: #"{"title":"\#(jSubject)","message":"\#(jMarkdown)","priority":4,"extras":{"client::display":{"contentType":"text/markdown"}}}"#,
             configure: gotify),
    ]

    /// The same reminder with the ack link, the overview and Anne's handles: every chat kind
    /// shows the links its own way and mentions her where it can.
    static let linkedCases: [Case] = [
        Case(kind: .slack, method: "POST", path: "/services/T0001/B0002/XXXXslackSecretXXXX",
             body: #"{"text":"Frist om 14 dage: \#(sTitle)","blocks":[{"type":"header","text":{"type":"plain_text","text":"\#(jSubject)"}},{"type":"section","text":{"type":"mrkdwn","text":"<@U024BE7LH>\n\#(sText)"}},\#(slackContext),{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Meld færdig"},"url":"\#(ack)","style":"primary"},{"type":"button","text":{"type":"plain_text","text":"Se oversigt"},"url":"\#(overview)"}]}]}"#,
             configure: slack, linked: true),
        Case(kind: .teams, method: "POST", path: "/workflows/7c1e9/triggers/manual/paths/invoke",
             query: "api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sig=s3cr3tSIGn4ture",
             body: #"{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"\#(jSubject)","weight":"Bolder","size":"Medium","wrap":true},{"type":"TextBlock","text":"<at>Anne Jensen</at>","wrap":true},{"type":"TextBlock","text":"\#(jText)","wrap":true},\#(teamsFacts)],"actions":[{"type":"Action.OpenUrl","title":"Meld færdig","url":"\#(ack)"},{"type":"Action.OpenUrl","title":"Se oversigt","url":"\#(overview)"}],"msteams":{"entities":[{"type":"mention","text":"<at>Anne Jensen</at>","mentioned":{"id":"anne@kommune.dk","name":"Anne Jensen"}}]}}}]}"#,
             configure: teams, linked: true),
        Case(kind: .mattermost, method: "POST", path: "/hooks/xk3generatedkey9q",
             body: #"{"text":"@anne.jensen\n\#(jMarkdown)\n\n\#(mdLinks)"}"#,
             configure: mattermost, linked: true),
        Case(kind: .discord, method: "POST", path: "/api/webhooks/1234567890/dIsCoRdToKeN-abc",
             body: #"{"content":"<@80351110224678912>\n\#(jMarkdown)\n\n\#(mdLinks)","allowed_mentions":{"parse":[],"users":["80351110224678912"]}}"#,
             configure: discord, linked: true),
        Case(kind: .matrix, method: "PUT",
             path: "/_matrix/client/v3/rooms/%21abcdef%3Amatrix.example.dk/send/m.room.message/frist.dGFza2ZvcmNlL2Fwdi1oYW5kbGVwbGFuQDIwMjEtMDktMzAjYmVmb3JlLTE0ZA",
             auth: ["authorization": "Bearer \(matrixToken)"],
             body: #"{"msgtype":"m.text","body":"\#(jText)\n\nMeld færdig: \#(ack)","format":"org.matrix.custom.html","formatted_body":"\#(html)<p><a href=\"\#(hAck)\">Meld færdig</a> · <a href=\"\#(overview)\">Se oversigt</a></p>"}"#,
             configure: matrix, linked: true),
        Case(kind: .ntfy, method: "POST", path: "/",
             auth: ["authorization": "Bearer \(ntfyToken)"],
             body: #"{"topic":"frist-taskforce","title":"\#(jSubject)","message":"\#(jMarkdown)\n\n\#(mdLinks)","markdown":true,"priority":3,"tags":["calendar"],"click":"\#(ack)","actions":[{"action":"view","label":"Meld færdig","url":"\#(ack)"},{"action":"view","label":"Se oversigt","url":"\#(overview)"}]}"#,
             configure: ntfy, linked: true),
        Case(kind: .gotify, method: "POST", path: "/message",
             auth: ["x-gotify-key": gotifyToken],
             body: #"{"title":"\#(jSubject)","message":"\#(jMarkdown)\n\n\#(mdLinks)","priority":4,"extras":{"client::display":{"contentType":"text/markdown"},"client::notification":{"click":{"url":"\#(ack)"}}}}"#,
             configure: gotify, linked: true),
    ]

    @Test("the request each kind sends: method, path, headers, exact body", arguments: cases + linkedCases)
    func payload(_ c: Case) async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let (settings, secrets) = c.configure(peer.url)
        let channel = ChannelConfig(name: "test-\(c.kind.rawValue)", settings: settings)
        #expect(channel.kind == c.kind)

        let (attempt, redactor) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish(linked: c.linked))

        #expect(attempt.outcome == .delivered, "\(peer.log())")
        #expect(attempt.status == 200)
        let records = try await peer.records(atLeast: 1)
        #expect(records.count == 1)
        let record = try #require(records.first)
        let headers = try #require(record["headers"] as? [String: String])
        #expect(record["method"] as? String == c.method)
        #expect(record["path"] as? String == c.path)
        #expect(record["query"] as? String == c.query)
        #expect(headers["idempotency-key"] == Self.key)
        #expect(headers["content-type"] == "application/json")
        #expect(headers["user-agent"]?.hasPrefix("frist/") == true)
        for (name, value) in c.auth {
            #expect(headers[name] == value, "header \(name)")
        }
        if c.auth["authorization"] == nil { #expect(headers["authorization"] == nil) }

        let body = try #require(record["body"] as? String)
        #expect(body == c.body)
        #expect(body.utf8.elementsEqual(c.body.utf8), "byte for byte")
        // Valid JSON, and the title's quote, ampersand and æøå survive.
        let parsed = try JSONSerialization.jsonObject(with: Data(body.utf8))
        #expect(parsed is [String: Any])
        #expect(body.contains("opfølgning"))

        // Every secret used is masked from then on.
        for secret in secrets {
            let line = redactor.redact("POST \(secret) failed: connection reset (\(secret))")
            #expect(!line.contains(secret))
            #expect(line.contains(Redactor.mask))
        }
    }

    // MARK: Secrets from files and the environment

    @Test("url_file: the webhook URL is read from the file at send time")
    func urlFromFile() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let file = NSTemporaryDirectory() + "frist-slack-url-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: file) }
        let url = peer.url + "/services/T9/B9/fromFileSecret77"
        try (url + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let channel = ChannelConfig(name: "slack-file", settings: .slack(url: .file(file)))
        let (attempt, redactor) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish())

        #expect(attempt.outcome == .delivered)
        let record = try #require(try await peer.records(atLeast: 1).first)
        #expect(record["path"] as? String == "/services/T9/B9/fromFileSecret77")
        #expect((record["headers"] as? [String: String])?["idempotency-key"] == Self.key)
        let line = redactor.redact("could not reach \(url)")
        #expect(!line.contains("fromFileSecret77"))
        #expect(!line.contains(url))
    }

    @Test("token_env: the token comes from the environment")
    func tokenFromEnvironment() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let channel = ChannelConfig(name: "gotify-env", settings: .gotify(GotifySettings(
            server: peer.url, token: .environment("FRIST_TEST_GOTIFY"))))
        let (attempt, redactor) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish(),
                                                  environment: ["FRIST_TEST_GOTIFY": "EnvT0kenGotify9"])
        #expect(attempt.outcome == .delivered)
        let record = try #require(try await peer.records(atLeast: 1).first)
        #expect((record["headers"] as? [String: String])?["x-gotify-key"] == "EnvT0kenGotify9")
        #expect(record["path"] as? String == "/message")
        #expect(!redactor.redact("key EnvT0kenGotify9").contains("EnvT0kenGotify9"))
    }

    @Test("a missing url_file fails permanently, names the file, sends nothing")
    func missingSecretFile() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let channel = ChannelConfig(name: "discord-missing", settings: .discord(url: .file("/nonexistent/frist/discord-url")))
        let (attempt, _) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish())
        guard case .permanent(let why) = attempt.outcome else {
            Issue.record("expected a permanent failure, got \(attempt.outcome)")
            return
        }
        #expect(why.contains("/nonexistent/frist/discord-url"))
        #expect(try peer.records().isEmpty)
    }

    // MARK: Webhook

    @Test("webhook body template: JSON-escaped values, custom method and headers")
    func webhookTemplate() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let template = try WebhookBody(#"{"event":"frist.{{kind}}","subject":"{{subject}}","title":"{{title}}","who":"{{recipient_names}}","days":{{days}},"text":"{{text}}"}"#,
                                   location: "frist.yaml:1:1")
        let channel = ChannelConfig(name: "hook", settings: .webhook(WebhookSettings(
            url: .inline(peer.url + "/ingest?source=frist"), method: "PUT",
            headers: ["X-Frist-Source": "taskforce", "X-Api-Key": "k3y-in-header"], body: template)))

        let (attempt, _) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish())

        #expect(attempt.outcome == .delivered)
        let record = try #require(try await peer.records(atLeast: 1).first)
        let headers = try #require(record["headers"] as? [String: String])
        #expect(record["method"] as? String == "PUT")
        #expect(record["path"] as? String == "/ingest")
        #expect(record["query"] as? String == "source=frist")
        #expect(headers["content-type"] == "application/json")
        #expect(headers["x-frist-source"] == "taskforce")
        #expect(headers["x-api-key"] == "k3y-in-header")
        #expect(headers["idempotency-key"] == Self.key)

        let body = try #require(record["body"] as? String)
        let expected = #"{"event":"frist.before","subject":"\#(Self.jSubject)","title":"\#(Self.jTitle)","who":"Anne Jensen","days":14,"text":"\#(Self.jText)"}"#
        #expect(body == expected)
        #expect(body.utf8.elementsEqual(expected.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["title"] as? String == MessageFixtures.title)
        #expect(object["text"] as? String == MessageFixtures.text)
        #expect(object["days"] as? Int == 14)
    }

    @Test("webhook: a Content-Type in headers replaces the default one")
    func webhookContentType() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let channel = ChannelConfig(name: "hook", settings: .webhook(WebhookSettings(
            url: .inline(peer.url + "/x"), headers: ["content-type": "application/vnd.frist+json; charset=utf-8"])))
        let (attempt, _) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish())
        #expect(attempt.outcome == .delivered)
        let record = try #require(try await peer.records(atLeast: 1).first)
        #expect((record["headers"] as? [String: String])?["content-type"] == "application/vnd.frist+json; charset=utf-8")
    }

    @Test("webhook: a body that does not compile is no body: it says where it broke")
    func webhookBrokenTemplate() {
        do {
            _ = try WebhookBody(#"{"text":"{{#open}}"}"#, location: "frist.yaml:3:11")
            Issue.record("a body that does not compile was accepted")
        } catch {
            #expect(error.line == 1)
        }
    }

    // MARK: Discord length limit

    @Test("discord: content over 2000 code points is cut at a line break and ends with …")
    func discordLongContent() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        var lines: [String] = []
        for n in 1...60 {
            lines.append("Linje \(n): »\(MessageFixtures.title)« 👩‍👩‍👧 æøå")
        }
        let markdown = lines.joined(separator: "\n")
        #expect(markdown.unicodeScalars.count > 2500)
        let channel = ChannelConfig(name: "discord", settings: .discord(url: .inline(peer.url + "/api/webhooks/1/long")))

        let message = MessageFixtures.danish(markdownBody: markdown)
        let (attempt, _) = await Self.send(Self.notifier(for: channel), message)

        #expect(attempt.outcome == .delivered)
        let record = try #require(try await peer.records(atLeast: 1).first)
        let body = try #require(record["body"] as? String)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let content = try #require(object["content"] as? String)
        #expect(content.unicodeScalars.count <= 2000)
        #expect(content.hasSuffix("…"))
        let head = String(content.dropLast())
        let whole = message.markdown
        #expect(whole.hasPrefix(head))
        // Cut at a line break: what follows in the original is the newline, nothing was split.
        #expect(whole[whole.index(whole.startIndex, offsetBy: head.count)] == "\n")
        #expect(head.unicodeScalars.count > 1500)
        #expect(object["allowed_mentions"] as? [String: [String]] == ["parse": []])
    }

    struct Clip: Sendable, CustomTestStringConvertible {
        let text: String
        let limit: Int
        let utf16: Bool
        let expected: String
        var testDescription: String { "\(text.prefix(20)) / \(limit)" }
    }

    @Test("clipping: whole characters, breaks preferred", arguments: [
        Clip(text: "kort tekst", limit: 20, utf16: false, expected: "kort tekst"),
        Clip(text: "en to tre fire fem", limit: 10, utf16: false, expected: "en to tre…"),
        Clip(text: "abcdefghijklmnop", limit: 10, utf16: false, expected: "abcdefghi…"),
        Clip(text: "linje et\nlinje to\nlinje tre", limit: 20, utf16: false, expected: "linje et\nlinje to…"),
        Clip(text: "👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", limit: 12, utf16: false, expected: "👩‍👩‍👧👩‍👩‍👧…"),
        Clip(text: "😀😀😀", limit: 5, utf16: true, expected: "😀😀…"),
        Clip(text: "æøå æøå æøå", limit: 11, utf16: false, expected: "æøå æøå æøå"),
    ])
    func clipping(_ c: Clip) {
        let out = c.utf16
            ? TextClipping.clipped(c.text, limit: c.limit) { $0.utf16.count }
            : TextClipping.clipped(c.text, limit: c.limit) { $0.unicodeScalars.count }
        #expect(out == c.expected)
        #expect((c.utf16 ? out.utf16.count : out.unicodeScalars.count) <= c.limit)
    }

    // MARK: Slack mrkdwn

    @Test("slack: Markdown to mrkdwn", arguments: [
        (#"**Frist: A & B \<c\>**"#, "*Frist: A &amp; B &lt;c&gt;*"),
        (#"Se \*vigtigt\* og \_x\_"#, "Se *vigtigt* og _x_"),
        ("*kursiv* og **fed**", "_kursiv_ og *fed*"),
        ("[APV](https://example.dk/a?b=1&c=2)", "<https://example.dk/a?b=1&amp;c=2|APV>"),
        ("`a<b` og **x**", "`a&lt;b` og *x*"),
        (#"\[ikke et link\](x)"#, "[ikke et link](x)"),
        ("linje 1\nlinje 2", "linje 1\nlinje 2"),
    ])
    func slackMrkdwn(_ markdown: String, _ expected: String) {
        #expect(SlackNotifier.mrkdwn(markdown) == expected)
    }

    // MARK: Matrix

    @Test("matrix: transaction ids and path segments")
    func matrixIdentifiers() {
        #expect(MatrixNotifier.transactionID(Self.key) == "frist.dGFza2ZvcmNlL2Fwdi1oYW5kbGVwbGFuQDIwMjEtMDktMzAjYmVmb3JlLTE0ZA")
        // base64url, not base64: "-" and "_" for "+" and "/", no padding.
        #expect(MatrixNotifier.transactionID("???~~~") == "frist.Pz8_fn5-")
        #expect(MatrixNotifier.transactionID("a") == "frist.YQ")
        #expect(MatrixNotifier.pathEncoded("!abc:example.dk") == "%21abc%3Aexample.dk")
        #expect(MatrixNotifier.pathEncoded("#frister:example.dk") == "%23frister%3Aexample.dk")
        #expect(MatrixNotifier.pathEncoded("!æ/x") == "%21%C3%A6%2Fx")
    }

    @Test("matrix: a room alias is resolved through the directory, then the event goes to the room id")
    func matrixAlias() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":200,"body":{"room_id":"!resolved42:matrix.example.dk","servers":["matrix.example.dk"]}},{"status":200,"body":{"event_id":"$ev1"}}]"#)
        defer { peer.stop() }
        let channel = Self.matrix(peer.url, room: "#frister:matrix.example.dk")

        let (attempt, _) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish())

        #expect(attempt.outcome == .delivered, "\(peer.log())")
        let records = try await peer.records(atLeast: 2)
        #expect(records.count == 2)
        let lookup = records[0]
        let event = records[1]
        #expect(lookup["method"] as? String == "GET")
        #expect(lookup["path"] as? String == "/_matrix/client/v3/directory/room/%23frister%3Amatrix.example.dk")
        #expect((lookup["headers"] as? [String: String])?["authorization"] == "Bearer \(Self.matrixToken)")
        #expect(event["method"] as? String == "PUT")
        #expect(event["path"] as? String
            == "/_matrix/client/v3/rooms/%21resolved42%3Amatrix.example.dk/send/m.room.message/frist.dGFza2ZvcmNlL2Fwdi1oYW5kbGVwbGFuQDIwMjEtMDktMzAjYmVmb3JlLTE0ZA")
        #expect((event["headers"] as? [String: String])?["authorization"] == "Bearer \(Self.matrixToken)")
        #expect(event["body"] as? String
            == #"{"msgtype":"m.text","body":"\#(Self.jText)","format":"org.matrix.custom.html","formatted_body":"\#(Self.html)"}"#)
    }

    @Test("matrix: in a batch, each message still has its alias looked up before its event")
    func matrixAliasInABatch() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":200,"body":{"room_id":"!resolved42:matrix.example.dk"}}]"#)
        defer { peer.stop() }
        let channel = Self.matrix(peer.url, room: "#frister:matrix.example.dk")
        let messages = [MessageFixtures.danish(), MessageFixtures.danish(kind: .due)]
        let attempts = await Self.send(Self.notifier(for: channel), messages)
        #expect(attempts.map(\.outcome) == [.delivered, .delivered])
        let records = try await peer.records(atLeast: 4)
        #expect(records.filter { $0["method"] as? String == "GET" }.count == 2)
        let events = records.filter { $0["method"] as? String == "PUT" }.compactMap { $0["path"] as? String }
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.hasPrefix("/_matrix/client/v3/rooms/%21resolved42%3Amatrix.example.dk/") })
    }

    @Test("a batch on a channel whose secret cannot be read fails every message with the reason, sends nothing")
    func batchWithoutItsSecret() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let channel = ChannelConfig(name: "slack-missing", settings: .slack(url: .file("/nonexistent/frist/slack-url")))
        let attempts = await Self.send(Self.notifier(for: channel),
                                       [MessageFixtures.danish(), MessageFixtures.danish(kind: .due)])
        #expect(attempts.count == 2)
        for attempt in attempts {
            guard case .permanent(let why) = attempt.outcome else {
                Issue.record("expected a permanent failure, got \(attempt.outcome)")
                continue
            }
            #expect(why.contains("/nonexistent/frist/slack-url"))
        }
        #expect(try peer.records().isEmpty)
    }

    @Test("a batch on a webhook: one request per message, every one delivered with its own payload")
    func webhookBatch() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let channel = ChannelConfig(name: "teams", settings: .teams(url: .inline(peer.url + "/workflow")))
        let messages = [MessageFixtures.danish(), MessageFixtures.danish(kind: .due),
                        MessageFixtures.danish(language: .en)]
        let attempts = await Self.send(Self.notifier(for: channel), messages)
        #expect(attempts.map(\.outcome) == [.delivered, .delivered, .delivered])
        #expect(attempts.map(\.status) == [200, 200, 200])
        let records = try await peer.records(atLeast: 3)
        #expect(records.count == 3)
        let bodies = Set(records.compactMap { $0["body"] as? String })
        #expect(bodies == Set(messages.map { String(decoding: TeamsNotifier.payload($0).bytes, as: UTF8.self) }))
    }

    @Test("matrix: an unknown alias is a permanent failure that names it")
    func matrixUnknownAlias() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":404,"body":{"errcode":"M_NOT_FOUND","error":"Room alias not found"}}]"#)
        defer { peer.stop() }
        let channel = Self.matrix(peer.url, room: "#gone:matrix.example.dk")
        let (attempt, _) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish())
        #expect(attempt.outcome == .permanent("room alias #gone:matrix.example.dk: HTTP 404"))
        #expect(attempt.status == 404)
        #expect(try await peer.records(atLeast: 1).count == 1)
    }

    // MARK: Priorities

    @Test("ntfy and gotify priorities and tags by kind", arguments: [
        (ReminderKind.before(.workingDays(3)), 3, "calendar", 4),
        (ReminderKind.due, 4, "warning", 6),
        (ReminderKind.overdue(2), 5, "rotating_light", 8),
        (ReminderKind.escalation, 5, "rotating_light", 8),
    ])
    func priorities(_ kind: ReminderKind, _ ntfy: Int, _ tag: String, _ gotify: Int) throws {
        let message = MessageFixtures.danish(kind: kind)
        let n = try #require(try JSONSerialization.jsonObject(
            with: Data(NtfyNotifier.payload(message, topic: "t").bytes)) as? [String: Any])
        #expect(n["priority"] as? Int == ntfy)
        #expect(n["tags"] as? [String] == [tag])
        let g = try #require(try JSONSerialization.jsonObject(
            with: Data(GotifyNotifier.payload(message).bytes)) as? [String: Any])
        #expect(g["priority"] as? Int == gotify)
    }

    @Test("ntfy without a token sends no Authorization; a server under a path keeps it")
    func ntfyWithoutToken() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let channel = ChannelConfig(name: "ntfy", settings: .ntfy(NtfySettings(server: peer.url + "/ntfy", topic: "frist")))
        let (attempt, _) = await Self.send(Self.notifier(for: channel), MessageFixtures.danish(kind: .due))
        #expect(attempt.outcome == .delivered)
        let record = try #require(try await peer.records(atLeast: 1).first)
        #expect(record["path"] as? String == "/ntfy/")
        #expect((record["headers"] as? [String: String])?["authorization"] == nil)
        #expect((record["body"] as? String)?.contains(#""priority":4,"tags":["warning"]"#) == true)
    }

    // MARK: Teams in English

    @Test("teams: facts and buttons follow the message's language")
    func teamsEnglish() throws {
        let english = try #require(MessageDetails(MessageFixtures.danish(language: .en).facts))
        #expect(english.rows.map(\.label) == ["Project", "Due", "Owner"])
        #expect(try #require(MessageDetails(MessageFixtures.danish().facts)).rows.map(\.label) == ["Projekt", "Frist", "Ansvarlig"])
        #expect(MessageFixtures.danish(language: .en, linked: true).links.map(\.label) == ["Mark it done", "See the overview"])
        #expect(TeamsNotifier.payload(MessageFixtures.danish(language: .en, linked: true)).serialized
            .contains(#""actions":[{"type":"Action.OpenUrl","title":"Mark it done","url":"\#(Self.ack)"}"#))
    }

    // MARK: Console

    @Test("console: one line per reminder")
    func console() async {
        let lines = Lines()
        let (attempt, _) = await Self.send(ConsoleNotifier(channel: ChannelConfig(name: "console", settings: .console)),
                                           MessageFixtures.danish(),
                                           console: { line in lines.all.withLock { $0.append(line) } })
        #expect(attempt.outcome == .delivered)
        let title = MessageFixtures.title
        #expect(lines.all.withLock { $0 } == [
            "[frist] 2021-09-16T09:00:00+02:00 taskforce/apv-handleplan@2021-09-30#before-14d: Frist om 14 dage: \(title) — Påmindelse: »\(title)« (Task Force – Afdeling for Børn og Familie) har frist 30. september 2021 (uge 39) – om 14 dage. / Meld den færdig, når den er nået.",
        ])
    }

    // MARK: Helpers

    /// What the console channel wrote.
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    static func notifier(for channel: ChannelConfig) -> any Notifier { Notifiers.make(channel) }

    /// A Matrix channel on the sink with the fixture's token.
    static func matrix(_ homeserver: String, room: String) -> ChannelConfig {
        ChannelConfig(name: "matrix", settings: .matrix(MatrixSettings(homeserver: homeserver, room: room,
                                                                        token: .inline(matrixToken))))
    }

    /// One attempt through a fresh libcurl transport; the redactor shows what was registered.
    static func send(_ notifier: any Notifier, _ message: Message, environment: [String: String] = [:],
                     console: @escaping @Sendable (String) -> Void = { _ in }) async -> (DeliveryAttempt, Redactor) {
        let transport = CurlTransport()
        defer { transport.shutdown() }
        let redactor = Redactor()
        let context = DeliveryContext(transport: transport,
                                      secrets: SecretResolver(redactor: redactor, environment: environment),
                                      console: console)
        return (await notifier.send(message, via: context), redactor)
    }

    /// Several messages through the notifier's batch path, as the daemon sends a burst.
    static func send(_ notifier: any Notifier, _ messages: [Message]) async -> [DeliveryAttempt] {
        let transport = CurlTransport()
        defer { transport.shutdown() }
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor()),
                                      console: { _ in })
        return await notifier.send(messages, via: context)
    }
}
