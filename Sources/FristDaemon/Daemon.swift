import Foundation
public import FristConfig
import FristCore
import FristDelivery
public import FristStore
import FristSystemd
public import Logging
public import ServiceLifecycle
import UnixSignals

/// `frist run` put together: the configuration loaded, the state locked and opened (or the
/// shared store beaten into), the scheduler built, and the services of the daemon's
/// `ServiceGroup`: a cluster node's heartbeat, the scheduler, the SIGHUP
/// reloader, the systemd watchdog, whatever the caller adds (the HTTP listener) and the SIGTERM
/// and SIGINT trap that ends them all. The group
/// starts them in that order and shuts them down in reverse, so the scheduler stops last: the
/// listener has closed before the last sends are recorded.
public struct Daemon: Sendable {
    public let handle: DaemonHandle
    public let config: FristConfig
    private let lock: StateLock?
    private let transport: CurlTransport
    private let heartbeat: HeartbeatService?
    private let reloader: ReloadService
    private let terminator: ShutdownSignalService
    private let watchdog: WatchdogService?

    /// Why the daemon could not start (exit 78 for a bad config, 1 for the rest).
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
        public let configInvalid: Bool
    }

    /// SIGTERM, SIGINT and SIGHUP trapped: their default actions end the process, so this comes
    /// before anything is opened, and what comes early is kept for the group.
    public struct Signals: Sendable {
        let terminator: ShutdownSignalService
        let reload: UnixSignalsSequence

        public static func trap() async -> Signals {
            Signals(terminator: ShutdownSignalService(signals: await UnixSignalsSequence(trapping: .sigterm, .sigint)),
                    reload: await UnixSignalsSequence(trapping: .sighup))
        }
    }

    /// Where the daemon keeps its state: the embedded SQLite state (locked, one daemon), or a
    /// store shared by the nodes of a cluster, which this node beats into.
    public enum State: Sendable {
        case embedded(replacingUnreadable: Bool)
        case shared(any OutboxStore, node: Store.NodeBeat, lease: Lease)
    }

    /// Opens the state for `config` (loaded from `configPath`) and builds the services. Nothing is sent yet.
    public static func start(config: FristConfig, configPath: String, signals: Signals, state: State,
                             clock: DaemonClock, logger: Logger, unwritableLimit: Double) async throws -> Daemon {
        let systemd = SystemdNotifier()
        let lock: StateLock?
        let store: any OutboxStore
        var lease: Lease?
        var heartbeat: (Scheduler) -> HeartbeatService? = { _ in nil }
        switch state {
        case .embedded(let replacingUnreadable):
            let location = StateLocation(config: config, environment: ProcessInfo.processInfo.environment)
            if location.source == .environment {
                let beside = StateLocation(config: config, environment: [:]).directory
                logger.warning("the state is in $STATE_DIRECTORY (\(location.directory)) because \(configPath) names no state_dir: frist commands run outside the service would look in \(beside); add 'state_dir: \(location.directory)' to the config")
            }
            // One daemon per state, for the process's life; taken before anything is requeued.
            let embedded: Store
            do {
                lock = try StateLock(directory: location.directory)
                embedded = try Store(directory: location.directory, replacingUnreadable: replacingUnreadable)
            } catch {
                throw StartFailure(description: "\(error)", configInvalid: false)
            }
            if let aside = embedded.movedAside { logger.warning("the unreadable state was moved aside to \(aside)") }
            if embedded.created { logger.notice("created a new, empty state at \(embedded.path)") }
            store = embedded
        case .shared(let shared, let node, let nodeLease):
            lock = nil
            store = shared
            lease = nodeLease
            // The first beat before anything is claimed: the node is known, and may send.
            let sent = DaemonClock.monotonic()
            do {
                _ = try await shared.heartbeat(node)
                nodeLease.beat(sentAt: sent)
            } catch {
                nodeLease.failed(now: sent)
                logger.error("cannot reach the store (\(error)); no sends until it answers")
            }
            heartbeat = { HeartbeatService(store: shared, lease: nodeLease, node: node, scheduler: $0, logger: logger) }
        }
        let transport = CurlTransport()
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor())) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let setup = Scheduler.Setup(config: config)
        if let problem = setup.linkProblem { logger.error("\(problem)") }
        let node = lease == nil ? "" : ", node \(stateNodeName(state))"
        let running = "frist running: \(config.files.count) files, state in \(store.path)\(node)\(clock.isSimulated ? ", simulated clock ×\(clock.speed)" : "")"
        let projects = config.schedule.projects.count
        let scheduler = Scheduler(
            setup: setup, store: store, clock: clock, context: context, logger: logger,
            unwritableLimit: unwritableLimit, pollInterval: lease.map { min(2, $0.heartbeat) } ?? 2,
            watchesClockJumps: !clock.isSimulated, lease: lease,
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
        let reloader = ReloadService(signals: signals.reload, configPath: configPath, scheduler: scheduler, clock: clock,
                                     systemd: systemd, logger: logger)
        let watchdog = systemd.watchdogInterval.map { WatchdogService(interval: $0, scheduler: scheduler, systemd: systemd) }
        return Daemon(handle: DaemonHandle(scheduler: scheduler, store: store, clock: clock, initial: setup),
                      config: config, lock: lock, transport: transport, heartbeat: heartbeat(scheduler),
                      reloader: reloader, terminator: signals.terminator, watchdog: watchdog)
    }

    private static func stateNodeName(_ state: State) -> String {
        if case .shared(_, let node, _) = state { node.name } else { "" }
    }

    /// The group's services, in start order; `beside` run with the scheduler (the HTTP listener).
    public func services(beside: [any Service]) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        (heartbeat.map { [.init(service: $0)] } ?? [])
            + [.init(service: handle.scheduler), .init(service: reloader)]
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
    public static func load(_ path: String, logger: Logger) throws -> FristConfig {
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
