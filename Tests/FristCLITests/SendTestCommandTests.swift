import Foundation
import Testing
import FristTestSupport

/// `frist send-test` as an admin runs it: the real binary, a real HTTP or SMTP server on 127.0.0.1.
@Suite struct SendTestCommandTests {
    static let secretPath = "/webhookb2/SECRET-7f3a9c"

    func config(_ channels: String, in folder: TemporaryFolder) throws -> String {
        try folder.write("frist.yaml", """
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
              chef: {name: Social- og Projektchef, email: chef@example.dk}
            channels:
            \(channels)

            """)
        return folder.path + "/frist.yaml"
    }

    @Test func aWebhookTestMessageIsDeliveredAndTheSecretURLNeverShown() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":200,"body":"accepted"}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try config("  hook: {type: teams, url: \"\(peer.url)\(Self.secretPath)\"}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "hook", "--config", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("hook: delivered (200, "))
        #expect(r.stdout.hasSuffix("— accepted\n"))
        let record = try await #require(peer.records(atLeast: 1).first)
        #expect(record["path"] as? String == Self.secretPath)
        let headers = record["headers"] as? [String: String] ?? [:]
        #expect(headers["idempotency-key"]?.hasPrefix("frist/send-test@") == true)
        #expect(!(r.stdout + r.stderr).contains("SECRET-7f3a9c"))
    }

    @Test func aRefusalIsExit1WithTheReasonAndTheEchoedSecretMasked() async throws {
        // A gateway that echoes the request path back in its error, as some do.
        let peer = try await TestPeer.http(script: "[{\"status\":404,\"body\":\"no such hook \(Self.secretPath)\"}]")
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        try folder.write("teams-url", peer.url + Self.secretPath + "\n")
        let path = try config("  hook: {type: teams, url_file: teams-url}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "hook", "--config", path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderrLines == ["hook: not delivered: HTTP 404 (404) — no such hook ••••"])
    }

    @Test func anEmailGoesOnlyToThePersonNamed() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try config("  mail: {type: email, url: \"\(peer.smtpURL)\", from: \"Frist <frist@example.dk>\", starttls: off}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "mail", "--to", "chef", "--config", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("mail: delivered (250, "))
        let record = try await #require(peer.records(atLeast: 1).first)
        #expect(record["rcpt_tos"] as? [String] == ["chef@example.dk"])
        #expect((record["data"] as? String)?.contains("Subject: Testbesked fra Frist") == true)
    }

    @Test func anEmailChannelWithoutToSendsNothing() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try config("  mail: {type: email, url: \"\(peer.smtpURL)\", from: \"Frist <frist@example.dk>\", starttls: off}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "mail", "--config", path])
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.hasPrefix("mail is an e-mail channel: say who gets the test with --to PERSON"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was sent"))
        #expect(try peer.records().isEmpty, "a test mail went out to the whole config")
    }

    @Test func aServerThatIsDownIsExit1SaidPlainly() async throws {
        let folder = try TemporaryFolder()
        let path = try config("  hook: {type: slack, url: \"http://127.0.0.1:9/services/SECRET-T0\"}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "hook", "--config", path])
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1 && r.stderr.hasPrefix("hook: not delivered: "))
        #expect(!r.stderr.contains("SECRET-T0"))
    }

    @Test(arguments: [
        (["send-test", "nope"], "no channel 'nope' in "),
        (["send-test", "console", "--to", "nobody"], "no person 'nobody' in "),
    ])
    func unknownNamesAreExit1(arguments: [String], message: String) async throws {
        let folder = try TemporaryFolder()
        let path = try config("  hook: {type: slack, url_env: SLACK_URL}", in: folder)
        let r = try await FristBinary.result(of: arguments + ["--config", path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix(message))
    }

    @Test func aMissingSecretFileIsNamedWithoutAnyValue() async throws {
        let folder = try TemporaryFolder()
        let path = try config("  hook: {type: discord, url_file: /run/credentials/frist.service/discord-url}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "hook", "--config", path])
        #expect(r.status == 1)
        #expect(r.stderrLines == ["hook: not delivered: channel 'hook': cannot read url_file /run/credentials/frist.service/discord-url (no answer)"])
    }

    @Test func theConsoleChannelPrintsTheMessage() async throws {
        let folder = try TemporaryFolder()
        let path = try config("  console: {type: console}", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "console", "--config", path])
        #expect(r.status == 0)
        #expect(r.stdoutLines.count == 2)
        #expect(r.stdoutLines[0].contains("Testbesked fra Frist — Dette er en testbesked fra Frist på kanalen console."))
    }

    @Test func checkRendersTemplatesAndRefusesABodyThatIsNotJSON() async throws {
        let folder = try TemporaryFolder()
        let path = try config("""
              hook:
                type: webhook
                url_env: HOOK_URL
                body: '{"text": {{text}}}'
              pretty: {type: slack, url_env: SLACK_URL, templates: {due: "{{title}} {{#broken}}"}}
            """, in: folder)
        let r = try await FristBinary.result(of: ["check", "--config", path])
        #expect(r.status == 78)
        let lines = r.stderrLines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(lines == ["frist.yaml:9:62: template 'due' does not compile: expectedSectionEnd (template line 1, column 22)"])
        // With the broken template fixed, rendering shows the body is not JSON (the text is not quoted).
        let fixed = try config("""
              hook:
                type: webhook
                url_env: HOOK_URL
                body: '{"text": {{text}}}'
            """, in: folder)
        let r2 = try await FristBinary.result(of: ["check", "--config", fixed])
        #expect(r2.status == 78)
        #expect(r2.stderrLines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
            == ["frist.yaml:8:11: channel 'hook': body is not valid JSON once rendered with sample values"])
    }
}
