import Foundation
import FristTestSupport
import Testing

/// `frist check` as an admin runs it: the real binary on real files.
@Suite struct CheckCommandTests {
    @Test func theShippedExampleIsValid() async throws {
        let r = try await FristBinary.result(of: ["check", "--config", "config/frist.yaml"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("config/frist.yaml: ok — 5 files, 4 projects"))
    }

    @Test func manyMistakesAreAllReportedOneLineEachWithExit78() async throws {
        let folder = try TemporaryFolder([
            "frist.yaml": """
                timezone: Europe/Copenhagn
                send_time: "9 o'clock"
                channels:
                  teams: {type: teams, url: "https://example.webhook.office.com/SECRET-PART", rate: lots}
                include: [schedules/*.yaml]

                """,
            "schedules/tf.yaml": """
                project:
                  id: taskforce
                  name: Task Force
                  owner: anne
                milestones:
                  - id: apv
                    title: APV-handleplan
                    due: 2021-09-31
                  - id: status
                    title: Kvartalsstatus
                    repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                    start: 2021-03-30

                """,
        ])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stdout.isEmpty)
        let shown = r.stderrLines.map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
        #expect(shown == [
            "frist.yaml:1:11: unknown time zone 'Europe/Copenhagn' (use an IANA name such as Europe/Copenhagen)",
            "frist.yaml:2:12: send_time '9 o'clock' is not a time of day (HH:MM, e.g. \"09:00\")",
            "frist.yaml:4:85: rate 'lots' must look like 30/min, 1/s or 100/h",
            "schedules/tf.yaml:4:10: unknown person 'anne' in owner",
            "schedules/tf.yaml:8:10: due '2021-09-31' is not a valid date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM)",
            "schedules/tf.yaml:12:12: start 2021-03-30 is not an occurrence of 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1'; the first on or after it is 2021-03-31",
        ])
        #expect(!r.stderr.contains("SECRET-PART"))
    }

    @Test func aMissingConfigIsAConfigError() async throws {
        let r = try await FristBinary.result(of: ["check", "--config", "/nonexistent/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stderrLines == ["/nonexistent/frist.yaml: no such file (given with --config)"])
    }

    @Test func theConfigIsFoundThroughFRIST_CONFIG() async throws {
        let folder = try TemporaryFolder()
        let r = try await FristBinary.result(of: ["check"], environment: ["FRIST_CONFIG": FristBinary.packageRoot + "/config/frist.yaml"],
                                    directory: folder.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("/config/frist.yaml: ok"))
    }

    @Test(arguments: [
        ["upcoming", "--to", "2021-10-01", "--days", "3"],
        ["upcoming", "--from", "2021-02-30"],
        ["upcoming", "--bogus"],
        ["nosuchcommand"],
    ])
    func usageMistakesExitWith1(_ arguments: [String]) async throws {
        let r = try await FristBinary.result(of: arguments + ["--config", "config/frist.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Error:"))
        #expect(!r.stderr.contains("Fatal error"))
    }
}
