import Testing
import FristConfig

/// A loaded channel carries its kind's settings, every required value in place: what each
/// `type:` reads into.
@Suite struct ChannelSettingsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// The channel `c`'s entry under `channels:`.
        let yaml: String
        /// The settings it loads into, given the config's folder.
        let expected: @Sendable (_ folder: String) throws -> ChannelSettings
        var testDescription: String { yaml.split(separator: "\n").first.map(String.init) ?? yaml }
    }

    static let cases: [Case] = [
        Case(yaml: "{type: console}") { _ in .console },
        Case(yaml: """

                type: webhook
                url: https://hooks.example.dk/in
                method: put
                headers: {X-Source: frist, Authorization: {value_env: HOOK_TOKEN}}
                body: '{"text":"{{text}}"}'
            """) { folder in
            .webhook(WebhookSettings(url: .inline("https://hooks.example.dk/in"), method: "PUT",
                                     headers: ["X-Source": .text("frist"), "Authorization": .secret(.environment("HOOK_TOKEN"))],
                                     body: try WebhookBody(#"{"text":"{{text}}"}"#, location: folder + "/frist.yaml:9:11")))
        },
        Case(yaml: "{type: webhook, url_env: HOOK_URL}") { _ in
            .webhook(WebhookSettings(url: .environment("HOOK_URL"), method: "POST", headers: [:], body: nil))
        },
        Case(yaml: "{type: slack, url_env: SLACK_URL}") { _ in .slack(url: .environment("SLACK_URL")) },
        Case(yaml: "{type: teams, url: \"https://kommune.webhook.office.com/w/1\"}") { _ in
            .teams(url: .inline("https://kommune.webhook.office.com/w/1"))
        },
        Case(yaml: "{type: mattermost, url_file: secrets/mattermost}") { folder in
            .mattermost(url: .file(folder + "/secrets/mattermost"))
        },
        Case(yaml: "{type: discord, url: \"https://discord.com/api/webhooks/1/abc\"}") { _ in
            .discord(url: .inline("https://discord.com/api/webhooks/1/abc"))
        },
        Case(yaml: "{type: matrix, url: \"https://matrix.example.dk\", room: \"#frister:example.dk\", token_env: MATRIX}") { _ in
            .matrix(MatrixSettings(homeserver: "https://matrix.example.dk", room: "#frister:example.dk",
                                   token: .environment("MATRIX")))
        },
        Case(yaml: "{type: ntfy, url: \"https://ntfy.sh\", topic: frist}") { _ in
            .ntfy(NtfySettings(server: "https://ntfy.sh", topic: "frist", token: nil))
        },
        Case(yaml: "{type: ntfy, url: \"https://ntfy.kommune.dk/\", topic: frist, token: tk_1}") { _ in
            .ntfy(NtfySettings(server: "https://ntfy.kommune.dk/", topic: "frist", token: .inline("tk_1")))
        },
        Case(yaml: "{type: gotify, url: \"https://push.example.dk\", token_env: GOTIFY}") { _ in
            .gotify(GotifySettings(server: "https://push.example.dk", token: .environment("GOTIFY")))
        },
        Case(yaml: "{type: email, url: \"smtps://smtp.kommune.dk\", from: \"Frist <frist@kommune.dk>\", username: frist, password_env: SMTP}") { _ in
            .email(EmailSettings(server: "smtps://smtp.kommune.dk", from: Mailbox("Frist <frist@kommune.dk>")!,
                                 authentication: .password(username: "frist", password: .environment("SMTP")),
                                 startTLS: .required))
        },
        Case(yaml: "{type: email, url: \"smtp://localhost:25\", from: frist@kommune.dk}") { _ in
            .email(EmailSettings(server: "smtp://localhost:25", from: Mailbox("frist@kommune.dk")!,
                                 authentication: .none, startTLS: .optional))
        },
        Case(yaml: """

                type: email
                url: smtp://smtp.office365.com:587
                from: frist@kommune.dk
                username: frist@kommune.dk
                starttls: off
                oauth2: {tenant: kommune.onmicrosoft.com, client_id: app-1, client_secret_env: M365}
            """) { _ in
            .email(EmailSettings(server: "smtp://smtp.office365.com:587", from: Mailbox("frist@kommune.dk")!,
                                 authentication: .oauth2(username: "frist@kommune.dk", OAuth2Settings(
                                     tokenURL: "https://login.microsoftonline.com/kommune.onmicrosoft.com/oauth2/v2.0/token",
                                     clientID: "app-1", credential: .secret(.environment("M365")),
                                     scope: "https://outlook.office365.com/.default")),
                                 startTLS: .off))
        },
        Case(yaml: "{type: graph, from: \"Frist <frist@kommune.dk>\", oauth2: {token_url: \"https://login.example.dk/t\", client_id: app-2, client_secret_env: M365}}") { _ in
            .graph(GraphSettings(url: "https://graph.microsoft.com", from: Mailbox("Frist <frist@kommune.dk>")!,
                                 oauth2: OAuth2Settings(tokenURL: "https://login.example.dk/t", clientID: "app-2",
                                                        credential: .secret(.environment("M365")),
                                                        scope: "https://graph.microsoft.com/.default"),
                                 saveToSent: false))
        },
    ]

    @Test("each kind's settings, as loaded", arguments: cases)
    func settings(_ c: Case) throws {
        let fixture = try ConfigFixture(main: "people:\n  anne: {name: Anne, email: anne@example.dk}\nchannels:\n  c: \(c.yaml)\n")
        let channel = try #require(try fixture.config().channels["c"])
        let expected = try c.expected(fixture.directory)
        #expect(channel.settings == expected)
        #expect(channel.kind == expected.kind)
        #expect(channel.name == "c")
    }

    @Test func aMailboxIsTheAddressInFrom() {
        #expect(Mailbox("Frist <frist@kommune.dk>")?.address == "frist@kommune.dk")
        #expect(Mailbox("Frist <frist@kommune.dk>")?.text == "Frist <frist@kommune.dk>")
        #expect(Mailbox("  frist@kommune.dk ")?.address == "frist@kommune.dk")
        #expect(Mailbox("Frist") == nil)
    }

    @Test func whatEveryChannelTakesSitsBesideItsSettings() throws {
        let fixture = try ConfigFixture(main: """
            channels:
              slack: {type: slack, url_env: S, insecure: true, timeout: 5s, max_body: 64KB, rate: 2/min, templates: {due: "I dag: {{title}}"}}

            """)
        let slack = try #require(try fixture.config().channels["slack"])
        #expect(slack == ChannelConfig(name: "slack", settings: .slack(url: .environment("S")), insecure: true,
                                       timeoutSeconds: 5, maxBody: 64 * 1024, rate: RateLimit(count: 2, perSeconds: 60),
                                       templates: ["due": "I dag: {{title}}"]))
        #expect(try ConfigFixture(main: "").config().channels["console"] == ChannelConfig(name: "console", settings: .console))
    }

    @Test func aMailChannelWithAMistakeIsStillTheOneADigestMailsThrough() throws {
        // The channel does not load, but a digest's `to` is not reported as having no mail channel.
        let fixture = try ConfigFixture(main: """
            people:
              anne: {name: Anne, email: anne@example.dk}
            channels:
              mail: {type: email, url: "smtp://127.0.0.1:2525"}
            digests:
              - {id: week, every: monday, to: [anne]}

            """)
        #expect(fixture.errors() == ["frist.yaml:4:9: channel 'mail' (email) needs 'from'"])
    }
}
