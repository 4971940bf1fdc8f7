import FristSystemd
import ServiceLifecycle

/// Pings systemd's watchdog (`WatchdogSec=`) at half its interval, but only while the scheduler
/// answers and its loop goes round: a daemon stuck anywhere misses the pings and systemd
/// restarts it.
struct WatchdogService: Service {
    let interval: Duration
    let scheduler: Scheduler
    let systemd: SystemdNotifier

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await scheduler.isResponsive() { systemd.watchdog() }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
