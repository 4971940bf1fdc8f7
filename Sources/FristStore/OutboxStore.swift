public import FristCore

/// What the daemon (the scheduler and the HTTP listener) needs from durable state: record due
/// reminders, claim them, finish them, requeue what was in flight, acknowledgements, summaries.
/// ``Store`` on SQLite is the first implementation; a shared store for several nodes is the next.
///
/// Every method runs in its own transaction and throws ``StoreError``.
public protocol OutboxStore: Sendable {
    /// Where the state is, for messages (a file path, or a database URL without its secret).
    var path: String { get }

    // Planning and sending.
    func lastPlanned() throws -> Int64?
    func setLastPlanned(_ instant: Int64) throws
    @discardableResult
    func recordSkipped(_ entries: [Store.Planned], reason: String) throws -> Int
    func drainStep(finishing finished: [Store.Finished], enqueueing entries: [Store.Planned],
                   plannedThrough: Int64?, claimingDueAt now: Double, limit: Int,
                   excluding: Set<String>) throws -> (added: Int, claimed: [Store.Item])
    func nextAttemptAt(excluding: Set<String>) throws -> Double?
    func waiting(channel: String) throws -> (count: Int, nextAttemptAt: Double?)

    // Recovery and reloads.
    func requeueInflight() throws -> Int
    func releaseHeld(now: Double) throws -> Int
    func dropExpiredHeld(now: Double, reason: String) throws -> Int

    // Acknowledgements.
    @discardableResult
    func acknowledge(_ target: String, doneOn: String, note: String?, at: Double) throws -> Int
    func acknowledgements() throws -> [Store.Ack]
    func acknowledgementSet() throws -> Acknowledgements
    func cancelPending(acknowledged target: String) throws -> Int

    /// Whether another process or node wrote since the last look (`consume: false` only looks).
    func changedElsewhere(consume: Bool) throws -> Bool

    func summary() throws -> Store.Summary
}

extension Store: OutboxStore {}
