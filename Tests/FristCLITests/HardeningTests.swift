import Foundation
import Testing
import FristTestSupport

/// The attacks of a bad year in production, each through the real binary: configs that nest
/// too deep or quote too much, a state that cannot be written (locked, full, corrupt, wiped),
/// a schedule caught half-saved, two daemons on one state, gateways that ask to wait or stay
/// down for hours. Every wait is for a condition, and none holds a thread of the pool.
@Suite(.serialized) struct HardeningTests {
    /// A gateway (answering as `script` says), a folder with a config whose one schedule holds
    /// `milestones`, and the config's path.
    static func rig(script: String? = nil, milestones: String, extra: String = "") async throws
        -> (peer: TestPeer, folder: TemporaryFolder, path: String)
    {
        let peer = try await TestPeer.http(script: script)
        let folder = try TemporaryFolder()
        return (peer, folder, try DaemonTests.config(in: folder, peer: peer, milestones: milestones, extra: extra))
    }

    // MARK: Deep and huge configs

    @Test(arguments: [
        ("flow sequences", "  anne: " + String(repeating: "[", count: 10_000)),
        ("flow mappings", "  anne: " + String(repeating: "{a: ", count: 10_000)),
        ("block sequences", "  " + String(repeating: "- ", count: 10_000) + "x"),
    ])
    func deepNestingIsOneErrorAtItsLineNotACrash(shape: String, line: String) async throws {
        let folder = try TemporaryFolder(["frist.yaml": "timezone: Europe/Copenhagen\npeople:\n\(line)\n"])
        for command in ["check", "upcoming"] {
            let r = try await FristBinary.result(of: [command, "--config", folder.path + "/frist.yaml"])
            #expect(r.status == 78, "\(shape), \(command): exit \(r.status)")
            #expect(r.stderrLines.count == 1, "\(r.stderr.prefix(500))")
            #expect(r.stderr.hasPrefix(folder.path + "/frist.yaml:3:"), "\(r.stderr.prefix(300))")
            #expect(r.stderr.contains("nesting deeper than 64 levels"))
        }
    }

    @Test func aliasesThatExpandBeyondAnyConfigAreRefused() async throws {
        // Each level is ten of the one before: 10^9 values from a few hundred bytes.
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(previous)]")
        }
        let folder = try TemporaryFolder(["frist.yaml": lines.joined(separator: "\n") + "\n"])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"], timeout: 30)
        #expect(r.status == 78)
        #expect(r.stderr.contains("expands to more than"), "\(r.stderr)")
    }

    @Test func deeplyNestedTemplateSectionsAreAConfigError() async throws {
        let sections = String(repeating: "{{#a}}", count: 5_000) + String(repeating: "{{/a}}", count: 5_000)
        let folder = try TemporaryFolder(["frist.yaml": """
            channels:
              console: {type: console, templates: {due: "\(sections)"}}

            """])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("sections are nested more than 32 deep"), "\(r.stderr.prefix(300))")
    }

    @Test func aDeepConfigOnSighupKeepsTheRunningOne() async throws {
        let (peer, folder, path) = try await Self.rig(milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        defer { peer.stop() }
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:50+02:00", "--speed", "5"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "frist running"))
        try folder.write("schedules/tf.yaml", "project: " + String(repeating: "[", count: 10_000) + "\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.log(contains: "reload refused"))
        #expect(daemon.stderr.contains("nesting deeper than 64 levels"))
        let records = try await peer.records(atLeast: 1)
        #expect((records[0]["headers"] as? [String: String])?["idempotency-key"] == "taskforce/a@2021-09-30#due")
        #expect(await daemon.stop() == 0)
    }

    @Test func hugeValuesAreQuotedClippedAndIncludedFilesNotQuotedAtAll() async throws {
        let folder = try TemporaryFolder([
            "frist.yaml": "send_time: \"\(String(repeating: "9", count: 5_000_000))\"\ninclude: [/etc/passwd]\n",
        ])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stderr.utf8.count < 1_000, "stderr is \(r.stderr.utf8.count) bytes")
        #expect(r.stderr.contains("send_time '999"))
        #expect(r.stderr.contains("…"))
        #expect(r.stderr.contains("/etc/passwd"))
        #expect(!r.stderr.contains("root:"), "\(r.stderr)")
    }

    @Test func aHugeSecretURLAndTenThousandMistakesStayBoundedInTimeAndOutput() async throws {
        let people = (0..<10_000).map { "  p\($0): {name: P, email: not-an-address}" }.joined(separator: "\n")
        let folder = try TemporaryFolder(["frist.yaml": """
            channels:
              hook: {type: webhook, url: "https://hooks.example.dk/\(String(repeating: "é", count: 5_000_000))"}
            people:
            \(people)

            """])
        let started = Date()
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"], timeout: 60)
        #expect(Date().timeIntervalSince(started) < 20, "check took \(Date().timeIntervalSince(started)) s")
        #expect(r.status == 78)
        #expect(r.stderrLines.count == 101, "\(r.stderrLines.count) lines")
        #expect(r.stderrLines.first == folder.path + "/frist.yaml:2:30: channel 'hook': url is longer than 8 KB (value not shown: it is a secret)")
        #expect(r.stderrLines.last == folder.path + "/frist.yaml: 9901 more mistakes not shown; fix these first")
        #expect(!r.stderr.contains("éééé"))
    }

    @Test func aBodyOverMaxBodyIsRefusedByCheckAndDeadLetteredByTheDaemon() async throws {
        let title = String(repeating: "Lang titel ", count: 30_000)  // 330 KB
        let (peer, folder, path) = try await Self.rig(milestones: """
              - {id: big, title: "\(title)", due: 2021-09-30, before: [], overdue: null}
              - {id: small, title: Lille, due: 2021-09-30, before: [], overdue: null}
            """)
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:58+02:00", "--speed", "5"],
                                       directory: folder.path)
        let records = try await peer.records(atLeast: 1)
        #expect(await daemon.log(contains: "over this channel's max_body of 256 KB"))
        #expect(await daemon.stop() == 0)
        #expect(records.count == 1)
        #expect((records[0]["headers"] as? [String: String])?["idempotency-key"] == "taskforce/small@2021-09-30#due")
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.stdout.contains("dead 1"), "\(status.stdout)")

        // A webhook body template that alone renders past a small max_body is a `check` error.
        try folder.write("frist.yaml", """
            channels:
              hook:
                type: webhook
                url: "\(peer.url)/hook"
                max_body: 1KB
                body: '{"text": "\(String(repeating: "x", count: 2_000)) {{title}}"}'
                headers: {Content-Type: application/json}

            """)
        let check = try await FristBinary.result(of: ["check", "--config", path])
        #expect(check.status == 78)
        #expect(check.stderr.contains("channel 'hook': the rendered message is"), "\(check.stderr)")
        #expect(check.stderr.contains("over this channel's max_body of 1 KB"))
    }

    // MARK: The state

    @Test func aSecondDaemonOnTheSameStateIsRefusedAndCommandsStillWork() async throws {
        let (peer, folder, path) = try await Self.rig(milestones: "  - {id: a, title: A, due: 2030-01-01}")
        defer { peer.stop() }
        let first = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await first.log(contains: "frist running"))
        let second = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await second.exitStatus(within: 15) == 1)
        let refusal = second.stderr.split(separator: "\n")
        #expect(refusal.count == 1, "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.process.processIdentifier)"), "\(second.stderr)")
        #expect(second.stderr.contains("already running"))
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.status == 0, "\(status.stderr)")
        let ack = try await FristBinary.result(of: ["ack", "taskforce/a", "--config", path], directory: folder.path)
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(await first.stop() == 0)
        // The lock goes with the process: a new daemon starts at once.
        let third = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await third.log(contains: "frist running"))
        #expect(await third.stop() == 0)
    }

    @Test func aStateLockedForEightSecondsMidBurstIsRiddenOutWithoutSpinning() async throws {
        // The gateway fails the first 100 requests, then answers in 5 ms.
        let lines = (0..<600).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }
        let (peer, folder, path) = try await Self.rig(script: #"[{"status":503,"times":100},{"status":200,"delay":0.005}]"#, milestones: lines.joined(separator: "\n"))
        defer { peer.stop() }
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "10"],
                                       directory: folder.path)
        _ = try await peer.records(atLeast: 150)
        let locker = try StateLocker(folder.path + "/state/frist.sqlite", seconds: 8)
        defer { locker.stop() }
        #expect(await locker.locked(), "\(locker.output)")
        let cpuBefore = daemon.cpuSeconds
        // Trouble lines: a spinning daemon writes these by the hundred; the sends in flight at the
        // lock may still log their deliveries ("sent …"), which is fine.
        func troubleLines() -> Int {
            daemon.stderr.split(separator: "\n").filter { $0.contains(" error ") || $0.contains(" warning ") }.count
        }
        let linesBefore = troubleLines()
        #expect(await locker.released(), "\(locker.output)")
        let cpuDuring = daemon.cpuSeconds - cpuBefore
        let linesDuring = troubleLines() - linesBefore
        #expect(try await eventually(timeout: 90) { Set(try DaemonTests.keys(peer)).count == 600 })
        #expect(daemon.process.isRunning, "the daemon must not need a restart")
        #expect(await daemon.stop() == 0)
        let log = daemon.stderr
        #expect(Set(try DaemonTests.keys(peer)).count == 600)
        #expect(cpuDuring < 1, "the daemon used \(cpuDuring) s of CPU while the state was locked")
        #expect(linesDuring < 5, "\(linesDuring) error and warning lines while the state was locked:\n\(log)")
        #expect(log.contains("cannot write the state (locked by another process); retrying"), "\(log)")
        #expect(log.contains("state writable again"), "\(log)")
        // Repeats only for the 100 refused requests' retries: none from stranded rows.
        let requests = try DaemonTests.keys(peer).count
        #expect(requests <= 600 + 100, "\(requests) requests")
    }

    @Test(.enabled("needs root and tmpfs") { await Mounts.available() })
    func aStateOnAFullDiskIsRiddenOutAndCarriesOnWhenThereIsRoom() async throws {
        let peer = try await TestPeer.http(script: #"[{"status":200,"delay":0.002}]"#)
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        try await Mounts.withTmpfs(at: folder.path + "/state", size: "300k") { mount in
            // Long titles: each row's attempt and outbox record take room, and 300 KB fill quickly.
            let lines = (0..<2_000).map {
                "  - {id: m\($0), title: \(String(repeating: "Frist ", count: 20))\($0), due: 2021-09-30, before: [], overdue: null}"
            }
            let path = try DaemonTests.config(in: folder, peer: peer, milestones: lines.joined(separator: "\n"))
            let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "10"],
                                           directory: folder.path)
            #expect(await daemon.log(contains: "cannot write the state (disk full); retrying", timeout: 60), "\(daemon.stderr)")
            let stuckAt = try peer.records().count
            #expect(stuckAt < 2_000)
            try await mount.resize("64m")
            _ = try await peer.records(atLeast: 2_000, timeout: 90)
            #expect(await daemon.log(contains: "state writable again"))
            #expect(daemon.process.isRunning)
            #expect(await daemon.stop() == 0)
            let keys = try DaemonTests.keys(peer)
            #expect(Set(keys).count == 2_000)
            #expect(keys.count - 2_000 <= 128, "\(keys.count - 2_000) repeats")
            #expect(daemon.stderr.components(separatedBy: "cannot write the state").count - 1 <= 3, "\(daemon.stderr)")
        }
    }

    @Test(.enabled("needs root and tmpfs") { await Mounts.available() })
    func theWatchdogStopsWhenTheStateStaysUnwritable() async throws {
        let folder = try TemporaryFolder()
        let socket = folder.path + "/notify.sock"
        let notify = try await TestPeer.start(script: "notify_sink.py", arguments: ["--path", socket])
        defer { notify.stop() }
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        try await Mounts.withTmpfs(at: folder.path + "/state", size: "300k") { mount in
            let lines = (0..<2_000).map {
                "  - {id: m\($0), title: \(String(repeating: "Frist ", count: 20))\($0), due: 2021-09-30, before: [], overdue: null}"
            }
            let path = try DaemonTests.config(in: folder, peer: peer, milestones: lines.joined(separator: "\n"))
            let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "10"],
                                           environment: ["NOTIFY_SOCKET": socket, "WATCHDOG_USEC": "400000",
                                                         "FRIST_UNWRITABLE_LIMIT": "2"],
                                           directory: folder.path)
            #expect(await daemon.log(contains: "cannot write the state (disk full); retrying", timeout: 60), "\(daemon.stderr)")
            func watchdogPings() throws -> [[String: Any]] {
                try notify.records().filter { ($0["fields"] as? [String: String])?["WATCHDOG"] == "1" }
            }
            func pings() throws -> Int { try watchdogPings().count }
            // Past the 2 s limit the pings stop, while the disk is still full: systemd would restart the unit.
            // Pinged every 0.2 s while healthy, so a last ping over a second old means they stopped.
            let quiet = try await eventually(timeout: 15) {
                let last = try watchdogPings().last?["t"] as? Double ?? 0
                return Date().timeIntervalSince1970 - last > 1
            }
            #expect(quiet, "the watchdog kept pinging while the state was unwritable")
            #expect(daemon.process.isRunning)
            // Room again: the reminders go out and the pings come back.
            try await mount.resize("64m")
            _ = try await peer.records(atLeast: 2_000, timeout: 90)
            let after = try pings()
            #expect(try await eventually(timeout: 10) { try pings() > after })
            #expect(await daemon.stop() == 0)
        }
    }

    @Test func aCorruptStateIsOneLineAndExitOneNotAnEndlessLoop() async throws {
        let (peer, folder, path) = try await Self.rig(milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        defer { peer.stop() }
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:58+02:00", "--speed", "1"],
                                       directory: folder.path)
        #expect(await daemon.log(contains: "frist running"))
        #expect(await daemon.stop() == 0)
        // Garbage over every page after the first: the header reads, the tables do not.
        let file = folder.path + "/state/frist.sqlite"
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4096))
        try handle.close()
        try? FileManager.default.removeItem(atPath: file + "-wal")
        try? FileManager.default.removeItem(atPath: file + "-shm")
        let again = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:58+02:00", "--speed", "1"],
                                      directory: folder.path)
        #expect(await again.exitStatus(within: 20) == 1)
        let lines = again.stderr.split(separator: "\n")
        #expect(lines.count <= 2, "\(again.stderr)")
        #expect(again.stderr.contains("corrupt"), "\(again.stderr)")
        #expect(again.stderr.contains("--new-state"))
    }

    @Test func aSigtermWhileTheDaemonStartsIsAGracefulStop() async throws {
        // A big schedule keeps the daemon busy between opening the state and running; a SIGTERM
        // in that time found the default action once, and the process died of the signal.
        let many = (0..<30_000).map { "  - {id: m\($0), title: M\($0), due: 2030-01-01}" }.joined(separator: "\n")
        let (peer, folder, path) = try await Self.rig(milestones: many)
        defer { peer.stop() }
        let daemon = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await daemon.log(contains: "created a new, empty state"))
        #expect(await daemon.stop() == 0, "\(daemon.stderr)")
        #expect(!daemon.stderr.contains("error"), "\(daemon.stderr)")
    }

    @Test func aWipedOrCutOffStateIsRefusedUnlessANewOneIsAskedFor() async throws {
        let (peer, folder, path) = try await Self.rig(milestones: "  - {id: a, title: A, due: 2030-01-01}")
        defer { peer.stop() }
        let first = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await first.log(contains: "created a new, empty state at \(folder.path)/state/frist.sqlite"))
        #expect(await first.stop() == 0)
        let file = folder.path + "/state/frist.sqlite"

        // Cut off: the first half of the file.
        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: file))
        let cut = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await cut.exitStatus(within: 15) == 1)
        #expect(cut.stderr.contains("is cut off") || cut.stderr.contains("it is cut off"), "\(cut.stderr)")
        #expect(cut.stderr.split(separator: "\n").count == 1, "\(cut.stderr)")

        // Wiped: zero bytes.
        try Data().write(to: URL(fileURLWithPath: file))
        let wiped = try DaemonProcess(["--config", path], directory: folder.path)
        #expect(await wiped.exitStatus(within: 15) == 1)
        #expect(wiped.stderr.contains("it is empty (0 bytes)"), "\(wiped.stderr)")
        #expect(wiped.stderr.contains("frist run --new-state"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).isEmpty, "the refused file is left as it was")

        let fresh = try DaemonProcess(["--config", path, "--new-state"], directory: folder.path)
        #expect(await fresh.log(contains: "frist running"), "\(fresh.stderr)")
        #expect(fresh.stderr.contains("moved aside to \(file).unreadable-"))
        #expect(fresh.stderr.contains("created a new, empty state at \(file)"))
        #expect(await fresh.stop() == 0)
    }

    @Test(.enabled("needs root and tmpfs") { await Mounts.available() })
    func aFullOrReadOnlyDiskAtStartIsSaidPlainly() async throws {
        let (peer, folder, path) = try await Self.rig(milestones: "  - {id: a, title: A, due: 2030-01-01}")
        defer { peer.stop() }
        try await Mounts.withTmpfs(at: folder.path + "/state", size: "1m") { mount in
            // Fill the file system to the last block.
            let filler = folder.path + "/state/filler"
            #expect(FileManager.default.createFile(atPath: filler, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: filler))
            while (try? handle.write(contentsOf: Data(count: 4096))) != nil, Mounts.freeBytes(folder.path + "/state") > 0 {}
            try? handle.close()
            let full = try await FristBinary.result(of: ["run", "--config", path], directory: folder.path, timeout: 30)
            #expect(full.status == 1)
            #expect(full.stderr.contains("disk full"), "\(full.stderr)")
            #expect(!full.stderr.contains("disk I/O error"))

            try FileManager.default.removeItem(atPath: filler)
            let started = try await FristBinary.result(of: ["ack", "taskforce/a", "--config", path], directory: folder.path)
            #expect(started.status == 0, "\(started.stderr) \(started.stdout)")
            try await mount.remount("ro")
            let readOnly = try await FristBinary.result(of: ["run", "--config", path], directory: folder.path, timeout: 30)
            #expect(readOnly.status == 1)
            #expect(readOnly.stderr.contains("read-only"), "\(readOnly.stderr)")
            #expect(!readOnly.stderr.contains("unable to open database file"))
        }
    }

    // MARK: Reloads that lose milestones for a moment

    @Test func aHalfSavedScheduleCaughtBySighupHoldsItsRemindersUntilItIsBack() async throws {
        // Down for the first 200 requests: every reminder is waiting for a retry when the file breaks.
        let lines = (0..<100).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }
        let whole = lines.joined(separator: "\n")
        let (peer, folder, path) = try await Self.rig(script: #"[{"status":503,"times":200},{"status":200}]"#, milestones: whole)
        defer { peer.stop() }
        // Retries come 5 to 6 simulated seconds after a failure: about 3 s here.
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "2"],
                                       directory: folder.path)
        _ = try await peer.records(atLeast: 100)
        // The editor has written the first tenth when the reload comes: still valid YAML.
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne, notify: [hook]}
            milestones:
            \(lines.prefix(10).joined(separator: "\n"))

            """)
        daemon.signal(SIGHUP)
        #expect(await daemon.log(contains: "lacks 90 of the 100 milestones"), "\(daemon.stderr)")
        // Every retry of the 90 missing milestones falls due while the file is broken, and is held.
        func heldKeys() -> Set<String> {
            var keys: Set<String> = []
            for line in daemon.stderr.split(separator: "\n") where line.contains(" held ") {
                for word in line.split(separator: " ") where word.hasPrefix("taskforce/") {
                    keys.insert(String(word.filter { $0 != "," }))
                }
            }
            return keys
        }
        #expect(await eventually(timeout: 60) { heldKeys().count == 90 }, "\(heldKeys().count) held")
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne, notify: [hook]}
            milestones:
            \(whole)

            """)
        daemon.signal(SIGHUP)
        let delivered = try await eventually(timeout: 60) {
            let keys = try peer.records().filter { ($0["n"] as? Int ?? 0) > 200 }
                .compactMap { ($0["headers"] as? [String: String])?["idempotency-key"] }
            return Set(keys).count == 100
        }
        #expect(delivered, "\(daemon.stderr)")
        #expect(await daemon.stop() == 0)
        #expect(!daemon.stderr.contains("moved to the dead letters"), "\(daemon.stderr)")
        let status = try await FristBinary.result(of: ["status", "--config", path], directory: folder.path)
        #expect(status.stdout.contains("sent 100"), "\(status.stdout)")
        #expect(status.stdout.contains("dead 0"), "\(status.stdout)")
    }

    @Test func anIncludeMatchingNoFileIsAConfigError() async throws {
        let folder = try TemporaryFolder(["frist.yaml": "include: [schedule/*.yaml]\n"])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stderrLines == [folder.path + "/frist.yaml:1:11: include 'schedule/*.yaml' matches no file"])
    }

    // MARK: Gateways that ask to wait, or stay down

    @Test func retryAfterPausesTheWholeChannel() async throws {
        // The first request is told to wait 10 simulated minutes; later ones would be answered.
        let slow = try await TestPeer.http(script: #"[{"status":429,"headers":{"Retry-After":"600"}},{"status":200}]"#)
        defer { slow.stop() }
        let other = try await TestPeer.http()
        defer { other.stop() }
        let folder = try TemporaryFolder()
        try folder.write("frist.yaml", """
            state_dir: state
            people: {anne: {name: Anne Jensen}}
            channels:
              slow: {type: webhook, url: "\(slow.url)/hook"}
              other: {type: webhook, url: "\(other.url)/hook"}
            include: [schedules/*.yaml]

            """)
        try folder.write("schedules/a.yaml", """
            project: {id: p, name: P, owner: anne, notify: [slow]}
            milestones:
              - {id: a, title: A, due: "2021-09-30T09:00", before: [], overdue: null}
              - {id: b, title: B, due: "2021-09-30T09:02", before: [], overdue: null}
              - {id: c, title: C, due: "2021-09-30T09:04", before: [], overdue: null, notify: [other]}

            """)
        let path = folder.path + "/frist.yaml"
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:58+02:00", "--speed", "60"],
                                       directory: folder.path)
        _ = try await other.records(atLeast: 1)
        // 09:04 has passed: b (09:02) would have gone out by now, but the channel waits until 09:10.
        let early = try slow.records().count
        #expect(early == 1, "\(early) requests inside the Retry-After window")
        #expect(daemon.stderr.contains("slow: the gateway asked to wait (Retry-After)"), "\(daemon.stderr)")
        let keys = try await slow.records(atLeast: 3).compactMap { ($0["headers"] as? [String: String])?["idempotency-key"] }
        #expect(Set(keys) == ["p/a@2021-09-30#due", "p/b@2021-09-30#due"])
        #expect(await daemon.stop() == 0)
    }

    @Test func aLongOutageIsLoggedOncePerChangeAndThenInSummaries() async throws {
        // Down for 3,000 requests (hours of backoff for 200 reminders), then up.
        let lines = (0..<200).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }
        let (peer, folder, path) = try await Self.rig(script: #"[{"status":503,"times":3000},{"status":200}]"#,
                                                milestones: lines.joined(separator: "\n"), extra: "max_age: 3d")
        defer { peer.stop() }
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-30T08:59:59+02:00", "--speed", "3600"],
                                       directory: folder.path)
        _ = try await peer.records(atLeast: 3_200, timeout: 120)
        #expect(try await eventually(timeout: 30) { Set(try DaemonTests.keys(peer)).count == 200 &&
            daemon.stderr.contains("hook: delivering again") })
        #expect(await daemon.stop() == 0)
        let log = daemon.stderr
        let lineCount = log.split(separator: "\n").count
        #expect(lineCount < 300, "\(lineCount) log lines for 3,000 failed attempts")
        #expect(log.contains("via hook failed: HTTP 503; retrying at 2021-09-30T"), "\(log.prefix(2000))")
        #expect(log.contains("+02:00 (while hook keeps failing, one summary every 5 minutes)"))
        #expect(log.contains("reminders waiting, last error HTTP 503, next try 2021-09-30T"), "\(log.prefix(2000))")
        #expect(log.contains("hook: delivering again, after"))
    }
}

/// Holds `BEGIN EXCLUSIVE` on a state database for a while, from another process (Python's
/// sqlite3), as a backup tool or a stray `sqlite3` shell would.
final class StateLocker: @unchecked Sendable {
    private let peer: Process
    private let outputPath: String

    init(_ database: String, seconds: Double) throws {
        outputPath = NSTemporaryDirectory() + "frist-locker-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        peer = Process()
        peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        peer.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            db.execute("BEGIN EXCLUSIVE")
            print("LOCKED", flush=True)
            time.sleep(float(sys.argv[2]))
            db.execute("COMMIT")
            print("RELEASED", flush=True)
            """, database, "\(seconds)"]
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        peer.standardOutput = out
        peer.standardError = out
        try peer.run()
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func locked() async -> Bool { await eventually(timeout: 40) { output.contains("LOCKED") } }

    func released() async -> Bool { await eventually(timeout: 60) { output.contains("RELEASED") } }

    /// SIGTERM without waiting, for `defer` (a test awaits ``released()`` first, after which
    /// the process is on its way out); the output file goes with it.
    func stop() {
        if peer.isRunning { peer.terminate() }
        try? FileManager.default.removeItem(atPath: outputPath)
    }
}

/// Small file systems for the full-disk tests: tmpfs mounts, which need root.
enum Mounts {
    /// Whether a tmpfs can be mounted here (root, and a kernel that lets it): a small one is
    /// mounted and unmounted to find out.
    static func available() async -> Bool {
        guard getuid() == 0 else { return false }
        let probe = NSTemporaryDirectory() + "frist-mount-probe-" + UUID().uuidString
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil
        else { return false }
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard let mount = try? await Mount(at: probe, size: "64k") else { return false }
        await mount.unmount()
        return true
    }

    /// Runs `body` with a tmpfs of `size` mounted at `path` (created if missing), and unmounts
    /// it afterwards, whether `body` returned or threw: an unmount is awaited, which a `defer`
    /// cannot do.
    static func withTmpfs<T>(at path: String, size: String, _ body: (Mount) async throws -> T) async throws -> T {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = try await Mount(at: path, size: size)
        do {
            let result = try await body(mount)
            await mount.unmount()
            return result
        } catch {
            await mount.unmount()
            throw error
        }
    }

    static func freeBytes(_ path: String) -> UInt64 {
        var fs = statvfs()
        guard statvfs(path, &fs) == 0 else { return 0 }
        return UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
    }

    struct Mount {
        let path: String

        init(at path: String, size: String) async throws {
            self.path = path
            try await Self.mount(["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", path])
        }

        func resize(_ size: String) async throws { try await Self.mount(["-o", "remount,size=\(size)", path]) }

        func remount(_ options: String) async throws { try await Self.mount(["-o", "remount,\(options)", path]) }

        func unmount() async { _ = try? await Self.run("/bin/umount", ["-l", path]) }

        private static func mount(_ arguments: [String]) async throws { try await run("/bin/mount", arguments) }

        /// Runs `tool`, awaited as `frist` is (``FristBinary/result(executable:_:environment:directory:timeout:)``).
        private static func run(_ tool: String, _ arguments: [String]) async throws {
            let result = try await FristBinary.result(executable: tool, arguments, timeout: 30)
            guard result.status == 0 else {
                throw TestPeer.Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(result.stderr)")
            }
        }
    }
}
