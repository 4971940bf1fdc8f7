import Foundation
import Testing
import FristTestSupport

/// `frist run` end to end: the real binary under a simulated clock, a real HTTP sink as the
/// gateway, real SQLite state, signals as systemd sends them.
@Suite(.serialized) struct DaemonTests {
    /// A config whose reminders go to `peer`; `milestones` are the schedule's milestone lines.
    static func config(in folder: TemporaryFolder, peer: TestPeer, milestones: String, extra: String = "") throws -> String {
        try folder.write("frist.yaml", """
            timezone: Europe/Copenhagen
            send_time: "09:00"
            state_dir: state
            catch_up: 3d
            \(extra)
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
            channels:
              hook: {type: webhook, url: "\(peer.url)/hook"}
            include: [schedules/*.yaml]

            """)
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne, notify: [hook]}
            milestones:
            \(milestones)

            """)
        return folder.path + "/frist.yaml"
    }

    /// The gateway's records once `count` arrived; on a timeout the error carries the daemon's log.
    static func records(_ peer: TestPeer, _ count: Int, _ daemon: DaemonProcess, timeout: TimeInterval = 30) async throws -> [[String: Any]] {
        do {
            return try await peer.records(atLeast: count, timeout: timeout)
        } catch {
            throw TestPeer.Failure(description: "\(error)\ndaemon log:\n\(daemon.stderr)")
        }
    }

    /// The key of the `vagt` milestone a test adds to know that a moment it waits for has
    /// passed: what must not come would have come before it.
    static func sentinel(_ date: String) -> String { "taskforce/vagt@\(date)#due" }

    static func keys(_ peer: TestPeer) throws -> [String] {
        try peer.records().compactMap { ($0["headers"] as? [String: String])?["idempotency-key"] }
    }

    @Test func aReminderArrivesAtItsDueInstant() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: """
              - {id: apv-handleplan, title: Handleplan for psykisk APV, due: 2021-09-30, before: [14d], on_due: false, overdue: null}
            """)
        // 10 simulated seconds before 2021-09-16 09:00 (+02:00), at 10× speed: due after ~1 s.
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-16T08:59:50+02:00", "--speed", "10"],
                                       directory: folder.path)
        let records = try await Self.records(peer, 1, daemon)
        let headers = records[0]["headers"] as? [String: String] ?? [:]
        #expect(headers["idempotency-key"] == "taskforce/apv-handleplan@2021-09-30#before-14d")
        #expect(await daemon.sent("taskforce/apv-handleplan@2021-09-30#before-14d", via: "hook"))
        #expect(await daemon.stop() == 0)
        #expect(daemon.stderr.contains("stopping"))
    }

    @Test func aReminderFallingDueWhileARoundRunsIsSentAtOnce() async throws {
        // 10 ms per request: the 300 reminders of 09:00 take the round a few real seconds, at
        // 1,000× many simulated minutes — the 09:01 deadline falls due while the round sends.
        let peer = try await TestPeer.http(script: #"[{"status":200,"delay":0.01}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        var lines = (0..<300).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }
        lines.append("  - {id: late, title: Late, due: \"2021-09-30 09:01\", before: [], overdue: null}")
        let path = try Self.config(in: folder, peer: peer, milestones: lines.joined(separator: "\n"))
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "1000"],
                                       directory: folder.path)
        _ = try await Self.records(peer, 301, daemon, timeout: 60)
        #expect(try Self.keys(peer).contains("taskforce/late@2021-09-30#due"))
        #expect(await daemon.stop() == 0)
    }

    @Test func anAcknowledgementStopsTheNags() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: """
              - {id: rapport, title: Rapport, due: 2021-09-30, before: [], overdue: {every: 1d, times: 10}}
              - {id: vagt, title: Vagt, due: "2021-10-03T09:00", shift: none, before: [], overdue: null}
            """)
        // A simulated day every 4 s: the due reminder, then nag after nag unless acknowledged.
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:58+02:00", "--speed", "21600"],
                                       directory: folder.path)
        _ = try await Self.records(peer, 1, daemon)
        let ack = try await FristBinary.result(of: ["ack", "taskforce/rapport@2021-09-30", "--config", path], directory: folder.path)
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout.hasPrefix("acknowledged taskforce/rapport@2021-09-30"))
        // Three simulated days pass, until the sentinel of 3 October arrives: overdue-1…3 would
        // have gone out before it.
        #expect(await eventually { (try? Self.keys(peer).contains(Self.sentinel("2021-10-03"))) == true })
        let sent = try Self.keys(peer).filter { $0 != Self.sentinel("2021-10-03") }
        #expect(await daemon.stop() == 0)
        #expect(sent.first == "taskforce/rapport@2021-09-30#due")
        // At most the nag already due when the acknowledgement landed.
        #expect(sent.count <= 2, "\(sent)")
    }

    @Test func aGatewayThatIsDownForAWhileGetsEverythingLater() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":503,"times":3},{"status":200}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: """
              - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}
            """)
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "60"],
                                       environment: ["FRIST_LOG_LEVEL": "debug"], directory: folder.path)
        // Backoff 5 s, 10 s, 20 s simulated: the fourth attempt succeeds about a second later in real time.
        let records = try await Self.records(peer, 4, daemon)
        #expect(records.count == 4)
        #expect(await daemon.sent("taskforce/a@2021-09-30#due", via: "hook"))
        #expect(daemon.stderr.contains("retrying at"))
        #expect(await daemon.stop() == 0)
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.stdout.contains("sent 1"), "\(status.stdout)")
    }

    @Test func aCrashDuringABurstLosesNothingAndRepeatsOnlyWhatWasInFlight() async throws {
        // Every request takes 10 ms at the gateway, so the burst is still going when the daemon dies.
        let peer = try await TestPeer.http(script: #"[{"status":200,"delay":0.01}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        var lines = (0..<300).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }
        // Due a minute after the burst: it goes out in a later round than any repeat.
        lines.append("  - {id: vagt, title: Vagt, due: \"2021-09-30T09:01\", before: [], overdue: null}")
        let path = try Self.config(in: folder, peer: peer, milestones: lines.joined(separator: "\n"))
        let first = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "10"],
                                      directory: folder.path)
        _ = try await eventually(timeout: 30, every: .milliseconds(10)) { try peer.records().count >= 60 }
        await first.crash()
        let beforeRestart = try peer.records().count
        #expect(beforeRestart < 300, "the burst should still have been running")
        let second = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T09:00:30+02:00", "--speed", "10"],
                                       directory: folder.path)
        _ = try await Self.records(peer, 301, second, timeout: 60)
        // Every repeat went out in the round before the sentinel's.
        #expect(await eventually { (try? Self.keys(peer).contains(Self.sentinel("2021-09-30"))) == true })
        #expect(await second.stop() == 0)
        let keys = try Self.keys(peer).filter { $0 != Self.sentinel("2021-09-30") }
        #expect(Set(keys).count == 300)
        // Repeats are at most what was in flight: the scheduler's 128 slots.
        #expect(keys.count - 300 <= 128, "\(keys.count - 300) repeats")
    }

    @Test func afterDowntimeRecentRemindersAreCaughtUpOnceAndOldOnesSkipped() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: """
              - {id: old, title: Gammel, due: 2021-09-20, before: [], overdue: null}
              - {id: recent, title: Ny, due: 2021-09-28, before: [], overdue: null}
              - {id: later, title: Senere, due: 2021-10-15, before: [], overdue: null}
              - {id: vagt, title: Vagt, due: "2021-09-29T12:01", before: [], overdue: null}
            """)
        // Run once on 2021-09-10, then stop: the state says "planned through 2021-09-10".
        let first = try DaemonProcess(["--config", path, "--start-at", "2021-09-10T12:00:00+02:00"], directory: folder.path)
        #expect(await first.log(contains: "frist running"))
        #expect(await first.stop() == 0)
        // Back on 2021-09-29: 'recent' (1 day late) is sent, 'old' (9 days late) is skipped.
        // A simulated minute a real second: the sentinel at 12:01 comes after the round that caught up.
        let second = try DaemonProcess(["--config", path, "--start-at", "2021-09-29T12:00:00+02:00", "--speed", "60"],
                                       directory: folder.path)
        let records = try await Self.records(peer, 2, second)
        #expect(await second.stop() == 0)
        #expect(try Self.keys(peer) == ["taskforce/recent@2021-09-28#due", Self.sentinel("2021-09-29")])
        #expect(second.stderr.contains("older than catch_up"))
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.stdout.contains("skipped 1"), "\(status.stdout)")
        _ = records
    }

    @Test func aBrokenConfigOnReloadKeepsTheOldPlanRunning() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: """
              - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}
            """)
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:50+02:00", "--speed", "5"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "frist running"))
        try folder.write("schedules/tf.yaml", "project: {id: Bad Id}\nmilestones: []\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.log(contains: "reload refused"))
        #expect(daemon.stderr.contains("project id 'Bad Id'"))
        let records = try await Self.records(peer, 1, daemon)
        #expect((records[0]["headers"] as? [String: String])?["idempotency-key"] == "taskforce/a@2021-09-30#due")
        #expect(await daemon.stop() == 0)
    }

    @Test func systemdHearsReadyReloadingStoppingAndTheWatchdog() async throws {
        let folder = try TemporaryFolder()
        let socket = folder.path + "/notify.sock"
        let notify = try await TestPeer.start(script: "notify_sink.py", arguments: ["--path", socket])
        defer { notify.stop() }
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let path = try Self.config(in: folder, peer: peer, milestones: "  - {id: a, title: A, due: 2030-01-01}")
        let daemon = try DaemonProcess(["--config", path], environment: [
            "NOTIFY_SOCKET": socket, "WATCHDOG_USEC": "1000000",
        ], directory: folder.path)
        #expect(await daemon.log(contains: "frist running"))
        daemon.signal(SIGHUP)
        #expect(await daemon.log(contains: "configuration reloaded"))
        // The watchdog pings every half second: at least two.
        _ = try await eventually(timeout: 10) {
            try notify.records().filter { ($0["fields"] as? [String: String])?["WATCHDOG"] == "1" }.count >= 2
        }
        #expect(await daemon.stop() == 0)
        let fields = try notify.records().compactMap { $0["fields"] as? [String: String] }
        #expect(fields.contains { $0["READY"] == "1" })
        #expect(fields.contains { $0["RELOADING"] == "1" && $0["MONOTONIC_USEC"] != nil })
        #expect(fields.contains { $0["STOPPING"] == "1" })
        #expect(fields.filter { $0["WATCHDOG"] == "1" }.count >= 2)
        #expect(fields.contains { ($0["STATUS"] ?? "").hasPrefix("next: taskforce/a@2030-01-01#before-14d") })
    }

    @Test func aRefusedReminderIsDeadLetteredListedAndReportedToTheAdmin() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":404,"body":"unknown hook"}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: """
              - {id: a, title: Handleplan, due: 2021-09-30, before: [], overdue: null}
            """, extra: "dead_letters: [console]")
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "10"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "moved to the dead letters"))
        #expect(await daemon.stop() == 0)
        #expect(daemon.stdout.contains("taskforce/a@2021-09-30#due#dead-letter: Frist kunne ikke levere: Handleplan"))
        #expect(daemon.stdout.contains("kunne ikke leveres via hook og er opgivet: HTTP 404"))
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.stdout.contains("dead letters (not delivered):\n  taskforce/a@2021-09-30#due via hook: HTTP 404"), "\(status.stdout)")
    }

    /// Whether this process may set the system clock (root with CAP_SYS_TIME, as CI runs).
    static let canSetClock: Bool = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return clock_settime(CLOCK_REALTIME, &ts) == 0
    }()

    @Test(.enabled(if: canSetClock, "setting the clock needs CAP_SYS_TIME"))
    func aClockJumpMakesTheDaemonPlanAgainAtOnce() async throws {
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, peer: peer, milestones: "  - {id: a, title: A, due: 2030-01-01}")
        let daemon = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await daemon.log(contains: "frist running"))
        // Setting the clock (here to the very time it shows, so nothing else is disturbed) is
        // what NTP stepping it or an admin changing it looks like to the daemon.
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        #expect(clock_settime(CLOCK_REALTIME, &ts) == 0)
        #expect(await daemon.log(contains: "the system clock was set; planning again", timeout: 5))
        #expect(await daemon.stop() == 0)
    }

    @Test func anInvalidConfigAtStartIsExit78() async throws {
        let folder = try TemporaryFolder(["frist.yaml": "timezone: Mars/Olympus\n"])
        let r = try await FristBinary.result(of: ["run", "--config", folder.path + "/frist.yaml"], directory: folder.path)
        #expect(r.status == 78)
        #expect(r.stderr.contains("unknown time zone 'Mars/Olympus'"))
    }
}
