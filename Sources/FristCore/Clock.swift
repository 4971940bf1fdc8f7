/// The source of "now" for everything that needs it. Core logic never reads the system time;
/// the CLI passes the system clock, tests and the simulated daemon pass their own.
public protocol WallClock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    func now() -> Int64
}
