public import FristStore

/// What runs beside the scheduler in `frist run` and needs to see it: the HTTP listener.
/// Kept as a protocol so the daemon does not depend on the web stack.
public protocol DaemonCompanion: Sendable {
    /// Runs until graceful shutdown, or returns at once when the configuration does not ask
    /// for it. Throwing stops the daemon (exit 1): a listener that cannot bind is a failed start.
    func run(_ daemon: DaemonHandle) async throws
}

/// The running daemon, as a companion sees it.
public struct DaemonHandle: Sendable {
    public let scheduler: Scheduler
    public let store: Store
    public let clock: DaemonClock
    /// The configuration the daemon started with (a reload changes what ``Scheduler/setup``
    /// returns, not how companions were started).
    public let initial: Scheduler.Setup
}
