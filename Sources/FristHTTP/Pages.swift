import FristBoard
import FristConfig
import FristCore
import FristDaemon
import FristDelivery
import FristOverview
import FristStore
import Foundation
import Hummingbird
import Prometheus

/// The listener's answers, each built from the scheduler's configuration in force, the
/// acknowledgements in the store and the daemon's clock (simulated ones too) at request time.
struct Pages: Sendable {
    let daemon: DaemonHandle
    let registry: PrometheusCollectorRegistry
    let token: Secret?
    let secrets: SecretResolver

    private func board() async throws -> (Board, Scheduler.Setup) {
        let setup = await daemon.scheduler.currentSetup
        let board = Board(config: setup.config, plan: setup.plan, acknowledgements: try await daemon.store.acknowledgementSet(),
                          now: daemon.clock.now())
        return (board, setup)
    }

    func overview() async throws -> Response {
        let (board, _) = try await board()
        return Self.response(OverviewPage.render(board), type: "text/html; charset=utf-8")
    }

    /// `?events` gives VEVENTs for Outlook, which ignores VTODOs in subscribed calendars.
    func calendar(_ request: Request) async throws -> Response {
        let (board, setup) = try await board()
        let style: CalendarFeed.Style = request.uri.queryParameters["events"] != nil ? .events : .todos
        var response = Self.response(CalendarFeed.render(board, plan: setup.plan, style: style),
                                     type: "text/calendar; charset=utf-8")
        response.headers[.contentDisposition] = "inline; filename=\"frist.ics\""
        return response
    }

    func status() async throws -> Response {
        let (board, _) = try await board()
        let document = StatusDocument(board: board, summary: try await daemon.store.summary())
        return Self.response(try document.json(), type: "application/json")
    }

    /// Prometheus text: the counters and histograms the daemon keeps, plus the outbox read now.
    func metrics() async throws -> Response {
        let summary = try await daemon.store.summary()
        for (state, count) in summary.counts {
            registry.makeGauge(descriptor: Self.outboxRows, labels: [("state", state.rawValue)]).set(Double(count))
        }
        return Self.response(registry.emitToString(), type: "text/plain; version=0.0.4; charset=utf-8")
    }

    private static var outboxRows: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "frist", metricName: "outbox", unitName: "rows",
            helpText: "Outbox rows by state (pending and inflight are the queue)")
    }

    func health() async -> Response {
        guard await daemon.scheduler.storeReachable() else {
            return Self.response("store unreachable: \(daemon.store.path)\n", type: "text/plain; charset=utf-8",
                                 status: .serviceUnavailable)
        }
        return await daemon.scheduler.isResponsive()
            ? Self.response("ok\n", type: "text/plain; charset=utf-8")
            : Self.response("stopping\n", type: "text/plain; charset=utf-8", status: .serviceUnavailable)
    }

    /// `POST /ack/{project}/{milestone@YYYY-MM-DD}` (or `/ack/{project}/{milestone}` for all its
    /// occurrences) with `Authorization: Bearer <token>`; an optional JSON body `{"note": "…"}`.
    func acknowledge(_ request: Request, project: String, occurrence: String) async throws -> Response {
        try authorize(request)
        let setup = await daemon.scheduler.currentSetup
        let target: String
        do {
            target = try setup.plan.acknowledgementTarget(project + "/" + occurrence)
        } catch {
            throw HTTPError(.notFound, message: "\(error)")
        }
        var note: String?
        let body = try await request.body.collect(upTo: 16_384)
        if body.readableBytes > 0 {
            let data = Data(buffer: body)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw HTTPError(.badRequest, message: "the body must be JSON: {\"note\": \"…\"}")
            }
            note = object["note"] as? String
        }
        let (today, dropped) = try await record(target, note: note, setup: setup)
        return Self.response(try Acknowledged(target: target, doneOn: today.description, dropped: dropped).json(),
                             type: "application/json")
    }

    /// The answer to an acknowledgement over HTTP: one line of JSON, `{"done_on":…,"dropped":…,"target":…}`.
    struct Acknowledged: Encodable {
        let target: String
        let doneOn: String
        /// How many queued reminders it dropped.
        let dropped: Int

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    /// Records `target` as done today (the daemon's clock) and tells the scheduler at once.
    private func record(_ target: String, note: String?, setup: Scheduler.Setup) async throws -> (LocalDate, Int) {
        let now = daemon.clock.now()
        let today = LocalDate(dayNumber: Timestamps.localDay(now, zone: setup.config.schedule.zone))
        let dropped = try await daemon.store.acknowledge(target, doneOn: today.description, note: note, at: Double(now))
        try await daemon.scheduler.acknowledgementsChanged()
        return (today, dropped)
    }

    /// A signed link from a reminder (`/ack/link?t=…&e=…&s=…`): GET shows what it would mark
    /// done, POST (the page's button) records it. Expired links answer 410, forged ones 403.
    func ackLink(_ request: Request, record recording: Bool) async throws -> Response {
        let setup = await daemon.scheduler.currentSetup
        let page = AckLinkPage(language: setup.config.language)
        let html = "text/html; charset=utf-8"
        guard let links = setup.links else {
            return Self.response(page.forged(), type: html, status: .notFound)
        }
        let query = request.uri.queryParameters
        let verdict = links.verify(target: query["t"].map(String.init), expires: query["e"].map(String.init),
                                   signature: query["s"].map(String.init), now: daemon.clock.now())
        let target: String
        switch verdict {
        case .forged: return Self.response(page.forged(), type: html, status: .forbidden)
        case .expired(let t): return Self.response(page.expired(target: t), type: html, status: .gone)
        case .valid(let t): target = t
        }
        guard let (index, occurrence) = setup.plan.occurrence(target: target) else {
            return Self.response(page.unknown(target: target), type: html, status: .notFound)
        }
        let pm = setup.plan.milestones[index]
        let acks = try await daemon.store.acknowledgementSet()
        func subject(doneOn: Int?) -> AckLinkPage.Subject {
            AckLinkPage.Subject(title: pm.milestone.title, project: setup.config.schedule.projects[pm.projectIndex].name,
                                due: LocalDate(dayNumber: setup.plan.dueDay(ofMilestone: index, occurrence: occurrence)),
                                doneOn: doneOn.map(LocalDate.init(dayNumber:)))
        }
        guard recording else {
            let action = "link?" + (request.uri.query ?? "")
            return Self.response(page.confirm(subject(doneOn: acks.doneOn(keyPrefix: pm.keyPrefix, occurrence: occurrence)),
                                              action: action), type: html)
        }
        let (today, _) = try await record(target, note: "via link", setup: setup)
        return Self.response(page.recorded(subject(doneOn: nil), on: today), type: html)
    }

    /// The bearer token, compared in constant time; without a token configured nobody may write.
    private func authorize(_ request: Request) throws {
        guard let token else {
            throw HTTPError(.forbidden, message: "acknowledging over HTTP is off: set http.token_file")
        }
        let expected: String
        do {
            expected = try secrets.resolve(token, field: "token", channel: "http")
        } catch {
            throw HTTPError(.internalServerError, message: "the HTTP token cannot be read")
        }
        let given = request.headers[.authorization].flatMap { value -> Substring? in
            value.hasPrefix("Bearer ") ? value.dropFirst(7) : nil
        } ?? ""
        guard ConstantTime.equal(Array(given.utf8), Array(expected.utf8)) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"frist\""],
                            message: "a valid bearer token is required")
        }
    }

    static func response(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
