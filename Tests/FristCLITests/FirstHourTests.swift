import Foundation
import Testing
import FristTestSupport

/// Traps a new admin meets in the first hour, through the real binary: mistakes said where
/// they are and what to do, e-mail defaults that fit a local relay.
@Suite struct FirstHourTests {
    @Test func aMistypedChannelTypeIsOneMistakeWithTheRightName() async throws {
        let folder = try TemporaryFolder([
            "frist.yaml": """
                people: {anne: {name: Anne Jensen}}
                channels:
                  teams: {type: msteams, url_file: /run/credentials/frist.service/teams-url}
                  slack: {type: slack}
                include: [schedules/*.yaml]

                """,
            "schedules/a.yaml": """
                project: {id: p, name: P, owner: anne, notify: [teams]}
                milestones:
                  - {id: a, title: A, due: 2030-01-01}

                """,
        ])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stderrLines == [
            folder.path + "/frist.yaml:3:17: unknown channel type 'msteams' (did you mean 'teams'?)",
            folder.path + "/frist.yaml:4:10: channel 'slack' (slack) needs 'url' (or 'url_file' / 'url_env' to keep it out of the config)",
        ], "no follow-on 'unknown channel' at the project's notify")
    }

    @Test func countsAreSingularWhenThereIsOne() async throws {
        let folder = try TemporaryFolder(["frist.yaml": """
            people: {anne: {name: Anne Jensen}}
            defaults: {notify: [console]}
            include: [a.yaml]

            """, "a.yaml": "project: {id: p, name: P, owner: anne}\nmilestones:\n  - {id: a, title: A, due: 2030-01-01}\n"])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(folder.path + "/frist.yaml: ok — 2 files, 1 project, 1 milestone, 1 person, 1 channel (console); "),
                "\(r.stdout)")
        let table = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml",
                                                      "--from", "2029-12-01", "--days", "18"])
        #expect(table.stdout.contains("1 påmindelse "), "\(table.stdout)")
    }

    @Test func aScheduleFileGivenAsTheConfigSaysSo() async throws {
        let folder = try TemporaryFolder(["schedules/a.yaml": "project: {id: p, name: P}\nmilestones: []\n"])
        let path = folder.path + "/schedules/a.yaml"
        let r = try await FristBinary.result(of: ["check", "--config", path])
        #expect(r.status == 78)
        #expect(r.stderrLines == [path + ": this is a schedule file; pass the main config that includes it (usually frist.yaml)"])
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/etc/frist/frist.yaml"), "a system config exists here"))
    func noConfigNamesEveryPlaceLooked() async throws {
        let folder = try TemporaryFolder()
        for command in [["check"], ["run"]] {
            let r = try await FristBinary.result(of: command, environment: ["FRIST_CONFIG": ""], directory: folder.path)
            #expect(r.status == 78)
            #expect(r.stderrLines == ["no configuration found: looked for --config (not given), $FRIST_CONFIG (not set), "
                + "/etc/frist/frist.yaml and \(folder.path)/config/frist.yaml; pass --config FILE "
                + "(scripts/install puts one at /etc/frist/frist.yaml)"], "\(command)")
        }
        let env = try await FristBinary.result(of: ["check"], environment: ["FRIST_CONFIG": folder.path + "/f.yaml"])
        #expect(env.stderrLines == [folder.path + "/f.yaml: no such file (given in $FRIST_CONFIG)"])
        #expect(env.status == 78)
    }

    @Test func aCredentialFileMissingHereIsAWarningNotAnError() async throws {
        let folder = try TemporaryFolder(["frist.yaml": """
            people: {anne: {name: Anne Jensen}}
            channels:
              teams: {type: teams, url_file: /run/credentials/frist.service/teams-url}
            defaults: {notify: [teams]}
            include: [a.yaml]

            """, "a.yaml": "project: {id: p, name: P, owner: anne}\nmilestones:\n  - {id: a, title: A, due: 2030-01-01}\n"])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderrLines == [folder.path + "/frist.yaml:3:34: warning: url_file '/run/credentials/frist.service/teams-url' "
            + "does not exist here; the channel cannot send unless it exists for the daemon (a systemd credential does)"])
        #expect(r.stdout.contains(": ok — "))
    }

    /// The channel for a local SMTP server without TLS, with or without `starttls:`.
    static func mailConfig(_ peer: TestPeer, starttls: String?, in folder: TemporaryFolder) throws -> String {
        try folder.write("frist.yaml", """
            people: {anne: {name: Anne Jensen, email: anne@example.dk}}
            channels:
              mail: {type: email, url: "\(peer.smtpURL)", from: "Frist <frist@example.dk>"\(starttls.map { ", starttls: \($0)" } ?? "")}

            """)
        return folder.path + "/frist.yaml"
    }

    @Test func aLocalRelayWithoutTLSWorksWithoutSayingStarttls() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.mailConfig(peer, starttls: nil, in: folder)
        let r = try await FristBinary.result(of: ["send-test", "mail", "--to", "anne", "--config", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("mail: delivered (250, "))
        _ = try await peer.records(atLeast: 1)
    }

    @Test func aServerWithoutStarttlsUnderRequiredSaysWhatToDo() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.mailConfig(peer, starttls: "required", in: folder)
        let r = try await FristBinary.result(of: ["send-test", "mail", "--to", "anne", "--config", path])
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1)
        #expect(r.stderr.contains("the server does not offer STARTTLS"), "\(r.stderr)")
        #expect(r.stderr.contains("smtps://") && r.stderr.contains("starttls: optional"))
        #expect(!r.stderr.contains("Requested SSL level failed"))
        #expect(try peer.records().isEmpty)
    }
}
