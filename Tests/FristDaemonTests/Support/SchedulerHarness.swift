import Foundation
import Logging
import Synchronization
@testable import FristConfig
@testable import FristDaemon
@testable import FristDelivery
@testable import FristStore

/// A clock the test moves: the scheduler's sleeps end when the test advances past them, never
/// on their own, so every decision about time is the test's.
final class TestClock: SchedulerClock {
    private struct Sleeper {
        let id: Int
        let instant: Double
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let state: Mutex<(now: Double, sleepers: [Sleeper], next: Int)>
    let start: Int64?

    init(_ iso: String) {
        let instant = ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970
        state = Mutex((instant, [], 0))
        start = Int64(instant)
    }

    func seconds() -> Double { state.withLock { $0.now } }

    func sleep(until instant: Double) async throws {
        let id = state.withLock { s in
            s.next += 1
            return s.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let due = state.withLock { s in
                    if instant <= s.now || Task.isCancelled { return true }
                    s.sleepers.append(Sleeper(id: id, instant: instant, continuation: c))
                    return false
                }
                if due { Task.isCancelled ? c.resume(throwing: CancellationError()) : c.resume() }
            }
        } onCancel: {
            let gone = state.withLock { s in
                let found = s.sleepers.first { $0.id == id }
                s.sleepers.removeAll { $0.id == id }
                return found
            }
            gone?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on by `seconds`, waking every sleep that ends by then.
    func advance(_ seconds: Double) {
        let woken = state.withLock { s in
            s.now += seconds
            let now = s.now
            let due = s.sleepers.filter { $0.instant <= now }
            s.sleepers.removeAll { $0.instant <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// The instants the scheduler is sleeping until (its next round).
    var sleepingUntil: [Double] { state.withLock { $0.sleepers.map(\.instant) } }
}

/// A transport that answers from the test's script instead of the network, and keeps every
/// request it was given: where no network is the point (the scheduler's decisions).
final class ScriptedTransport: Transport {
    struct Answer: Sendable {
        var status = 200
        var headers: [HTTPHeader] = []
    }

    private let state = Mutex<(requests: [TransportRequest], script: @Sendable (TransportRequest) -> Answer)>(([], { _ in Answer() }))
    /// Requests wait here while a test holds the gate shut.
    private let gate = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((true, []))

    func answer(_ script: @escaping @Sendable (TransportRequest) -> Answer) { state.withLock { $0.script = script } }

    var requests: [TransportRequest] { state.withLock { $0.requests } }
    /// The `Idempotency-Key` of each request: the reminder keys, in the order sent.
    var keys: [String] { requests.compactMap { $0.headers.first { $0.name == "Idempotency-Key" }?.value } }

    func hold() { gate.withLock { $0.open = false } }

    func release() {
        let waiting = gate.withLock { g in
            g.open = true
            defer { g.waiting = [] }
            return g.waiting
        }
        for w in waiting { w.resume() }
    }

    func perform(_ request: TransportRequest) async -> TransportResponse {
        let answer = state.withLock { s in
            s.requests.append(request)
            return s.script(request)
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let open = gate.withLock { g in
                if !g.open { g.waiting.append(c) }
                return g.open
            }
            if open { c.resume() }
        }
        return TransportResponse(status: answer.status, headers: answer.headers, body: Array("ok".utf8), failure: nil, seconds: 0)
    }

    func perform(_ requests: [TransportRequest]) async -> [TransportResponse] {
        var responses: [TransportResponse] = []
        for r in requests { responses.append(await perform(r)) }
        return responses
    }
}

/// Log lines, kept for the test to read.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func contains(_ text: String) -> Bool { all.contains { $0.contains(text) } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let sink: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.append("\(event.level) \(event.message)")
        }
    }
}

/// A scheduler on a test clock, an in-memory store and a scripted transport, for one config.
struct SchedulerHarness {
    let folder: String
    let clock: TestClock
    let store: Store
    let transport = ScriptedTransport()
    let log = LogLines()
    let scheduler: Scheduler

    /// `milestones` are YAML lines of the one project's list; `extra` goes into frist.yaml.
    /// With `shared`, the scheduler is a cluster node on that store (over `store`) with `lease`.
    /// `hook` adds settings to the `hook` channel (e.g. `rate: 1/s`).
    init(at start: String, milestones: String, extra: String = "", hook: String = "", store: Store? = nil,
         shared: (any OutboxStore)? = nil, lease: Lease? = nil) throws {
        folder = NSTemporaryDirectory() + "frist-scheduler-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/schedules", withIntermediateDirectories: true)
        try Self.write(folder, milestones: milestones, extra: extra, hook: hook)
        clock = TestClock(start)
        self.store = try store ?? Store.inMemory()
        let sink = log
        let logger = Logger(label: "frist") { _ in LogLines.Handler(sink: sink) }
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor())) { _ in }
        // A long poll: between rounds only the test clock (and rings) wake the scheduler.
        scheduler = Scheduler(setup: try Self.setup(folder), store: shared ?? self.store, clock: clock, context: context,
                              logger: logger, pollInterval: 3_600, lease: lease)
    }

    static func write(_ folder: String, milestones: String, extra: String, hook: String = "") throws {
        try """
            timezone: Europe/Copenhagen
            send_time: "09:00"
            people:
              anne: {name: Anne Jensen}
            channels:
              hook: {type: webhook, url: "http://127.0.0.1:9/hook"\(hook.isEmpty ? "" : ", " + hook)}
              admin: {type: webhook, url: "http://127.0.0.1:9/admin"}
            include: [schedules/*.yaml]
            \(extra)

            """.write(toFile: folder + "/frist.yaml", atomically: true, encoding: .utf8)
        try """
            project: {id: p, name: Projekt, owner: anne, notify: [hook]}
            milestones:
            \(milestones)

            """.write(toFile: folder + "/schedules/p.yaml", atomically: true, encoding: .utf8)
    }

    static func setup(_ folder: String) throws -> Scheduler.Setup {
        switch ConfigLoader.load(path: folder + "/frist.yaml") {
        case .success(let config): return Scheduler.Setup(config: config)
        case .failure(let errors): throw errors
        }
    }

    /// Runs the scheduler while `body` runs, then shuts it down gracefully and waits for it.
    func running(_ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await scheduler.run() }
            do {
                try await body()
            } catch {
                scheduler.requestShutdown()
                transport.release()
                throw error
            }
            scheduler.requestShutdown()
            try await group.waitForAll()
        }
    }

    /// Waits (without blocking a thread) until `condition` holds; false after about ten seconds.
    func eventually(_ condition: () throws -> Bool) async rethrows -> Bool {
        for _ in 0..<1_000 {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try condition()
    }

    /// Waits until the scheduler sleeps until `instant` (its next round) having done its round.
    func idle(until iso: String) async -> Bool {
        let instant = ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970
        return await eventually { clock.sleepingUntil.contains(instant) }
    }

    func advance(to iso: String) {
        clock.advance(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970 - clock.seconds())
    }
}
