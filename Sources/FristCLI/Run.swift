import ArgumentParser
import FristConfig
import FristCore
import FristDaemon
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
        let service = FristService(configPath: path, clock: clock, logger: logger,
                                   companions: [StatusServer(registry: registry, logger: logger)],
                                   replacingUnreadableState: newState, unwritableLimit: unwritableLimit)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "frist.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })))
        do {
            try await group.run()
        } catch let failure as FristService.StartFailure {
            if !failure.configInvalid { Output.errors([failure.description]) }
            throw ExitCode(failure.configInvalid ? 78 : 1)
        } catch let error as ServiceGroupError {
            throw FristFailure("\(error)")
        }
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
