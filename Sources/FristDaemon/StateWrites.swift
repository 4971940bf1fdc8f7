import FristStore

/// Whether the state can be written, for a daemon that must ride out a full disk or a lock
/// held by another process: retry with backoff instead of spinning, say so once per change
/// instead of once per attempt, and tell the watchdog when it has gone on too long.
struct StateWrites {
    /// First and longest wait between tries (real seconds).
    static let firstDelay = 0.5
    static let longestDelay = 30.0

    /// Since when writes fail (real seconds), and why; nil while they work.
    private(set) var failingSince: Double?
    private(set) var reason: String?
    /// The wait before the next try.
    private(set) var delay = 0.0
    /// Set when writes work again after failing: rows left inflight meanwhile are requeued.
    var recovered = false

    var failing: Bool { failingSince != nil }

    /// A write failed. Returns true when this is news (writes worked, or fail for another
    /// reason now): that is worth a log line.
    mutating func failed(_ error: StoreError, now: Double) -> Bool {
        let news = reason != error.reason
        if failingSince == nil { failingSince = now }
        reason = error.reason
        delay = delay == 0 ? Self.firstDelay : min(Self.longestDelay, delay * 2)
        return news
    }

    /// A write worked. Returns true when they had been failing.
    mutating func succeeded() -> Bool {
        guard failingSince != nil else { return false }
        failingSince = nil
        reason = nil
        delay = 0
        recovered = true
        return true
    }

    /// Whether writes have failed for longer than `limit` seconds by `now`.
    func stuck(longerThan limit: Double, now: Double) -> Bool {
        failingSince.map { now - $0 > limit } ?? false
    }
}
