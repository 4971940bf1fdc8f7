import Foundation
import Testing
import FristTestSupport

/// Acknowledgements everywhere the daemon honours them, and their undo; dead letters back to
/// the queue. The real binary on a real state, and the daemon noticing within seconds.
@Suite(.serialized) struct AcknowledgementTests {
    static let milestones = """
          - {id: rapport, title: Rapport, due: 2030-01-15, before: [14d, 3d], overdue: null}
          - {id: plan, title: Plan, due: 2030-01-20, before: [14d], overdue: null}
        """

    @Test func upcomingCheckAndStatusLeaveOutWhatIsAcknowledged() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try DaemonTests.config(in: folder, peer: peer, milestones: Self.milestones)
        func upcoming() async throws -> [String] {
            try await FristBinary.result(of: ["upcoming", "--config", path, "--from", "2029-12-01", "--to", "2030-02-01",
                                              "--json"]).stdoutLines
        }
        #expect(try await upcoming().count == 5)
        let ack = try await FristBinary.result(of: ["ack", "taskforce/rapport@2030-01-15", "--note", "sendt til udvalget",
                                                    "--config", path])
        #expect(ack.status == 0, "\(ack.stderr)")
        let lines = try await upcoming()
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.allSatisfy { $0.contains("\"milestone\":\"plan\"") })
        let table = try await FristBinary.result(of: ["upcoming", "--config", path, "--from", "2029-12-01", "--to", "2030-02-01"])
        #expect(!table.stdout.contains("rapport"), "\(table.stdout)")
        let check = try await FristBinary.result(of: ["check", "--config", path])
        #expect(check.stdout.contains("next reminder 2030-01-04T09:00:00+01:00 taskforce/plan@2030-01-20#before-14d"), "\(check.stdout)")
        let status = try await FristBinary.result(of: ["status", "--config", path])
        #expect(status.stdout.contains("next reminder: 2030-01-04T09:00:00+01:00 taskforce/plan@2030-01-20#before-14d"), "\(status.stdout)")
        #expect(status.stdout.contains("taskforce/rapport@2030-01-15: done "), "\(status.stdout)")
        #expect(status.stdout.contains("— sendt til udvalget"))

        let unack = try await FristBinary.result(of: ["unack", "taskforce/rapport@2030-01-15", "--config", path])
        #expect(unack.status == 0, "\(unack.stderr)")
        #expect(unack.stdout.hasPrefix("no longer acknowledged: taskforce/rapport@2030-01-15"))
        #expect(try await upcoming().count == 5)
        let again = try await FristBinary.result(of: ["unack", "taskforce/rapport@2030-01-15", "--config", path])
        #expect(again.status == 1)
        #expect(again.stderrLines.first?.hasPrefix("taskforce/rapport@2030-01-15 is not acknowledged in ") == true)
    }

    @Test func retrySendsADeadLetterAgainAndTheDaemonNoticesWithinSeconds() async throws {
        // The gateway refuses the first request for good (404), then takes everything.
        let peer = try await TestPeer.http(script: #"[{"status":404,"body":"no such hook"},{"status":200}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try DaemonTests.config(in: folder, peer: peer, milestones: """
              - {id: a, title: A, due: "2021-09-30T09:00", before: [], overdue: null}
              - {id: b, title: B, due: "2021-09-30T12:00", before: [], overdue: null}
            """)
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:58+02:00", "--speed", "1"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "moved to the dead letters"), "\(daemon.stderr)")
        let status = try await FristBinary.result(of: ["status", "--config", path])
        #expect(status.stdout.contains("dead 1"), "\(status.stdout)")
        let nope = try await FristBinary.result(of: ["retry", "taskforce/b@2021-09-30#due", "--config", path])
        #expect(nope.status == 1)
        #expect(nope.stderr.contains("not a dead letter in "), "\(nope.stderr)")
        let retry = try await FristBinary.result(of: ["retry", "taskforce/a@2021-09-30#due", "--config", path])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout == "queued again: taskforce/a@2021-09-30#due via hook\n")
        // No reminder is due for three hours: the daemon notices the retry by itself.
        let records = try await peer.records(atLeast: 2, timeout: 15)
        #expect(records.compactMap { ($0["headers"] as? [String: String])?["idempotency-key"] }
            == ["taskforce/a@2021-09-30#due", "taskforce/a@2021-09-30#due"])
        #expect(await daemon.stop() == 0)
        let after = try await FristBinary.result(of: ["status", "--config", path])
        #expect(after.stdout.contains("sent 1") && after.stdout.contains("dead 0"), "\(after.stdout)")
        let none = try await FristBinary.result(of: ["retry", "--all", "--config", path])
        #expect(none.stdout == "no dead letters\n")
    }

    @Test func statusListsTheSkippedRemindersLatestFirst() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let lines = (0..<30).map { "  - {id: m\($0), title: M, due: 2021-09-\(String(format: "%02d", $0 % 28 + 1)), before: [], overdue: null}" }
        let path = try DaemonTests.config(in: folder, peer: peer, milestones: lines.joined(separator: "\n"))
        // A first run in September, then one in November: the month between is past catch_up.
        let first = try DaemonProcess(["--config", path, "--start-at", "2021-08-31T12:00:00+02:00", "--speed", "1"],
                                      directory: folder.path)
        #expect(await first.log(contains: "frist running"))
        #expect(await first.stop() == 0)
        let second = try DaemonProcess(["--config", path, "--start-at", "2021-11-01T12:00:00+01:00", "--speed", "1"],
                                       directory: folder.path)
        #expect(await second.log(contains: "recorded as skipped"), "\(second.stderr)")
        #expect(await second.stop() == 0)
        let status = try await FristBinary.result(of: ["status", "--config", path])
        #expect(status.stdout.contains("skipped (not sent), latest first, 20 of 30:"), "\(status.stdout)")
        let listed = status.stdout.split(separator: "\n").filter { $0.hasPrefix("  taskforce/") && $0.contains("catch_up") }
        #expect(listed.count == 20)
        #expect(listed.first?.contains("@2021-09-28#due") == true, "\(listed.first ?? "")")
    }
}
