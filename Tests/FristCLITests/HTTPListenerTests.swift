import FristTestSupport
import Foundation
import Testing

/// The daemon's HTTP listener end to end: the real `frist run` on the shipped example, read
/// with real clients — Prometheus' own text parser, Python's icalendar, headless Chromium.
@Suite(.serialized) struct HTTPListenerTests {
    /// What `Tests/Peers/http_probe.py request` saw.
    struct Answer: Decodable {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// One sample as prometheus_client parsed it.
    struct Family: Decodable {
        struct Sample: Decodable {
            let name: String
            let labels: [String: String]
            let value: Double
        }
        let name: String
        let type: String
        let samples: [Sample]
    }

    /// The example config with a listener on a free port (and a token file, unless `token` is nil).
    static func example(token: String? = "s3cret-token", listen: String? = nil) throws -> (TemporaryFolder, String) {
        let folder = try ICSCommandTests.example()
        let address = try listen ?? "127.0.0.1:\(freeLoopbackPort())"
        var http = "http: {listen: \"\(address)\""
        if let token {
            try folder.write("http-token", token + "\n")
            http += ", token_file: http-token"
        }
        let main = try String(contentsOfFile: folder.path + "/frist.yaml", encoding: .utf8)
        try folder.write("frist.yaml", main + http + "}\n")
        return (folder, "http://" + address)
    }

    static func probe(_ arguments: [String]) async throws -> String {
        try output(of: await FristBinary.result(executable: "/usr/bin/env", probeCommand(arguments), timeout: 60))
    }

    /// A GET, awaited without holding a thread of Swift's cooperative pool.
    static func fetch(_ url: String) async throws -> Answer {
        let result = try await FristBinary.result(executable: "/usr/bin/env", probeCommand(["request", "GET", url]), timeout: 60)
        return try JSONDecoder().decode(Answer.self, from: Data(output(of: result).utf8))
    }

    private static func probeCommand(_ arguments: [String]) -> [String] {
        [ProcessInfo.processInfo.environment["FRIST_TEST_PYTHON"] ?? "python3", TestPeer.peersDirectory + "/http_probe.py"]
            + arguments
    }

    private static func output(of result: FristBinary.Result) throws -> String {
        guard result.status == 0 else { throw TestPeer.Failure(description: "http_probe.py: \(result.stderr)") }
        return result.stdout
    }

    static func request(_ method: String, _ url: String, token: String? = nil, body: String? = nil) async throws -> Answer {
        var arguments = ["request", method, url]
        if let token { arguments += ["--token", token] }
        if let body { arguments += ["--body", body] }
        return try await JSONDecoder().decode(Answer.self, from: Data(probe(arguments).utf8))
    }

    static func metrics(_ base: String) async throws -> [Family] {
        try await JSONDecoder().decode([Family].self, from: Data(probe(["metrics", base + "/metrics"]).utf8))
    }

    static func json(_ answer: Answer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
    }

    /// Starts the daemon on `folder`'s config and waits until the listener answers.
    static func start(_ folder: TemporaryFolder, _ base: String, at start: String) async throws -> DaemonProcess {
        let daemon = try DaemonProcess(["--config", folder.path + "/frist.yaml", "--start-at", start],
                                       directory: folder.path)
        guard await daemon.log(contains: "HTTP listener on", timeout: 30) else {
            throw TestPeer.Failure(description: "no listener; daemon log:\n\(daemon.stderr)")
        }
        return daemon
    }

    @Test("Metrics, status, the calendar and the page come from the running daemon")
    func readingEndpoints() async throws {
        let (folder, base) = try Self.example()
        // Three seconds before the quarterly report's 10-working-day reminder (09:00, 17 March 2022).
        let daemon = try await Self.start(folder, base, at: "2022-03-17T08:59:57+01:00")
        defer { daemon.terminate() }
        let sentKey = "taskforce/kvartalsstatus@2022-03-31#before-10bd"
        #expect(await daemon.sent("\(sentKey)", via: "console", timeout: 30), "\(daemon.stderr)")

        // Prometheus' own parser reads the page; the send is counted by channel and kind.
        let families = try await Self.metrics(base)
        func sample(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            families.flatMap(\.samples).first { sample in
                sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
            }?.value
        }
        #expect(sample("frist_reminders_sent_total", ["channel": "console", "kind": "before"]) == 1)
        #expect(sample("frist_outbox_rows", ["state": "sent"]) == 1)
        #expect(sample("frist_outbox_rows", ["state": "pending"]) == 0)
        #expect(sample("frist_last_reload_success") == 1)
        #expect(families.first { $0.name == "frist_delivery_duration_seconds" }?.type == "histogram")
        #expect(sample("frist_delivery_duration_seconds_count", ["channel": "console"]) == 1)
        // Next due: the following reminder, after the simulated now (17 March 2022).
        #expect((sample("frist_next_due_timestamp_seconds") ?? 0) > 1_647_503_997)

        let status = try await Self.json(try Self.request("GET", base + "/status.json"))
        let overdue = (status["overdue"] as? [[String: Any]] ?? []).compactMap { $0["target"] as? String }
        #expect(overdue.contains("taskforce/apv-handleplan@2021-09-30"))
        #expect(!overdue.contains("taskforce/apv-lokalmed@2021-06-07"))  // done in the config
        let next = (status["next"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(!next.isEmpty && !next.contains(sentKey))
        #expect(status["today"] as? String == "2022-03-17")

        let calendar = try await Self.request("GET", base + "/calendar.ics")
        #expect(calendar.status == 200)
        #expect(calendar.headers["content-type"] == "text/calendar; charset=utf-8")
        let feed = try await ICSSummary.read(calendar.body, in: folder)
        #expect(feed.item("taskforce/apv-handleplan@2021-09-30")?.status == "NEEDS-ACTION")
        #expect(feed.item("taskforce/apv-lokalmed@2021-06-07")?.status == "COMPLETED")

        // The overview page as a browser renders it, served by the daemon.
        let chromium = try Chromium()
        let dom = try await chromium.dumpDOM(of: base + "/")
        #expect(dom.contains("<html lang=\"da\""))
        for name in ["Task Force – Afdeling for Børn og Familie"] {
            #expect(dom.contains(name))
        }
        #expect(Self.states(in: dom, target: "taskforce/apv-handleplan@2021-09-30").contains("overdue"))
        #expect(Self.states(in: dom, target: "taskforce/apv-lokalmed@2021-06-07").contains("done"))
        let artifacts = FristBinary.packageRoot + "/.build/artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        // The screenshot frames the page from a file (see Chromium.screenshot): the daemon's bytes, saved.
        let page = try await Self.request("GET", base + "/")
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        try page.body.write(toFile: artifacts + "/overview-daemon.html", atomically: true, encoding: .utf8)
        try await chromium.screenshot(of: "file://" + artifacts + "/overview-daemon.html", to: artifacts + "/overview-daemon.png",
                                      width: 1280, height: 900)
        let png = try Data(contentsOf: URL(fileURLWithPath: artifacts + "/overview-daemon.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)

        await #expect(try Self.request("GET", base + "/healthz").body == "ok\n")
        #expect(await daemon.stop() == 0)
    }

    /// The `data-state` of every element the page marks with `target`.
    static func states(in dom: String, target: String) -> Set<String> {
        var states: Set<String> = []
        var rest = dom[...]
        while let hit = rest.range(of: "data-target=\"\(target)\"") {
            let tagStart = rest[..<hit.lowerBound].lastIndex(of: "<") ?? hit.lowerBound
            let tagEnd = rest[hit.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[tagStart..<tagEnd]
            if let s = tag.range(of: "data-state=\"") {
                states.insert(String(tag[s.upperBound...].prefix { $0 != "\"" }))
            }
            rest = rest[tagEnd...]
        }
        return states
    }

    @Test("Acknowledging over HTTP needs the bearer token, and takes effect at once")
    func acknowledging() async throws {
        let (folder, base) = try Self.example()
        let daemon = try await Self.start(folder, base, at: "2021-09-20T12:00:00+02:00")
        defer { daemon.terminate() }
        let url = base + "/ack/taskforce/apv-handleplan@2021-09-30"

        let anonymous = try await Self.request("POST", url)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        await #expect(try Self.request("POST", url, token: "wrong-token").status == 401)
        #expect(!anonymous.body.contains("s3cret-token"))
        await #expect(try Self.request("POST", base + "/ack/taskforce/nonexistent@2021-09-30", token: "s3cret-token").status == 404)

        let accepted = try await Self.request("POST", url, token: "s3cret-token", body: "{\"note\": \"godkendt i ledergruppen\"}")
        #expect(accepted.status == 200)
        let answer = try Self.json(accepted)
        #expect(answer["target"] as? String == "taskforce/apv-handleplan@2021-09-30")
        #expect(answer["done_on"] as? String == "2021-09-20")

        // The page, the feed and the CLI all see it done; no reminder for it is ahead any more.
        let status = try await Self.json(try Self.request("GET", base + "/status.json"))
        let next = (status["next"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(!next.contains { $0.hasPrefix("taskforce/apv-handleplan@2021-09-30#") })
        let feed = try await ICSSummary.read(try Self.request("GET", base + "/calendar.ics").body, in: folder)
        #expect(feed.item("taskforce/apv-handleplan@2021-09-30")?.status == "COMPLETED")
        let dom = try await Chromium().dumpDOM(of: base + "/")
        #expect(Self.states(in: dom, target: "taskforce/apv-handleplan@2021-09-30") == ["done"])
        #expect(await daemon.stop() == 0)
        #expect(!daemon.stderr.contains("s3cret-token"))
    }

    @Test("A note given with frist ack shows in /status.json, on the page and in the feed")
    func acknowledgementNote() async throws {
        let (folder, base) = try Self.example()
        let config = folder.path + "/frist.yaml"
        let daemon = try DaemonProcess(["--config", config, "--start-at", "2021-09-20T12:00:00+02:00"], directory: folder.path)
        defer { daemon.terminate() }
        #expect(await daemon.log(contains: "HTTP listener on"), "\(daemon.stderr)")
        let target = "taskforce/apv-handleplan@2021-09-30"
        // Markup for the page, and `;` `,` for the feed's TEXT escaping.
        let note = "Godkendt i <LMU>; se referat, pkt. 3 & 4"
        let ack = try await FristBinary.result(of: ["ack", target, "--note", note, "--config", config])
        #expect(ack.status == 0, "\(ack.stderr)")

        let status = try Self.json(try await Self.fetch(base + "/status.json"))
        let done = status["done"] as? [[String: Any]] ?? []
        let acknowledged = try #require(done.first { $0["target"] as? String == target })
        #expect(acknowledged["note"] as? String == note)
        #expect(acknowledged["done_on"] is String && acknowledged["due"] as? String == "2021-09-30")
        // Done in the config: the day, no note. The other lists are as they were, without either field.
        let lokalmed = try #require(done.first { $0["target"] as? String == "taskforce/apv-lokalmed@2021-06-07" })
        #expect(lokalmed["done_on"] as? String == "2021-06-07" && lokalmed["note"] == nil)
        for list in ["overdue", "outstanding"] {
            let entries = status[list] as? [[String: Any]] ?? []
            #expect(!entries.isEmpty && entries.allSatisfy { $0["note"] == nil && $0["done_on"] == nil }, "\(list)")
        }

        let page = try await Self.fetch(base + "/")
        #expect(page.body.contains("Bemærkning: Godkendt i &lt;LMU&gt;; se referat, pkt. 3 &amp; 4</span>"))
        #expect(!page.body.contains("<LMU>"))

        let ics = try await FristBinary.result(of: ["ics", "--config", config])
        #expect(ics.status == 0, "\(ics.stderr)")
        let feeds = [ics.stdout, try await Self.fetch(base + "/calendar.ics").body]
        for feed in feeds {
            let item = try await ICSSummary.summary(of: feed, in: folder).item(target)
            #expect(item?.status == "COMPLETED")
            #expect(item?.description.hasSuffix("\nBemærkning: " + note) == true, "\(item?.description ?? "")")
        }
        daemon.signal(SIGTERM)
        #expect(await daemon.exitStatus() == 0)
    }

    /// The example with signed ack links offered at the listener's own address.
    static func exampleWithLinks(ttl: String) throws -> (TemporaryFolder, String) {
        let (folder, base) = try example()
        try folder.write("link-key", "a-long-random-key-for-signing\n")
        let main = try String(contentsOfFile: folder.path + "/frist.yaml", encoding: .utf8)
        try folder.write("frist.yaml", main.replacingOccurrences(
            of: "token_file: http-token}", with: "token_file: http-token, public_url: \"\(base)\", link_key_file: link-key, link_ttl: \(ttl)}"))
        return (folder, base)
    }

    /// The ack link the console printed with a reminder.
    static func link(in output: String, base: String) throws -> String {
        let start = try #require(output.range(of: base + "/ack/link?"))
        return String(output[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    @Test("A reminder's signed link shows what it marks done, and its button records it")
    func ackLink() async throws {
        let (folder, base) = try Self.exampleWithLinks(ttl: "30d")
        let daemon = try await Self.start(folder, base, at: "2022-03-17T08:59:57+01:00")
        defer { daemon.terminate() }
        #expect(await daemon.sent("taskforce/kvartalsstatus@2022-03-31#before-10bd", via: "console", timeout: 30))
        let link = try Self.link(in: daemon.stdout, base: base)
        #expect(daemon.stdout.contains("Meld færdig: " + link))
        #expect(link.contains("t=taskforce%2Fkvartalsstatus%402022-03-31&"))

        // Opening it only asks (mail scanners open links too); nothing is recorded yet.
        let confirm = try await Self.request("GET", link)
        #expect(confirm.status == 200)
        #expect(confirm.body.contains("<form method=\"post\""))
        #expect(confirm.body.contains("Kvartalsvis status til Børne- og Ungeudvalget"))
        #expect(confirm.body.contains("torsdag 31. marts 2022"))
        var status = try await Self.json(try Self.request("GET", base + "/status.json"))
        #expect((status["next"] as? [[String: Any]] ?? []).contains { ($0["key"] as? String)?.hasPrefix("taskforce/kvartalsstatus@2022-03-31#") == true })

        // A link changed by one character is refused, and records nothing.
        let forged = String(link.dropLast()) + (link.hasSuffix("0") ? "1" : "0")
        await #expect(try Self.request("GET", forged).status == 403)
        await #expect(try Self.request("POST", forged).status == 403)

        // The button posts the same link: recorded, and its later reminders are gone.
        let recorded = try await Self.request("POST", link)
        #expect(recorded.status == 200)
        #expect(recorded.body.contains("Registreret som færdig torsdag 17. marts 2022"))
        status = try await Self.json(try Self.request("GET", base + "/status.json"))
        #expect(!(status["next"] as? [[String: Any]] ?? []).contains { ($0["key"] as? String)?.hasPrefix("taskforce/kvartalsstatus@2022-03-31#") == true })
        await #expect(try Self.request("GET", link).body.contains("allerede meldt færdig"))
        #expect(await daemon.stop() == 0)
        #expect(!daemon.stderr.contains("a-long-random-key"))
    }

    @Test("An ack link stops working when its time is up")
    func expiredAckLink() async throws {
        // One simulated hour a real second; the link lives one hour after its reminder.
        let (folder, base) = try Self.exampleWithLinks(ttl: "1h")
        let daemon = try DaemonProcess(["--config", folder.path + "/frist.yaml", "--start-at", "2022-03-17T08:59:58+01:00",
                                        "--speed", "3600"], directory: folder.path)
        defer { daemon.terminate() }
        #expect(await daemon.sent("taskforce/kvartalsstatus@2022-03-31#before-10bd", via: "console", timeout: 30))
        let link = try Self.link(in: daemon.stdout, base: base)
        // An hour of simulated time is a real second: wait until the link has run out.
        for _ in 0..<150 {
            if try await Self.request("GET", link).status != 200 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let expired = try await Self.request("GET", link)
        #expect(expired.status == 410)
        #expect(expired.body.contains("frist ack taskforce/kvartalsstatus@2022-03-31"))
        await #expect(try Self.request("POST", link).status == 410)
        #expect(await daemon.stop() == 0)
    }

    @Test("A listener off loopback without a token is a configuration error", arguments: ["0.0.0.0:9464", "[::]:9464", "192.0.2.10:80"])
    func offLoopbackNeedsAToken(listen: String) async throws {
        let (folder, _) = try Self.example(token: nil, listen: listen)
        let check = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(check.status == 78)
        let lines = check.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("frist.yaml:") == true && lines.first?.contains("http.token_file") == true,
                "\(check.stderr)")
        // With a token it is accepted.
        let (withToken, _) = try Self.example(listen: listen)
        #expect(try await FristBinary.result(of: ["check", "--config", withToken.path + "/frist.yaml"]).status == 0)
    }

    @Test("Ack link settings that cannot work are one line each and exit 78", arguments: [
        ("public_url: \"https://frist.kommune.dk\"", "set http.link_key_file"),
        ("public_url: ftp://frist, link_key_file: http-token", "must be an http:// or https:// address"),
        ("public_url: \"https://frist.kommune.dk\", link_key_file: http-token, link_ttl: soon", "http.link_ttl 'soon' is not a duration"),
    ])
    func linkSettings(settings: String, message: String) async throws {
        let (folder, _) = try Self.example()
        let main = try String(contentsOfFile: folder.path + "/frist.yaml", encoding: .utf8)
        try folder.write("frist.yaml", main.replacingOccurrences(of: "token_file: http-token}", with: "token_file: http-token, \(settings)}"))
        let check = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(check.status == 78)
        let lines = check.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("frist.yaml:") && lines[0].contains(message), "\(check.stderr)")
    }

    @Test("A port already taken fails the start with one line and exit 1")
    func portInUse() async throws {
        let (folder, base) = try Self.example()
        let first = try await Self.start(folder, base, at: "2021-09-20T12:00:00+02:00")
        defer { first.terminate() }
        let other = try TemporaryFolder()
        try other.write("frist.yaml", try String(contentsOfFile: folder.path + "/frist.yaml", encoding: .utf8)
            .replacingOccurrences(of: "state_dir: state", with: "state_dir: \(other.path)/state")
            .replacingOccurrences(of: "include: [schedules/*.yaml]", with: "include: [\(folder.path)/schedules/*.yaml]")
            .replacingOccurrences(of: "token_file: http-token", with: "token_file: \(folder.path)/http-token"))
        let second = try DaemonProcess(["--config", other.path + "/frist.yaml"], directory: other.path)
        #expect(await second.exitStatus(within: 30) == 1)
        #expect(second.stderr.split(separator: "\n").last.map(String.init)
            == "cannot listen on \(base.dropFirst(7)) (http.listen): address already in use", "\(second.stderr)")
        #expect(!second.stderr.contains("bind(descriptor") && !second.stderr.contains("errno"))
        #expect(await first.stop() == 0)
    }

    @Test("A SIGTERM with the listener on stops cleanly: exit 0 and no error lines")
    func cleanStop() async throws {
        let (folder, base) = try Self.example()
        let daemon = try await Self.start(folder, base, at: "2021-09-20T12:00:00+02:00")
        await #expect(try Self.request("GET", base + "/healthz").status == 200)
        #expect(await daemon.stop() == 0)
        let errors = daemon.stderr.split(separator: "\n").filter { $0.contains(" error ") || $0.contains("Error") }
        #expect(errors.isEmpty, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("stopping: letting sends in flight finish"))
    }
}
