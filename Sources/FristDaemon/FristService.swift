import Foundation
import FristConfig
import FristCore
import FristDelivery
import FristStore
import FristSystemd
public import Logging
public import ServiceLifecycle
import UnixSignals

/// `frist run` as a service of a ServiceGroup: starts the scheduler, tells systemd it is ready,
/// reloads on SIGHUP (an invalid config keeps the old plan running), and on SIGTERM stops
/// arming, lets sends in flight finish, and returns.
public struct FristService: Service {
    public let configPath: String
    public let clock: DaemonClock
    public let logger: Logger
    /// How long sends in flight may take to finish after SIGTERM.
    public let stopDeadline: Double
    /// What runs beside the scheduler (the HTTP listener).
    public let companions: [any DaemonCompanion]
    /// `frist run --new-state`: a wiped or damaged state database is moved aside, not refused.
    public let replacingUnreadableState: Bool
    /// How long (seconds) the state may stay unwritable before the watchdog stops pinging.
    public let unwritableLimit: Double

    public init(configPath: String, clock: DaemonClock, logger: Logger, stopDeadline: Double = 10,
                companions: [any DaemonCompanion] = [], replacingUnreadableState: Bool = false,
                unwritableLimit: Double = 300) {
        self.configPath = configPath
        self.clock = clock
        self.logger = logger
        self.stopDeadline = stopDeadline
        self.companions = companions
        self.replacingUnreadableState = replacingUnreadableState
        self.unwritableLimit = unwritableLimit
    }

    /// The stop deadline passed with tasks still ending after a graceful shutdown.
    private struct ShutdownOverdue: Error {}

    /// Why the daemon could not start (exit 78 for a bad config, 1 for the rest).
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
        public let configInvalid: Bool
    }

    public func run() async throws {
        // SIGHUP's default action ends the process: trap it before anyone can be told we are ready.
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let systemd = SystemdNotifier()
        let config = try Self.load(configPath, logger: logger)
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
        // A corrupt state ends the daemon: the scheduler says so once, here it becomes exit 1.
        let (fatal, fatalContinuation) = AsyncStream.makeStream(of: String.self)
        let redactor = Redactor()
        let transport = CurlTransport()
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: redactor)) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let setup = Scheduler.Setup(config: config)
        if let problem = setup.linkProblem { logger.error("\(problem)") }
        let scheduler = Scheduler(setup: setup, store: store, clock: clock, context: context, logger: logger,
                                  unwritableLimit: unwritableLimit,
                                  onFatal: { fatalContinuation.yield($0) }) { status in systemd.status(status) }
        try await scheduler.start()
        DaemonMetrics.reload(succeeded: true, at: clock.seconds())
        let handle = DaemonHandle(scheduler: scheduler, store: store, clock: clock, initial: setup)
        systemd.ready(status: "running: \(config.schedule.projects.count) projects")
        logger.notice("frist running: \(config.files.count) files, state in \(store.path)\(clock.isSimulated ? ", simulated clock ×\(clock.speed)" : "")")

        // A companion that fails (a listener that cannot bind) ends the daemon, after the
        // scheduler has stopped cleanly.
        var companionFailure: (any Error)?
        await withTaskGroup(of: (any Error)?.self) { group in
            var running = 0
            func start(_ task: @escaping @Sendable () async -> (any Error)?) {
                running += 1
                group.addTask(operation: task)
            }
            for companion in companions {
                start {
                    do {
                        try await companion.run(handle)
                        // Nothing to do (not configured): wait for shutdown like the rest.
                        try? await gracefulShutdown()
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            if let interval = systemd.watchdogInterval {
                start {
                    // Pings only when the scheduler answers, so a stuck daemon misses them and systemd restarts it.
                    await cancelWhenGracefulShutdown {
                        while !Task.isCancelled {
                            if await scheduler.isResponsive() { systemd.watchdog() }
                            try? await Task.sleep(for: interval)
                        }
                    }
                    return nil
                }
            }
            start {
                for await _ in signals.cancelOnGracefulShutdown() {
                    systemd.reloading(status: "reloading \(configPath)")
                    do {
                        let fresh = try Self.load(configPath, logger: logger)
                        let setup = Scheduler.Setup(config: fresh)
                        if let problem = setup.linkProblem { logger.error("\(problem)") }
                        await scheduler.reload(setup)
                        DaemonMetrics.reload(succeeded: true, at: clock.seconds())
                        systemd.ready(status: "running: configuration reloaded")
                    } catch {
                        DaemonMetrics.reload(succeeded: false, at: clock.seconds())
                        logger.error("reload refused, the previous configuration stays in force: \(error)")
                        systemd.ready(status: "reload failed (invalid configuration); running the previous one")
                    }
                }
                return nil
            }
            start {
                try? await gracefulShutdown()
                return nil
            }
            start {
                for await reason in fatal.cancelOnGracefulShutdown() {
                    return StartFailure(description: reason, configInvalid: false)
                }
                return nil
            }
            // The first task to finish is shutdown, a companion that failed, or a corrupt state.
            guard let first = await group.next() else { return }
            if let failure = first {
                companionFailure = failure
                group.cancelAll()
                return
            }
            // A graceful shutdown: every task ends by itself, the listener after closing its
            // connections (cancelling it mid-way made NIO log errors), within the stop deadline.
            let deadline = stopDeadline
            group.addTask {
                try? await Task.sleep(for: .seconds(deadline))
                return ShutdownOverdue()
            }
            var ending = running - 1
            while ending > 0, let next = await group.next(), !(next is ShutdownOverdue) { ending -= 1 }
            group.cancelAll()
        }
        systemd.stopping()
        logger.notice("stopping: letting sends in flight finish")
        await scheduler.stop(deadline: stopDeadline)
        fatalContinuation.finish()
        transport.shutdown()
        withExtendedLifetime(lock) {}
        if let companionFailure { throw StartFailure(description: "\(companionFailure)", configInvalid: false) }
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
