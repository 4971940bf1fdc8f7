import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing
@testable import FristConfig
@testable import FristDaemon
@testable import FristDelivery
@testable import FristHTTP
@testable import FristStore

/// The listener's routes in process: the router `frist run` serves, on a real `DaemonHandle`
/// (a scheduler that is not running, an in-memory store, a config loaded from a folder and a
/// clock standing still on the test's day), driven by Hummingbird's test client. What only the
/// binary can show (the socket, the port, the shutdown) stays in `HTTPListenerTests`.
struct RoutesTests {
    /// A config in a scratch folder, a daemon on it, and the listener's application.
    struct Listener {
        let folder: String
        let store: Store
        let daemon: DaemonHandle
        let app: Application<RouterResponder<BasicRequestContext>>

        static let token = "s3cret-token"
        /// Due on the test's day after tomorrow: open, with a reminder queued.
        static let open = "p/rapport@2021-09-22"
        /// Due ten days before the test's day: overdue.
        static let overdue = "p/handleplan@2021-09-10"
        static let queued = open + "#due"

        /// `token`: whether `http.token_file` is set (without it nobody may write); `lease`: the
        /// daemon is a cluster node with that hold on the shared store.
        init(token: Bool = true, lease: Lease? = nil) throws {
            folder = NSTemporaryDirectory() + "frist-http-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder + "/schedules", withIntermediateDirectories: true)
            try Self.token.appending("\n").write(toFile: folder + "/http-token", atomically: true, encoding: .utf8)
            try """
                timezone: Europe/Copenhagen
                send_time: "09:00"
                people:
                  anne: {name: Anne Jensen}
                channels:
                  hook: {type: webhook, url: "http://127.0.0.1:9/hook"}
                include: [schedules/*.yaml]
                http: {listen: "127.0.0.1:9464"\(token ? ", token_file: http-token" : "")}

                """.write(toFile: folder + "/frist.yaml", atomically: true, encoding: .utf8)
            try """
                project: {id: p, name: Projekt Ærø, owner: anne, notify: [hook]}
                milestones:
                  - {id: handleplan, title: Handleplan, due: 2021-09-10, before: [], overdue: null}
                  - {id: rapport, title: Rapport til udvalget, due: 2021-09-22, before: [], overdue: null}

                """.write(toFile: folder + "/schedules/p.yaml", atomically: true, encoding: .utf8)
            let config: FristConfig
            switch ConfigLoader.load(path: folder + "/frist.yaml") {
            case .success(let loaded): config = loaded
            case .failure(let errors): throw errors
            }
            let setup = Scheduler.Setup(config: config)
            store = try Store.inMemory()
            _ = try store.enqueue([Store.Planned(Self.queued, "hook", 1_632_294_000)])
            // Monday 20 September 2021, noon in Copenhagen; real time barely moves it.
            let clock = DaemonClock.simulated(start: 1_632_132_000, speed: 1)
            let logger = Logger(label: "frist-http-tests") { _ in SwiftLogNoOpLogHandler() }
            let context = DeliveryContext(transport: Unused(), secrets: SecretResolver(redactor: Redactor())) { _ in }
            let scheduler = Scheduler(setup: setup, store: store, clock: clock, context: context, logger: logger,
                                      lease: lease)
            daemon = DaemonHandle(scheduler: scheduler, store: store, clock: clock, initial: setup)
            let server = try #require(StatusServer(daemon: daemon, registry: PrometheusCollectorRegistry(), logger: logger))
            app = Application(router: server.router(), logger: logger)
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }

        /// Runs `body` with the test client, then removes the folder.
        func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            defer { remove() }
            try await app.test(.router, body)
        }
    }

    /// The scheduler is never run here: nothing may be sent.
    struct Unused: Transport {
        func perform(_ request: TransportRequest) async -> TransportResponse {
            Issue.record("a request was sent: \(request.url)")
            return TransportResponse(status: 599, headers: [], body: [], failure: nil, seconds: 0)
        }

        func perform(_ requests: [TransportRequest]) async -> [TransportResponse] {
            var answers: [TransportResponse] = []
            for r in requests { answers.append(await perform(r)) }
            return answers
        }
    }

    static func json(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }

    static func targets(_ list: Any?) -> [String] {
        (list as? [[String: Any]] ?? []).compactMap { $0["target"] as? String }
    }

    @Test("/healthz answers ok while the scheduler goes round")
    func health() async throws {
        try await Listener().test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(String(buffer: response.body) == "ok\n")
            }
        }
    }

    @Test("/healthz answers 503 naming the store while a cluster node cannot reach it")
    func healthWithoutTheStore() async throws {
        let lease = Lease(lease: 4, heartbeat: 1)
        lease.failed(now: DaemonClock.monotonic())
        try await Listener(lease: lease).test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "store unreachable: :memory:\n")
            }
            // The store answers again: healthy.
            lease.beat(sentAt: DaemonClock.monotonic())
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("/status.json has every key, the deadlines counted by state and the outbox by state")
    func status() async throws {
        try await Listener().test { client in
            try await client.execute(uri: "/status.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let status = try Self.json(response.body)
                #expect(Set(status.keys) == ["now", "today", "deadlines", "list_limit", "outbox", "overdue", "outstanding",
                                             "done", "failing", "dead_letters", "next"])
                // The clock runs from noon on; a loaded machine takes seconds to get here.
                #expect((status["now"] as? String)?.hasPrefix("2021-09-20T1") == true)
                #expect(status["today"] as? String == "2021-09-20")
                #expect(status["deadlines"] as? [String: Int] == ["done": 0, "overdue": 1, "open": 1])
                #expect(status["list_limit"] as? Int == 1_000)
                #expect(status["outbox"] as? [String: Int]
                    == ["pending": 1, "inflight": 0, "sent": 0, "dead": 0, "skipped": 0, "held": 0])
                #expect(Self.targets(status["overdue"]) == [Listener.overdue])
                #expect(Self.targets(status["outstanding"]) == [Listener.open])
                #expect(Self.targets(status["done"]).isEmpty)
                #expect((status["failing"] as? [Any])?.isEmpty == true)
                #expect((status["dead_letters"] as? [Any])?.isEmpty == true)
                let next = (status["next"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
                #expect(next == [Listener.queued])
                let deadline = try #require((status["outstanding"] as? [[String: Any]])?.first)
                #expect(deadline["project"] as? String == "p" && deadline["milestone"] as? String == "rapport")
                #expect(deadline["title"] as? String == "Rapport til udvalget" && deadline["due"] as? String == "2021-09-22")
                #expect(deadline["owners"] as? [String] == ["anne"])
                #expect(deadline["done_on"] == nil && deadline["note"] == nil)
            }
        }
    }

    @Test("/ is the overview page: HTML in UTF-8, with the project and its deadlines")
    func overview() async throws {
        try await Listener().test { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = String(buffer: response.body)
                #expect(page.hasPrefix("<!doctype html>") || page.hasPrefix("<!DOCTYPE html>"))
                #expect(page.contains("<meta charset=\"utf-8\">"))
                #expect(page.contains("Projekt Ærø"))
                #expect(page.contains("data-target=\"\(Listener.overdue)\""))
                #expect(page.contains("data-target=\"\(Listener.open)\""))
            }
        }
    }

    @Test("/calendar.ics is an iCalendar feed of to-dos, or of events with ?events")
    func calendar() async throws {
        try await Listener().test { client in
            try await client.execute(uri: "/calendar.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "inline; filename=\"frist.ics\"")
                let feed = String(buffer: response.body)
                #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\n"))
                #expect(feed.hasSuffix("END:VCALENDAR\r\n"))
                #expect(feed.contains("BEGIN:VTODO") && !feed.contains("BEGIN:VEVENT"))
            }
            try await client.execute(uri: "/calendar.ics?events", method: .get) { response in
                #expect(response.status == .ok)
                let feed = String(buffer: response.body)
                #expect(feed.hasPrefix("BEGIN:VCALENDAR\r\n"))
                #expect(feed.contains("BEGIN:VEVENT") && !feed.contains("BEGIN:VTODO"))
            }
        }
    }

    @Test("/metrics is Prometheus text with the outbox counted by state")
    func metrics() async throws {
        try await Listener().test { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
                #expect(lines.contains("# TYPE frist_outbox_rows gauge"), "\(lines)")
                #expect(lines.contains { $0.hasPrefix("# HELP frist_outbox_rows Outbox rows by state") })
                let pending = lines.first { $0.hasPrefix("frist_outbox_rows{state=\"pending\"} ") }
                #expect(pending.flatMap { Double($0.split(separator: " ").last ?? "") } == 1, "\(lines)")
                let sent = lines.first { $0.hasPrefix("frist_outbox_rows{state=\"sent\"} ") }
                #expect(sent.flatMap { Double($0.split(separator: " ").last ?? "") } == 0, "\(lines)")
            }
        }
    }

    @Test("Acknowledging needs the bearer token: none or a wrong one is 401, and nothing is recorded")
    func acknowledgingNeedsTheToken() async throws {
        let listener = try Listener()
        let uri = "/ack/" + Listener.open
        try await listener.test { client in
            try await client.execute(uri: uri, method: .post) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"frist\"")
                #expect(!String(buffer: response.body).contains(Listener.token))
            }
            try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer wrong-token"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: uri, method: .post, headers: [.authorization: Listener.token]) { response in
                #expect(response.status == .unauthorized)  // the token without "Bearer "
            }
        }
        #expect(try listener.store.acknowledgements().isEmpty)
        #expect(try listener.store.summary().counts[.pending] == 1)
    }

    @Test("With the token an acknowledgement is recorded, its queued reminder dropped, and the board sees it")
    func acknowledging() async throws {
        let listener = try Listener()
        try await listener.test { client in
            try await client.execute(uri: "/ack/" + Listener.open, method: .post,
                                     headers: [.authorization: "Bearer " + Listener.token],
                                     body: ByteBuffer(string: "{\"note\": \"godkendt i ledergruppen\"}")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let answer = try Self.json(response.body)
                #expect(answer["target"] as? String == Listener.open)
                #expect(answer["done_on"] as? String == "2021-09-20")
                #expect(answer["dropped"] as? Int == 1)
                #expect(answer.count == 3)
            }
            try await client.execute(uri: "/status.json", method: .get) { response in
                let status = try Self.json(response.body)
                #expect(Self.targets(status["done"]) == [Listener.open])
                #expect(Self.targets(status["outstanding"]).isEmpty)
                #expect((status["next"] as? [Any])?.isEmpty == true)
            }
        }
        let acks = try listener.store.acknowledgements()
        #expect(acks.map(\.target) == [Listener.open])
        #expect(acks.first?.doneOn == "2021-09-20" && acks.first?.note == "godkendt i ledergruppen")
        #expect(try listener.store.summary().counts[.pending] == 0)
        #expect(await listener.daemon.scheduler.currentSetup.plan.milestones.count == 2)
    }

    @Test("An occurrence the plan does not have is 404; a body that is not JSON is 400")
    func unknownOccurrence() async throws {
        let listener = try Listener()
        let bearer: HTTPFields = [.authorization: "Bearer " + Listener.token]
        try await listener.test { client in
            try await client.execute(uri: "/ack/p/nonexistent@2021-09-22", method: .post, headers: bearer) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/ack/p/rapport@2021-09-23", method: .post, headers: bearer) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/ack/" + Listener.open, method: .post, headers: bearer,
                                     body: ByteBuffer(string: "done")) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(try listener.store.acknowledgements().isEmpty)
    }

    @Test("Without a token nobody may write, even on loopback; reading stays open")
    func noTokenNoWrites() async throws {
        let listener = try Listener(token: false)
        try await listener.test { client in
            try await client.execute(uri: "/ack/" + Listener.open, method: .post,
                                     headers: [.authorization: "Bearer anything"]) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("http.token_file"))
            }
            try await client.execute(uri: "/status.json", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try listener.store.acknowledgements().isEmpty)
    }

    @Test("Without ack links configured, /ack/link is 404")
    func noAckLinks() async throws {
        try await Listener().test { client in
            try await client.execute(uri: "/ack/link?t=p%2Frapport%402021-09-22&e=1&s=00", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }
}
