import Foundation
public import FristConfig
import FristCore
import FristDelivery
import FristStore
import FristSystemd
public import Logging
public import ServiceLifecycle
import UnixSignals

/// `frist run` put together: the configuration loaded, the state locked and opened, the
/// scheduler built, and the services of the daemon's `ServiceGroup`: the scheduler, the SIGHUP
/// reloader, the systemd watchdog, whatever the caller adds (the HTTP listener) and the SIGTERM
/// and SIGINT trap that ends them all. The group
/// starts them in that order and shuts them down in reverse, so the scheduler stops last: the
/// listener has closed before the last sends are recorded.
public struct Daemon: Sendable {
    public let handle: DaemonHandle
    public let config: FristConfig
    private let lock: StateLock
    private let transport: CurlTransport
    private let reloader: ReloadService
    private let terminator: ShutdownSignalService
    private let watchdog: WatchdogService?

    /// Why the daemon could not start (exit 78 for a bad config, 1 for the rest).
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
        public let configInvalid: Bool
    }

    /// Loads `configPath`, takes the state's lock and opens it. Nothing is sent yet.
    public static func start(configPath: String, clock: DaemonClock, logger: Logger, replacingUnreadableState: Bool,
                             unwritableLimit: Double) async throws -> Daemon {
        // The default actions of these signals end the process: trap them before anything is opened.
        let terminator = ShutdownSignalService(signals: await UnixSignalsSequence(trapping: .sigterm, .sigint))
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let systemd = SystemdNotifier()
        let config = try load(configPath, logger: logger)
        let state = StateLocation(config: config, environment: ProcessInfo.processInfo.environment)
        let stateDirectory = state.directory
        if state.source == .environment {
            let beside = StateLocation(config: config, environment: [:]).directory
            logger.warning("the state is in $STATE_DIRECTORY (\(stateDirectory)) because \(configPath) names no state_dir: frist commands run outside the service would look in \(beside); add 'state_dir: \(stateDirectory)' to the config")
        }
        // One daemon per state, for the process's life; taken before anything is requeued.
        let lock: StateLock
        let store: Store
        do {
            lock = try StateLock(directory: stateDirectory)
            store = try Store(directory: stateDirectory, replacingUnreadable: replacingUnreadableState)
        } catch {
            throw StartFailure(description: "\(error)", configInvalid: false)
        }
        if let aside = store.movedAside { logger.warning("the unreadable state was moved aside to \(aside)") }
        if store.created { logger.notice("created a new, empty state at \(store.path)") }
        let transport = CurlTransport()
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor())) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let setup = Scheduler.Setup(config: config)
        if let problem = setup.linkProblem { logger.error("\(problem)") }
        let running = "frist running: \(config.files.count) files, state in \(store.path)\(clock.isSimulated ? ", simulated clock ×\(clock.speed)" : "")"
        let projects = config.schedule.projects.count
        let scheduler = Scheduler(
            setup: setup, store: store, clock: clock, context: context, logger: logger,
            unwritableLimit: unwritableLimit, watchesClockJumps: !clock.isSimulated,
            onReady: {
                DaemonMetrics.reload(succeeded: true, at: clock.seconds())
                systemd.ready(status: "running: \(projects) projects")
                logger.notice("\(running)")
            },
            onStopping: {
                systemd.stopping()
                logger.notice("stopping: letting sends in flight finish")
            },
            onStatus: { systemd.status($0) })
        let reloader = ReloadService(signals: signals, configPath: configPath, scheduler: scheduler, clock: clock,
                                     systemd: systemd, logger: logger)
        let watchdog = systemd.watchdogInterval.map { WatchdogService(interval: $0, scheduler: scheduler, systemd: systemd) }
        return Daemon(handle: DaemonHandle(scheduler: scheduler, store: store, clock: clock, initial: setup),
                      config: config, lock: lock, transport: transport, reloader: reloader,
                      terminator: terminator, watchdog: watchdog)
    }

    /// The group's services, in start order; `beside` run with the scheduler (the HTTP listener).
    public func services(beside: [any Service]) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        [.init(service: handle.scheduler), .init(service: reloader)]
            + (watchdog.map { [.init(service: $0)] } ?? [])
            + beside.map { .init(service: $0) }
            + [.init(service: terminator, successTerminationBehavior: .gracefullyShutdownGroup)]
    }

    /// After the group has ended: no more transfers, and the state's lock goes with the process.
    public func close() {
        transport.shutdown()
        withExtendedLifetime(lock) {}
    }

    /// Loads a config, logging every mistake; throws when there is any.
    static func load(_ path: String, logger: Logger) throws -> FristConfig {
        switch ConfigLoader.load(path: path) {
        case .success(let config):
            for w in config.warnings { logger.warning("\(w.description)") }
            return config
        case .failure(let errors):
            for e in errors.errors { logger.error("\(e.description)") }
            throw StartFailure(description: "\(errors.errors.count) mistakes in the configuration", configInvalid: true)
        }
    }
}
