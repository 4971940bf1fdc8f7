import Foundation
import Testing
import FristTestSupport

/// The weekly digest end to end: the real `frist` under a simulated clock, a real HTTP sink as
/// the gateway (a `webhook` channel), real SQLite state.
@Suite(.serialized) struct DigestTests {
    /// Reminders are off, so every request the sink gets is a digest: Anne's deadlines every
    /// Monday at 08:00, 14 days ahead.
    static func config(in folder: TemporaryFolder, peer: TestPeer, extra: String = "") throws -> String {
        try folder.write("frist.yaml", """
            timezone: Europe/Copenhagen
            state_dir: state
            catch_up: 3d
            \(extra)
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
            channels:
              hook: {type: webhook, url: "\(peer.url)/hook"}
            defaults: {before: [], on_due: false, overdue: null, notify: [hook]}
            include: [schedules/*.yaml]
            digests:
              - {id: ugens-frister, every: mandag, time: "08:00", days: 14, to: [anne], notify: [hook]}

            """)
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne}
            milestones:
              - {id: sager, title: Ca. 25 sager pr. socialrådgiver er praksis, due: 2021-09-01}
              - {id: apv, title: Handleplan for psykisk APV godkendt, due: 2021-09-16}
              - {id: moede, title: Ledermøde, due: 2021-09-27}

            """)
        return folder.path + "/frist.yaml"
    }

    /// A project of nobody's with one reminder at `due` (a local date-time) on the hook: a test
    /// waits for it to know a moment has passed, since what must not come would come before it.
    static func sentinel(_ due: String, in folder: TemporaryFolder) throws {
        try folder.write("schedules/vagt.yaml", """
            project: {id: vagt, name: Vagt}
            milestones:
              - {id: vagt, title: Vagt, due: "\(due)", on_due: true, shift: none}

            """)
    }

    /// Frist's own webhook JSON of a record.
    static func body(_ record: [String: Any]) throws -> [String: Any] {
        let text = try #require(record["body"] as? String)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theDigestArrivesOnceAWeekAtItsInstantWithTheDeadlinesAsTheyStandThen() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer)
        // A simulated week is 6 s: Sunday 08:00 start, the first digest a simulated day later.
        let started = Date()
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-12T08:00:00+02:00", "--speed", "100000"],
                                       directory: folder.path)
        let first = try await DaemonTests.records(peer, 1, daemon)
        let both = try await DaemonTests.records(peer, 2, daemon)
        #expect(await daemon.stop() == 0)
        // Not before its simulated instant: a day (0.86 s), then a week (6.05 s) later, as the
        // gateway saw them arrive (the test may notice late on a busy machine).
        let arrivals = both.compactMap { $0["at"] as? Double }
        #expect(arrivals.count == 2)
        #expect(arrivals[0] - started.timeIntervalSince1970 >= 0.8)
        #expect(arrivals[1] - arrivals[0] >= 5.5, "\(arrivals)")
        #expect(try DaemonTests.keys(peer) == ["digest/ugens-frister@2021-09-13#digest", "digest/ugens-frister@2021-09-20#digest"])

        let week37 = try Self.body(first[0])
        #expect(week37["kind"] as? String == "digest")
        #expect(week37["at"] as? String == "2021-09-13T06:00:00Z")
        #expect(week37["recipients"] as? [String] == ["anne"])
        #expect(week37["text"] as? String == """
            Overskredet (1):
            - onsdag 1. september 2021 (for 12 dage siden): Ca. 25 sager pr. socialrådgiver er praksis – Task Force – Anne Jensen

            De næste 14 dage (1):
            - torsdag 16. september 2021 (om 3 dage): Handleplan for psykisk APV godkendt – Task Force – Anne Jensen

            Er en af fristerne nået, så giv den, der administrerer Frist hos jer, besked, så stopper påmindelserne om den.
            """)
        // A week on, the APV plan is overdue too and the meeting has come within 14 days.
        let week38 = try Self.body(both[1])
        #expect(week38["at"] as? String == "2021-09-20T06:00:00Z")
        #expect(week38["text"] as? String == """
            Overskredet (2):
            - onsdag 1. september 2021 (for 19 dage siden): Ca. 25 sager pr. socialrådgiver er praksis – Task Force – Anne Jensen
            - torsdag 16. september 2021 (for 4 dage siden): Handleplan for psykisk APV godkendt – Task Force – Anne Jensen

            De næste 14 dage (1):
            - mandag 27. september 2021 (om 7 dage): Ledermøde – Task Force – Anne Jensen

            Er en af fristerne nået, så giv den, der administrerer Frist hos jer, besked, så stopper påmindelserne om den.
            """)
        #expect(DaemonProcess.logSaysSent(daemon.stderr, "digest/ugens-frister@2021-09-13#digest", via: "hook"))
    }

    @Test func aRestartDoesNotSendItAgain() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer)
        try Self.sentinel("2021-09-13T08:02", in: folder)
        let arguments = ["--config", path, "--start-at", "2021-09-13T07:59:58+02:00", "--speed", "20"]
        let first = try DaemonProcess(arguments, directory: folder.path)
        #expect(await first.sent("digest/ugens-frister@2021-09-13#digest", via: "hook"))
        #expect(await first.stop() == 0)
        #expect(try DaemonTests.keys(peer) == ["digest/ugens-frister@2021-09-13#digest"], "stopped before the sentinel")
        // The same simulated morning again: 08:00 passes a second time, and nothing is sent.
        let second = try DaemonProcess(arguments, directory: folder.path)
        #expect(await second.log(contains: "frist running"))
        // 08:00 passes again, and then the sentinel's 08:02: the digest would have come before it.
        _ = try await DaemonTests.records(peer, 2, second)
        #expect(await second.stop() == 0)
        #expect(try DaemonTests.keys(peer) == ["digest/ugens-frister@2021-09-13#digest", "vagt/vagt@2021-09-13#due"])
    }

    @Test func missedWhileDownItIsCaughtUpIfRecentAndSkippedIfOlderThanCatchUp() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer)
        try Self.sentinel("2021-09-25T12:01", in: folder)
        let sunday = try DaemonProcess(["--config", path, "--start-at", "2021-09-12T12:00:00+02:00"], directory: folder.path)
        #expect(await sunday.log(contains: "frist running"))
        #expect(await sunday.stop() == 0)
        // Back two hours after Monday's digest: it is sent, once.
        let monday = try DaemonProcess(["--config", path, "--start-at", "2021-09-13T10:00:00+02:00"], directory: folder.path)
        _ = try await DaemonTests.records(peer, 1, monday)
        #expect(await monday.stop() == 0)
        // Back on Saturday 25th: the 20th's digest is five days old, older than catch_up.
        // A simulated minute a real second: the sentinel at 12:01 comes after the round that skipped.
        let saturday = try DaemonProcess(["--config", path, "--start-at", "2021-09-25T12:00:00+02:00", "--speed", "60"],
                                         directory: folder.path)
        #expect(await saturday.log(contains: "older than catch_up"))
        _ = try await DaemonTests.records(peer, 2, saturday)
        #expect(await saturday.stop() == 0)
        #expect(try DaemonTests.keys(peer) == ["digest/ugens-frister@2021-09-13#digest", "vagt/vagt@2021-09-25#due"])
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.stdout.contains("skipped 1"), "\(status.stdout)")
    }

    @Test func aRefusedDigestIsDeadLetteredAndReported() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":404,"body":"unknown hook"}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, extra: "dead_letters: [console]")
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-13T07:59:59+02:00", "--speed", "10"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "moved to the dead letters"))
        #expect(await daemon.stop() == 0)
        #expect(daemon.stdout.contains("digest/ugens-frister@2021-09-13#digest#dead-letter: Frist kunne ikke levere: Ugens frister"))
    }

    @Test func upcomingListsDigestsAmongTheReminders() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer)
        // One reminder on Monday at 08:00 too: the digest's key sorts first at the same instant.
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne}
            milestones:
              - {id: apv, title: Handleplan for psykisk APV godkendt, due: "2021-09-16T08:00", before: [3d]}

            """)
        let json = try await FristBinary.result(of: ["upcoming", "--config", path, "--from", "2021-09-13", "--days", "7", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdoutLines == [
            #"{"key":"digest/ugens-frister@2021-09-13#digest","at":"2021-09-13T06:00:00Z","local":"2021-09-13T08:00:00+02:00","kind":"digest","project":"digest","milestone":"ugens-frister","occurrence":"2021-09-13","due":"2021-09-13","recipients":["anne"],"channels":["hook"]}"#,
            #"{"key":"taskforce/apv@2021-09-16#before-3d","at":"2021-09-13T06:00:00Z","local":"2021-09-13T08:00:00+02:00","kind":"before","project":"taskforce","milestone":"apv","occurrence":"2021-09-16","due":"2021-09-16","recipients":["anne"],"channels":["hook"]}"#,
        ])
        let table = try await FristBinary.result(of: ["upcoming", "--config", path, "--from", "2021-09-13", "--days", "7"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdoutLines
        #expect(lines.count == 5)
        #expect(lines[2].hasPrefix("13.09.2021  man  uge 37  08:00  alle projekter"))
        #expect(lines[2].contains("  Ugens frister  ") && lines[2].hasSuffix("  oversigt    Anne Jensen"), "\(lines[2])")
        #expect(lines[3].hasSuffix("3 dage før  Anne Jensen"), "\(lines[3])")
        #expect(lines[4] == "1 påmindelse og 1 oversigt 13.09.2021 – 19.09.2021.")
    }
}
