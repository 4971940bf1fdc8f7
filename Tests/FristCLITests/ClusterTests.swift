import Foundation
import Testing
import FristTestSupport

/// Several `frist run` on one PostgreSQL store, end to end with the real binary: a burst through
/// three nodes while one is killed and one frozen, an acknowledgement every node honours, the
/// database restarted mid-burst, the nodes in `frist status`, and the mistakes of `store:`.
///
/// Every node runs the same config files; the webhook's URL comes from `url_env`, and each node's
/// environment points it at its own path on the one HTTP sink (`/hook/NODE`), so the sink's
/// records say which node sent each request while the config (and its digest) stays the same.
/// One PostgreSQL server for the suite (``PostgresServer/shared``), a fresh database per test; the
/// test that restarts the server has a server of its own. Every wait is for a condition, bounded.
@Suite(.serialized) struct ClusterTests {
    static let hookEnv = "FRIST_TEST_HOOK"

    /// The sink, a folder with the cluster's config on a fresh database, and its path.
    struct Rig {
        let peer: TestPeer
        let folder: TemporaryFolder
        let path: String
        let store: String

        /// `frist run --node NAME` on the rig's config, sending to `/hook/NAME` on the sink.
        func node(_ name: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> DaemonProcess {
            try DaemonProcess(["--config", path, "--node", name] + arguments,
                              environment: [ClusterTests.hookEnv: peer.url + "/hook/" + name].merging(environment) { _, new in new },
                              directory: folder.path)
        }

        /// A command (`status`, `ack`, …) on the shared store.
        func frist(_ arguments: [String]) async throws -> FristBinary.Result {
            try await FristBinary.result(of: arguments + ["--config", path],
                                         environment: [ClusterTests.hookEnv: peer.url + "/hook/cli"],
                                         directory: folder.path)
        }
    }

    /// Writes the config: `store` is the text after `store: ` on line 5.
    static func config(in folder: TemporaryFolder, store: String, milestones: String, extra: String = "") throws -> String {
        try folder.write("frist.yaml", """
            timezone: Europe/Copenhagen
            send_time: "09:00"
            state_dir: state
            catch_up: 3d
            store: \(store)
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
            channels:
              hook: {type: webhook, url_env: \(hookEnv)}
            include: [schedules/*.yaml]
            \(extra)

            """)
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne, notify: [hook]}
            milestones:
            \(milestones)

            """)
        return folder.path + "/frist.yaml"
    }

    static func rig(server: PostgresServer, script: String? = nil, milestones: String, extra: String = "") async throws -> Rig {
        let database = try await server.createDatabase()
        // A lease a loaded test machine (the whole suite on two cores) does not outlast by accident.
        let store = "{url: \"\(server.url(database: database))\", heartbeat: 1s, lease: 10s}"
        let peer = try await TestPeer.http(script: script)
        let folder = try TemporaryFolder()
        return Rig(peer: peer, folder: folder, path: try config(in: folder, store: store, milestones: milestones, extra: extra),
                   store: store)
    }

    /// `count` milestones due at 09:00 on 30 September 2021, only the due reminder each.
    static func burst(_ count: Int) -> String {
        (0..<count).map { "  - {id: m\($0), title: M\($0), due: 2021-09-30, before: [], overdue: null}" }.joined(separator: "\n")
    }

    static func burstKeys(_ count: Int) -> Set<String> { Set((0..<count).map { "taskforce/m\($0)@2021-09-30#due" }) }

    /// One request at the sink: its idempotency key, the node that sent it (from the path), its place.
    struct Arrival {
        let n: Int
        let key: String
        let node: String
        let body: String
    }

    static func arrivals(_ peer: TestPeer) throws -> [Arrival] {
        try peer.records().map { record in
            Arrival(n: record["n"] as? Int ?? 0,
                    key: (record["headers"] as? [String: String])?["idempotency-key"] ?? "",
                    node: String((record["path"] as? String ?? "").split(separator: "/").last ?? ""),
                    body: record["body"] as? String ?? "")
        }
    }

    /// What the daemons said, for a failing expectation.
    static func logs(_ nodes: [(String, DaemonProcess)]) -> String {
        nodes.map { "--- \($0.0):\n" + String($0.1.stderr.suffix(3_000)) }.joined(separator: "\n")
    }

    // MARK: a. kill -9 one node, freeze another, mid-burst

    @Test func aBurstSurvivesAKilledAndAFrozenNodeWithBoundedRepeatsAndNothingStale() async throws {
        let count = 3_000
        let server = try await PostgresServer.shared
        // 5 ms per request: the burst lasts some seconds, long enough to strike in the middle.
        let rig = try await Self.rig(server: server, script: #"[{"status":200,"delay":0.005}]"#, milestones: Self.burst(count))
        defer { rig.peer.stop() }
        // The same instant for all three: 09:00 comes a few seconds after each has started.
        let start = ["--start-at", "2021-09-30T08:59:55+02:00", "--speed", "1"]
        let killed = try rig.node("n1", start)
        let frozen = try rig.node("n2", start)
        let survivor = try rig.node("n3", start)
        let all = [("n1", killed), ("n2", frozen), ("n3", survivor)]
        defer {
            frozen.signal(SIGCONT)
            for (_, node) in all { node.terminate() }
        }
        for (name, node) in all {
            #expect(await node.log(contains: "frist running"), "\(name): \(node.stderr)")
            #expect(node.stderr.contains("state in postgresql://postgres@127.0.0.1:\(server.port)/"), "\(node.stderr)")
            #expect(node.stderr.contains("node \(name)"), "\(node.stderr)")
        }

        // Some hundreds arrived, and both victims are sending.
        let midBurst = try await eventually(timeout: 60) {
            let a = try Self.arrivals(rig.peer)
            return a.count >= 500 && a.filter { $0.node == "n1" }.count >= 50 && a.filter { $0.node == "n2" }.count >= 50
        }
        #expect(midBurst, "the burst did not get going on all three nodes:\n\(Self.logs(all))")
        await killed.crash()
        frozen.signal(SIGSTOP)
        let struck = try Self.arrivals(rig.peer).count
        #expect(struck < count, "the burst was over before the strike (\(struck) arrived); it proves nothing")

        // The frozen node's lease runs out: `frist status` shows it (and the dead one) silent.
        var status = ""
        let silent = try await eventually(timeout: 30, every: .milliseconds(500)) {
            status = try await rig.frist(["status"]).stdout
            return status.contains("  n1: silent") && status.contains("  n2: silent")
        }
        #expect(silent, "n1 and n2 not shown silent:\n\(status)")
        #expect(status.contains("  n3: alive"), "\(status)")

        // Thaw it. From here on, whatever n2 sends must be something no other node has sent.
        let beforeThaw = try Self.arrivals(rig.peer)
        let logAtThaw = frozen.stderr.utf8.count
        frozen.signal(SIGCONT)

        let everything = try await eventually(timeout: 90) { Self.burstKeys(count).isSubset(of: Set(try Self.arrivals(rig.peer).map(\.key))) }
        let missing = Self.burstKeys(count).subtracting(try Self.arrivals(rig.peer).map(\.key))
        #expect(everything, "\(missing.count) reminders never arrived, e.g. \(missing.sorted().prefix(5))\n\(Self.logs(all))")
        // n2 has settled: beating again, with nothing in flight (whatever it would send, it has sent).
        let settled = try await eventually(timeout: 30, every: .milliseconds(500)) {
            status = try await rig.frist(["status"]).stdout
            return status.contains("  n2: alive, ") && status.split(separator: "\n").contains { $0.hasPrefix("  n2: alive, ") && $0.contains(", 0 in flight") }
        }
        #expect(settled, "n2 not alive with nothing in flight after SIGCONT:\n\(status)\n\(frozen.stderr.suffix(2_000))")
        #expect(await survivor.stop() == 0)
        #expect(await frozen.stop() == 0, "\(frozen.stderr.suffix(2_000))")

        let arrivals = try Self.arrivals(rig.peer)
        var copies: [String: [Arrival]] = [:]
        for a in arrivals { copies[a.key, default: []].append(a) }
        #expect(Set(copies.keys) == Self.burstKeys(count), "unexpected keys: \(Set(copies.keys).subtracting(Self.burstKeys(count)).prefix(5))")
        let repeated = copies.filter { $0.value.count > 1 }
        let repeats = arrivals.count - copies.count
        // At most what the killed and the frozen node had in flight: 128 sends each.
        #expect(repeats <= 2 * 128, "\(repeats) repeats")
        for (key, list) in repeated {
            // A repeat is the same message, and one of its copies is a lost node's.
            #expect(Set(list.map(\.body)).count == 1, "\(key): the copies differ")
            #expect(list.contains { $0.node == "n1" || $0.node == "n2" }, "\(key) sent twice by \(list.map(\.node))")
            #expect(list.count <= 2, "\(key) arrived \(list.count) times from \(list.map(\.node))")
        }
        // Nothing stale after the thaw: the fence check and, for requests still waiting in the
        // transport, their send-by time (the lease as the node knew it) keep everything n3 took over from going out.
        let thawedAt = beforeThaw.count
        // Stale: a copy of what the survivor (or n2 itself) sent too. A copy of the killed node's
        // is n1 dying mid-send (its unrecorded sends are taken over), which the issue allows.
        let stale = arrivals.filter { a in
            a.n > thawedAt && a.node == "n2"
                && (copies[a.key] ?? []).contains { $0.n != a.n && $0.node != "n1" }
        }
        #expect(stale.isEmpty, "after SIGCONT n2 sent \(stale.count) reminders another node had sent too, e.g. \(stale.prefix(3).map { a in "\(a.key): " + (copies[a.key] ?? []).map { "\($0.node)#\($0.n)" }.joined(separator: " ") }) (thawed at #\(thawedAt))\n\(String(decoding: Array(frozen.stderr.utf8).dropFirst(logAtThaw), as: UTF8.self).prefix(3_000))")
        // And by its own log: no `sent` line after the thaw names a key the sink already had from the survivor.
        let othersBefore = Set(beforeThaw.filter { $0.node == "n3" }.map(\.key))
        let frozenLog = frozen.stderr
        let thawLines = String(decoding: Array(frozenLog.utf8).dropFirst(logAtThaw), as: UTF8.self).split(separator: "\n")
        let sentByLog = Self.sentKeys(thawLines.map(String.init))
        let sentStale = sentByLog.filter { key in othersBefore.contains(key) && !beforeThaw.contains { $0.node == "n2" && $0.key == key } }
        #expect(sentStale.isEmpty, "n2 logged sending \(sentStale.count) keys n3 had sent: \(sentStale.prefix(3))")
        let n2After = arrivals.filter { $0.n > thawedAt && $0.node == "n2" }.count
        print("cluster burst: \(arrivals.count) requests for \(count) reminders, \(repeats) repeats; n1 \(arrivals.filter { $0.node == "n1" }.count), n2 \(arrivals.filter { $0.node == "n2" }.count) (\(n2After) after SIGCONT, \(stale.count) of them stale), n3 \(arrivals.filter { $0.node == "n3" }.count); lapsed lines on n2: \(frozenLog.split(separator: "\n").filter { $0.contains("claim lapsed") }.count)")
    }

    /// Keys named by `sent KEY[, KEY…] via CHANNEL` lines.
    static func sentKeys(_ lines: [String]) -> [String] {
        lines.flatMap { line -> [String] in
            guard let sent = line.range(of: " sent "), let via = line.range(of: " via ", options: .backwards),
                  sent.upperBound <= via.lowerBound else { return [] }
            return line[sent.upperBound..<via.lowerBound].split(separator: ", ").map(String.init)
        }
    }

    // MARK: b. an acknowledgement on the shared store

    @Test func anAcknowledgementOnTheSharedStoreIsHonouredByEveryNode() async throws {
        let server = try await PostgresServer.shared
        // `rapport` nags daily once due; twenty others nag too, so both nodes are busy every day.
        let others = (0..<20).map { "  - {id: o\($0), title: O\($0), due: 2021-09-30, before: [], overdue: {every: 1d, times: 10}}" }
        let rig = try await Self.rig(server: server, milestones: ([
            "  - {id: rapport, title: Rapport, due: 2021-09-30, before: [], overdue: {every: 1d, times: 10}}",
            "  - {id: vagt, title: Vagt, due: \"2021-10-03T09:00\", shift: none, before: [], overdue: null}",
        ] + others).joined(separator: "\n"))
        defer { rig.peer.stop() }
        // A simulated day every 4 s.
        let start = ["--start-at", "2021-09-30T08:59:58+02:00", "--speed", "21600"]
        let one = try rig.node("n1", start)
        let two = try rig.node("n2", start)
        let all = [("n1", one), ("n2", two)]
        defer { for (_, node) in all { node.terminate() } }
        let due = "taskforce/rapport@2021-09-30#due"
        #expect(try await eventually(timeout: 30) { try Self.arrivals(rig.peer).contains { $0.key == due } }, "\(Self.logs(all))")
        let ack = try await rig.frist(["ack", "taskforce/rapport@2021-09-30"])
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout.hasPrefix("acknowledged taskforce/rapport@2021-09-30"), "\(ack.stdout)")
        let ackedAt = try Self.arrivals(rig.peer).count
        // Three simulated days, until the sentinel of 3 October: overdue-1…3 would have come before it.
        let sentinel = "taskforce/vagt@2021-10-03#due"
        #expect(try await eventually(timeout: 60) { try Self.arrivals(rig.peer).contains { $0.key == sentinel } }, "\(Self.logs(all))")
        let arrivals = try Self.arrivals(rig.peer)
        #expect(await one.stop() == 0)
        #expect(await two.stop() == 0)
        let rapport = arrivals.filter { $0.key.hasPrefix("taskforce/rapport@") }.map(\.key)
        #expect(rapport.first == due)
        // At most the nag already due (on the node whose clock runs ahead) when the ack landed.
        #expect(rapport.count <= 2, "\(rapport)")
        // Neither node sent a later rapport nag (one already in flight when the ack landed may arrive).
        // Which node sends a day's nags is whichever claims them first: shown, not required.
        let after = arrivals.filter { $0.n > ackedAt }
        print("ack test: after the ack n1 sent \(after.filter { $0.node == "n1" }.count), n2 \(after.filter { $0.node == "n2" }.count)")
        #expect(after.filter { $0.key.hasPrefix("taskforce/rapport@") }.count <= 1, "\(after.map(\.key))")
        let status = try await rig.frist(["status"])
        #expect(status.stdout.contains("taskforce/rapport@2021-09-30: done"), "\(status.stdout)")
    }

    // MARK: c. PostgreSQL restarted mid-burst

    // In about one run in three this stalled a node before the fix (postgres-nio's unanswered
    // statement on a connection closed by the restart): its sends waited for ever on a fence check
    // and it hung on SIGTERM.
    @Test func aDatabaseRestartMidBurstLosesNothing() async throws {
        let count = 2_000
        let server = try await PostgresServer.start()
        let rig = try await Self.rig(server: server, script: #"[{"status":200,"delay":0.005}]"#, milestones: Self.burst(count))
        let start = ["--start-at", "2021-09-30T08:59:56+02:00", "--speed", "1"]
        let one = try rig.node("n1", start)
        let two = try rig.node("n2", start)
        let all = [("n1", one), ("n2", two)]
        for (name, node) in all { #expect(await node.log(contains: "frist running"), "\(name): \(node.stderr)") }
        let midBurst = try await eventually(timeout: 60) { try Self.arrivals(rig.peer).count >= 300 }
        #expect(midBurst, "\(Self.logs(all))")
        let restartedAt = Date()
        try await server.restart(fast: true)
        let back = Date()
        let struck = try Self.arrivals(rig.peer).count
        #expect(struck < count, "the burst was over before the restart was done (\(struck) arrived)")
        let everything = try await eventually(timeout: 90) { Self.burstKeys(count).isSubset(of: Set(try Self.arrivals(rig.peer).map(\.key))) }
        let done = Date()
        let arrivals = try Self.arrivals(rig.peer)
        let keys = arrivals.map(\.key)
        let missing = Self.burstKeys(count).subtracting(keys)
        let status = try await rig.frist(["status"]).stdout
        let after = arrivals.filter { $0.n > struck }
        let story = "restart took \(String(format: "%.1f", back.timeIntervalSince(restartedAt))) s; \(struck) had arrived; "
            + "the rest took \(String(format: "%.1f", done.timeIntervalSince(back))) s, n1 \(after.filter { $0.node == "n1" }.count), "
            + "n2 \(after.filter { $0.node == "n2" }.count) of them\n\(status)"
        print("database restart: " + story)
        #expect(everything, "\(missing.count) reminders never arrived, e.g. \(missing.sorted().prefix(5))\n\(story)\n\(Self.logs(all))")
        #expect(keys.count - Set(keys).count <= 2 * 128, "\(keys.count - Set(keys).count) repeats")
        // Both nodes keep sending once the database is back (neither waits out its own lease).
        for name in ["n1", "n2"] {
            #expect(after.contains { $0.node == name }, "\(name) sent nothing after the restart: \(story)")
        }
        // A restart of a fraction of a second may fall between two beats: what the nodes must say
        // about a longer outage is the next test's.
        for (name, node) in all {
            #expect(node.process.isRunning, "\(name) must ride it out without a restart")
            #expect(!node.stderr.contains("Connection creation failed"), "the pool's chatter reached the log")
        }
        for (name, node) in all {
            let stopped = Date()
            let exit = await node.stop()
            #expect(exit == 0, "\(name): exit \(exit.map(String.init) ?? "none within 15 s (killed)") after SIGTERM, \(Int(Date().timeIntervalSince(stopped))) s:\n\(node.stderr.suffix(1_500))")
        }
        rig.peer.stop()
        await server.stop()
    }

    @Test func aDatabaseDownForSecondsIsSaidRiddenOutAndWhatFellDueMeanwhileIsSent() async throws {
        let server = try await PostgresServer.start()
        let port = try freeLoopbackPort()
        let rig = try await Self.rig(server: server, milestones: Self.burst(1), extra: "http: {listen: \"127.0.0.1:\(port)\"}")
        let health = "http://127.0.0.1:\(port)/healthz"
        // The reminder falls due at 09:00, some seconds after the start: while the database is down.
        let node = try rig.node("n1", ["--start-at", "2021-09-30T08:59:54+02:00", "--speed", "1"])
        #expect(await node.log(contains: "HTTP listener on"), "\(node.stderr)")
        // Running: a database gone while the node starts is a start that fails (exit 1), not this.
        #expect(await node.log(contains: "frist running"), "\(node.stderr)")
        try await server.down()
        #expect(await node.log(contains: "cannot reach the store", timeout: 20), "\(node.stderr)")
        // The round at 09:00 cannot write the reminder down: said, and tried again later.
        #expect(await node.log(contains: "cannot write the state", timeout: 30), "\(node.stderr)")
        let down = try await HTTPListenerTests.request("GET", health)
        #expect(down.status == 503 && down.body.hasPrefix("store unreachable: postgresql://"), "\(down)")
        let status = try await rig.frist(["status"])
        #expect(status.status == 1 && status.stderrLines.count == 1, "\(status.stderr)")
        #expect(try Self.arrivals(rig.peer).isEmpty)
        try await server.up()
        #expect(await node.log(contains: "is reachable again", timeout: 20), "\(node.stderr)")
        #expect(try await eventually(timeout: 60) { try Self.arrivals(rig.peer).map(\.key) == ["taskforce/m0@2021-09-30#due"] },
                "\(node.stderr)")
        #expect(try await eventually(timeout: 20) { try await HTTPListenerTests.request("GET", health).status == 200 })
        #expect(node.process.isRunning, "rode the outage out without a restart")
        #expect(await node.stop() == 0, "\(node.stderr.suffix(1_500))")
        rig.peer.stop()
        await server.stop()
    }

    // MARK: d. frist status lists the nodes

    @Test func statusListsTheNodesAndAKilledOneGoesSilentAfterItsLease() async throws {
        let server = try await PostgresServer.shared
        let rig = try await Self.rig(server: server, milestones: "  - {id: a, title: A, due: 2030-01-01}")
        defer { rig.peer.stop() }
        let one = try rig.node("n1")
        let two = try rig.node("n2")
        defer { one.terminate(); two.terminate() }
        for (name, node) in [("n1", one), ("n2", two)] {
            #expect(await node.log(contains: "frist running"), "\(name): \(node.stderr)")
            #expect(node.stderr.contains(", node \(name)"), "\(node.stderr)")
        }
        var status = ""
        #expect(try await eventually(timeout: 15, every: .milliseconds(300)) {
            status = try await rig.frist(["status"]).stdout
            return status.contains("nodes: 2 alive\n")
        }, "\(status)")
        for name in ["n1", "n2"] {
            let line = status.split(separator: "\n").first { $0.hasPrefix("  \(name): ") }.map(String.init) ?? ""
            #expect(line.hasPrefix("  \(name): alive, "), "\(status)")
            #expect(line.contains(" in flight, frist "), "\(line)")
            #expect(!line.contains("different configuration"), "\(line)")
            #expect(line.contains("beat just now") || line.contains("last beat 1 s ago"), "\(line)")
        }
        let killedAt = Date()
        await one.crash()
        #expect(try await eventually(timeout: 40, every: .milliseconds(300)) {
            status = try await rig.frist(["status"]).stdout
            return status.contains("nodes: 1 alive, 1 silent\n")
        }, "\(status)")
        let waited = Date().timeIntervalSince(killedAt)
        // Silent once its lease (10 s) has run out since its last beat (at most a heartbeat before the kill).
        #expect(waited >= 8, "silent after only \(waited) s")
        let line = status.split(separator: "\n").first { $0.hasPrefix("  n1: ") }.map(String.init) ?? ""
        #expect(line.hasPrefix("  n1: silent, last beat "), "\(status)")
        #expect(status.contains("  n2: alive, "), "\(status)")
        // The silent one is listed after the alive ones.
        #expect((status.range(of: "  n2: ")?.lowerBound ?? status.endIndex) < (status.range(of: "  n1: ")?.lowerBound ?? status.startIndex), "\(status)")
        #expect(await two.stop() == 0)
    }

    // MARK: e. mistakes in store:

    @Test(arguments: [
        ("mysql://frist@127.0.0.1:3306/frist", "store url must be a PostgreSQL URL", "mysql"),
        ("postgresql://frist@127.0.0.1:5432/?sslmode=disable", "store url names no database", "postgresql"),
        ("{url: \"postgresql://frist@127.0.0.1:5432/frist?sslmode=disable\", password: Pw-Inline-1, password_file: /run/pw}",
         "store takes only one of password, password_file", "password_file"),
        ("{url: \"postgresql://frist:Pw-In-Url-2@127.0.0.1:5432/frist?sslmode=disable\", password_env: PGPW}",
         "the url has a password and password_env gives another", "password_env"),
    ])
    func aMistakeInStoreIsOneLineAtItsPlace(store: String, message: String, at: String) async throws {
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, store: store, milestones: "  - {id: a, title: A, due: 2030-01-01}")
        let r = try await FristBinary.result(of: ["check", "--config", path], environment: [Self.hookEnv: "http://127.0.0.1:9/hook"])
        let column = ("store: " + store).range(of: at).map { ("store: " + store).distance(from: ("store: " + store).startIndex, to: $0.lowerBound) + 1 } ?? 0
        #expect(r.status == 78, "\(r.stderr)")
        #expect(r.stderrLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(path):5:\(column): "), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        for secret in ["Pw-Inline-1", "Pw-In-Url-2"] {
            #expect(!(r.stdout + r.stderr).contains(secret), "\(r.stdout)\(r.stderr)")
        }
    }

    @Test func aPasswordInTheURLIsNeverPrinted() async throws {
        let server = try await PostgresServer.shared
        let database = try await server.createDatabase()
        let password = PostgresServer.password
        let url = "postgresql://\(PostgresServer.passwordRole):\(password)@127.0.0.1:\(server.port)/\(database)?sslmode=disable"
        let peer = try await TestPeer.http()
        defer { peer.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, store: "\"\(url)\"", milestones: "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}")
        let rig = Rig(peer: peer, folder: folder, path: path, store: url)
        let check = try await rig.frist(["check"])
        #expect(check.status == 0, "\(check.stderr)")
        let node = try rig.node("n1", ["--start-at", "2021-09-30T08:59:59+02:00", "--speed", "1"])
        defer { node.terminate() }
        #expect(await node.sent("taskforce/a@2021-09-30#due", via: "hook"), "\(node.stderr)")
        let status = try await rig.frist(["status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("sent 1"), "\(status.stdout)")
        #expect(status.stdout.contains("  n1: alive"), "\(status.stdout)")
        let history = try await rig.frist(["history", "--since", "2021-09-01"])
        #expect(await node.stop() == 0)
        // A wrong password: refused, and neither password shown.
        try folder.write("frist.yaml", try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: password, with: "Wrong-Pw-3"))
        let wrong = try await rig.frist(["status"])
        #expect(wrong.status != 0, "\(wrong.stdout)")
        #expect(!wrong.stderr.isEmpty)
        for (what, text) in [("check", check.stdout + check.stderr), ("status", status.stdout + status.stderr),
                             ("history", history.stdout + history.stderr), ("the daemon's log", node.stderr + node.stdout),
                             ("a refused status", wrong.stdout + wrong.stderr)] {
            #expect(!text.contains(password), "\(what) shows the password:\n\(text)")
            #expect(!text.contains("Wrong-Pw-3"), "\(what) shows the password:\n\(text)")
        }
    }
}
