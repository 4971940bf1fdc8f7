import ArgumentParser
import FristConfig
import FristCore
import FristDaemon
import FristDelivery
import FristStore
import FristHTTP
import FristSystemd
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `frist run`: the daemon.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: send every reminder at its time, retry failures, until SIGTERM.",
        discussion: """
            SIGHUP re-reads the configuration (an invalid one keeps the running one). Under systemd \
            (Type=notify) it reports READY, RELOADING, STOPPING, STATUS and WATCHDOG.
            --start-at and --speed run a simulated clock, for demonstrations and tests: \
            `frist run --start-at 2021-01-01 --speed 86400` plays a day per second.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Start a simulated clock at this instant (2021-09-16T08:59:00+02:00, or a local date or date-time).")
    var startAt: String?

    @Option(help: "How many times faster than real time the clock runs (with or without --start-at).")
    var speed: Double = 1

    @Option(help: "This node's name in a cluster (a shared store:); default $FRIST_NODE, else host name and process id.")
    var node: String?

    @Flag(help: "Start a new, empty state if the state database is empty, cut off or corrupt (the old file is kept, renamed).")
    var newState = false

    func validate() throws {
        guard speed > 0 && speed <= 10_000_000 else { throw ValidationError("--speed must be above 0") }
    }

    func run() async throws {
        // FRIST_LOG_LEVEL=debug (or trace) shows each planning round; the default is info.
        let level = ProcessInfo.processInfo.environment["FRIST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        JournalLogHandler.bootstrap(logLevel: level)
        let logger = Logger(label: "frist")
        // Before anything else: a SIGTERM while the daemon starts is a graceful stop, not death.
        let signals = await Daemon.Signals.trap()
        let location = ConfigLocation.resolve(explicit: options.config, environment: ProcessInfo.processInfo.environment)
        if let missing = location.missing() {
            Output.errors([missing])
            throw ExitCode(78)
        }
        let path = location.path
        let clock: DaemonClock
        if let startAt {
            // The zone to read a local start in comes from the config; a bad config is reported by the service.
            let zone = (try? ConfigLoader.load(path: path).get())?.schedule.zone ?? ZoneRules.named("Europe/Copenhagen")!
            guard let start = Self.instant(startAt, zone: zone) else {
                throw ValidationError("--start-at '\(startAt)' is not an instant (2021-09-16T08:59:00+02:00, 2021-09-16T08:59 or 2021-09-16)")
            }
            clock = .simulated(start: Double(start), speed: speed)
        } else if speed != 1 {
            clock = .simulated(start: Date().timeIntervalSince1970, speed: speed)
        } else {
            clock = .system
        }
        // Counters and histograms go to one registry, which the HTTP listener's /metrics shows.
        let registry = PrometheusCollectorRegistry()
        var metrics = PrometheusMetricsFactory(registry: registry)
        metrics.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        MetricsSystem.bootstrap(metrics)
        // FRIST_UNWRITABLE_LIMIT: seconds the state may stay unwritable before the watchdog stops.
        let unwritableLimit = ProcessInfo.processInfo.environment["FRIST_UNWRITABLE_LIMIT"].flatMap(Double.init)
            .flatMap { $0 > 0 ? $0 : nil } ?? 300
        let config: FristConfig
        do {
            config = try Daemon.load(path, logger: logger)
        } catch {
            throw ExitCode(78)
        }
        if let settings = config.store {
            let node = Store.NodeBeat(name: NodeName.resolve(node), configDigest: config.digest, version: FristDelivery.version,
                                      lease: Double(settings.lease))
            let lease = Lease(lease: Double(settings.lease), heartbeat: Double(settings.heartbeat))
            let changes = ChangeRelay()
            try await SharedStore.with(settings, node: node.name, logger: logger, onChange: changes.fire) { store in
                try await serve(config: config, path: path, signals: signals, state: .shared(store, node: node, lease: lease),
                                clock: clock, registry: registry, logger: logger, unwritableLimit: unwritableLimit) { scheduler in
                    changes.forward(to: scheduler.wake)
                }
            }
        } else {
            try await serve(config: config, path: path, signals: signals, state: .embedded(replacingUnreadable: newState),
                            clock: clock, registry: registry, logger: logger, unwritableLimit: unwritableLimit) { _ in }
        }
    }

    /// The daemon on its state: started, then its services run as one group until it ends.
    private func serve(config: FristConfig, path: String, signals: Daemon.Signals, state: Daemon.State,
                       clock: DaemonClock, registry: PrometheusCollectorRegistry, logger: Logger,
                       unwritableLimit: Double, started: (Scheduler) -> Void) async throws {
        let daemon: Daemon
        do {
            daemon = try await Daemon.start(config: config, configPath: path, signals: signals, state: state,
                                            clock: clock, logger: logger, unwritableLimit: unwritableLimit)
        } catch let failure as Daemon.StartFailure {
            if !failure.configInvalid { Output.errors([failure.description]) }
            throw ExitCode(failure.configInvalid ? 78 : 1)
        }
        defer { daemon.close() }
        started(daemon.handle.scheduler)
        let listener = StatusServer(daemon: daemon.handle, registry: registry, logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: daemon.services(beside: listener.map { [$0] } ?? []),
            logger: Logger(label: "frist.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() }))
        // Sends still in flight after this are cancelled and sent again at the next start.
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            // A corrupt state, a listener that cannot bind: one line, exit 1.
            throw FristFailure(Self.reason(error))
        }
    }

    /// The line for a service's failure (ServiceGroup wraps some of them).
    static func reason(_ error: any Error) -> String {
        "\(error)"
    }

    /// An ISO 8601 instant with offset or Z, or a local date-time or date in `zone`.
    static func instant(_ text: String, zone: ZoneRules) -> Int64? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        let t = text.replacingOccurrences(of: " ", with: "T")
        guard let day = LocalDate(iso: t.prefix(10)) else { return nil }
        var seconds = 0
        if t.count > 10 {
            let time = t.dropFirst(11)
            let parts = time.split(separator: ":")
            guard t.dropFirst(10).first == "T", parts.count >= 2, parts.count <= 3,
                  let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            let s = parts.count == 3 ? Int(parts[2]) ?? -1 : 0
            guard (0..<60).contains(s) else { return nil }
            seconds = h * 3600 + m * 60 + s
        }
        return zone.instant(day: day.dayNumber, secondsOfDay: seconds)
    }
}
