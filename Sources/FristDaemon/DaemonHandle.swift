public import FristStore

/// The running daemon, as the services beside the scheduler (the HTTP listener) see it.
public struct DaemonHandle: Sendable {
    public let scheduler: Scheduler
    public let store: any OutboxStore
    public let clock: DaemonClock
    /// The configuration the daemon started with (a reload changes what ``Scheduler/currentSetup``
    /// returns, not how the services were started).
    public let initial: Scheduler.Setup
}
