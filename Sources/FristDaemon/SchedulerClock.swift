/// The time the scheduler reads and sleeps on: the daemon's clock (the system's, or a
/// simulated one), or a test's, which the test advances instead of waiting.
public protocol SchedulerClock: Sendable {
    /// Seconds since the epoch, with fractions.
    func seconds() -> Double
    /// Sleeps until the clock reads `instant` (seconds since the epoch); throws when cancelled.
    func sleep(until instant: Double) async throws
    /// Where a simulated clock started: a first run plans from there, so what falls due in the
    /// moment it takes to start is not taken for history. Nil for the system clock.
    var start: Int64? { get }
}

extension SchedulerClock {
    public func now() -> Int64 { Int64(seconds().rounded(.down)) }
}

extension DaemonClock: SchedulerClock {
    public func sleep(until instant: Double) async throws {
        // Long sleeps wake at most a day apart: cheap, and a bound on any drift. A reminder is
        // due to the millisecond: no more tolerance than that (the default lets a wake slip).
        try await Task.sleep(for: .seconds(min(realDelay(until: instant), 86_400)), tolerance: .milliseconds(1))
    }
}
