import Foundation
import FristTestSupport
import Testing

/// Microsoft 365 as an admin meets it, through the real `frist` binary: `send-test` on a Graph
/// and an Exchange (XOAUTH2) channel, and the daemon on a simulated clock, against the Entra ID
/// and Graph stand-in (`m365_peer.py`) and an XOAUTH2-only SMTP server.
@Suite struct Microsoft365CommandTests {
    static let clientID = "6731de76-14a6-49ae-97bc-6eba6914391e"
    static let secret = "Zx8Q~s3cr3t-value.that~must-never-show"
    static let tokenKey = "peer-signing-key"

    static func m365() async throws -> TestPeer {
        try await TestPeer.start(script: "m365_peer.py", arguments: ["--client-id", clientID, "--client-secret", secret,
                                                         "--token-key", tokenKey, "--mailbox", "frist@kommune.dk"])
    }

    /// A config with a Graph channel and an Exchange channel, the client secret in a file as a
    /// systemd credential would be, and two milestones whose reminders fall at the same minute.
    static func config(_ m365: TestPeer, smtp: TestPeer, secret: String = secret) throws -> TemporaryFolder {
        let folder = try TemporaryFolder([
            "m365-secret": secret + "\n",
            "frist.yaml": """
                state_dir: state
                people:
                  anne: {name: Anne Jensen, email: anne@kommune.dk}
                channels:
                  graph:
                    type: graph
                    url: \(m365.url)
                    from: Frist <frist@kommune.dk>
                    oauth2:
                      token_url: \(m365.url)/kommune-tenant/oauth2/v2.0/token
                      client_id: \(clientID)
                      client_secret_file: m365-secret
                  exo:
                    type: email
                    url: \(smtp.smtpURL)
                    from: Frist <frist@kommune.dk>
                    username: frist@kommune.dk
                    oauth2:
                      token_url: \(m365.url)/kommune-tenant/oauth2/v2.0/token
                      client_id: \(clientID)
                      client_secret_file: m365-secret
                include: [schedules/*.yaml]

                """,
            "schedules/p.yaml": """
                project: {id: p, name: Projekt, owner: anne, notify: [graph]}
                milestones:
                  - {id: a, title: Første, due: 2030-01-22, before: [14d]}
                  - {id: b, title: Anden, due: 2030-01-22, before: [14d]}

                """,
        ])
        return folder
    }

    static func requests(_ peer: TestPeer, _ kind: String) throws -> [[String: Any]] {
        try peer.records().filter { $0["kind"] as? String == kind }
    }

    @Test func sendTestThroughGraphAndExchangePrintsTheServicesAnswer() async throws {
        let m365 = try await Self.m365()
        defer { m365.stop() }
        let smtp = try await TestPeer.smtp(arguments: ["--xoauth2", Self.tokenKey])
        defer { smtp.stop() }
        let folder = try Self.config(m365, smtp: smtp)
        let path = folder.path + "/frist.yaml"
        let check = try await FristBinary.result(of: ["check", "--config", path])
        #expect(check.status == 0, "\(check.stderr)")

        let graph = try await FristBinary.result(of: ["send-test", "graph", "--to", "anne", "--config", path])
        #expect(graph.status == 0, "\(graph.stderr)")
        #expect(graph.stdout.hasPrefix("graph: delivered (202, "), "\(graph.stdout)")
        let exo = try await FristBinary.result(of: ["send-test", "exo", "--to", "anne", "--config", path])
        #expect(exo.status == 0, "\(exo.stderr)")
        #expect(exo.stdout.hasPrefix("exo: delivered (250, "), "\(exo.stdout)")
        let mail = try #require(try await smtp.records(atLeast: 1).first)
        #expect(mail["auth_mechanism"] as? String == "XOAUTH2")
        #expect(mail["rcpt_tos"] as? [String] == ["anne@kommune.dk"])

        let noTo = try await FristBinary.result(of: ["send-test", "graph", "--config", path])
        #expect(noTo.status == 1)
        #expect(noTo.stderr.contains("graph is an e-mail channel: say who gets the test with --to PERSON"))
        #expect(try Self.requests(m365, "graph").count == 1, "nothing sent without --to")
        for output in [check, graph, exo, noTo] {
            #expect(!(output.stdout + output.stderr).contains(Self.secret))
        }
    }

    @Test func aWrongSecretSaysWhatEntraSaid() async throws {
        let m365 = try await Self.m365()
        defer { m365.stop() }
        let smtp = try await TestPeer.smtp(arguments: ["--xoauth2", Self.tokenKey])
        defer { smtp.stop() }
        let wrong = "Wr0ng~secret-that-must-not-show"
        let folder = try Self.config(m365, smtp: smtp, secret: wrong)
        let r = try await FristBinary.result(of: ["send-test", "graph", "--to", "anne", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("graph: not delivered: token endpoint: HTTP 401 — invalid_client: AADSTS7000215: Invalid client secret provided."),
                "\(r.stderr)")
        #expect(!(r.stdout + r.stderr).contains(wrong))
    }

    @Test func theDaemonMailsThroughGraphWithOneTokenAndShowsNoSecret() async throws {
        let m365 = try await Self.m365()
        defer { m365.stop() }
        let smtp = try await TestPeer.smtp(arguments: ["--xoauth2", Self.tokenKey])
        defer { smtp.stop() }
        let folder = try Self.config(m365, smtp: smtp)
        // Two seconds before both reminders (09:00, Tuesday 8 January 2030).
        let daemon = try DaemonProcess(["--config", folder.path + "/frist.yaml", "--start-at", "2030-01-08T08:59:58+01:00"],
                                       directory: folder.path)
        defer { daemon.terminate() }
        let graph = try await m365.records(atLeast: 3).filter { $0["kind"] as? String == "graph" }
        #expect(graph.count == 2)
        #expect(graph.allSatisfy { $0["status"] as? Int == 202 })
        let keys = graph.compactMap { (($0["json"] as? [String: Any])?["message"] as? [String: Any])?["internetMessageHeaders"] as? [[String: String]] }
            .compactMap { $0.first?["value"] }
        #expect(Set(keys) == ["p/a@2030-01-22#before-14d", "p/b@2030-01-22#before-14d"])
        #expect(try Self.requests(m365, "token").count == 1)
        #expect(await daemon.log(contains: "p/b@2030-01-22#before-14d"))
        #expect(await eventually { DaemonProcess.logSaysSent(daemon.stderr, "p/a@2030-01-22#before-14d", via: "graph")
            && DaemonProcess.logSaysSent(daemon.stderr, "p/b@2030-01-22#before-14d", via: "graph") }, "\(daemon.stderr)")
        #expect(await daemon.stop() == 0)
        let tokens = graph.compactMap { ($0["headers"] as? [String: String])?["authorization"] }.map { String($0.dropFirst(7)) }
        #expect(tokens.count == 2)
        let stateFiles = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/state")
        #expect(stateFiles.contains("frist.sqlite"))
        for secret in [Self.secret] + tokens {
            #expect(!daemon.stderr.contains(secret) && !daemon.stdout.contains(secret))
            for file in stateFiles {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/state/" + file))
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "a secret or token in \(file)")
            }
        }
    }
}
