import FristConfig
import FristSystemd
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP: loads the configuration again and swaps it into the scheduler; an invalid one is
/// refused with every mistake logged, and the one in force keeps running.
struct ReloadService: Service {
    let signals: UnixSignalsSequence
    let configPath: String
    let scheduler: Scheduler
    let clock: DaemonClock
    let systemd: SystemdNotifier
    let logger: Logger

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() {
            systemd.reloading(status: "reloading \(configPath)")
            do {
                let fresh = try Daemon.load(configPath, logger: logger)
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
    }
}
