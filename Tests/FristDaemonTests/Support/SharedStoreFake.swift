import Synchronization
@testable import FristStore
import FristCore

/// The embedded store dressed as a shared one, for the scheduler's decisions as a cluster node
/// where no database is the point: the test says which claims another node took over, and the
/// channels' token buckets are kept here, as a shared store keeps them for all nodes. The
/// PostgreSQL store itself is tested against a real server (FristStoreTests).
final class SharedStoreFake: OutboxStore {
    let store: Store
    private let state = Mutex<(takenOver: Set<Store.RowID>, buckets: [String: Store.RateBucket], fenceChecks: Int)>(([], [:], 0))

    init(_ store: Store) { self.store = store }

    /// A channel's budget as another node left it.
    func seed(_ channel: String, _ bucket: Store.RateBucket) { state.withLock { $0.buckets[channel] = bucket } }

    /// Another node claimed `row` since this one did.
    func takeOver(_ row: Store.RowID) { state.withLock { _ = $0.takenOver.insert(row) } }
    var fenceChecks: Int { state.withLock { $0.fenceChecks } }

    var path: String { store.path }
    var isShared: Bool { true }

    func stillClaimed(_ items: [Store.Item]) -> Set<Store.RowID> {
        state.withLock { s in
            s.fenceChecks += 1
            return Set(items.map(\.id)).subtracting(s.takenOver)
        }
    }
    func heartbeat(_ node: Store.NodeBeat) -> [Store.Node] { [] }
    func nodes() -> [Store.Node] { [] }
    func withRateBucket<R: Sendable>(channel: String, _ body: @escaping @Sendable (inout Store.RateBucket, Double) -> R) -> R? {
        state.withLock { s in
            var bucket = s.buckets[channel] ?? Store.RateBucket(tokens: nil, last: nil)
            // The database's clock: the scheduler's delays are relative, so any clock that moves will do.
            let result = body(&bucket, bucket.last ?? 0)
            s.buckets[channel] = bucket
            return result
        }
    }

    func lastPlanned() throws -> Int64? { try store.lastPlanned() }
    func setLastPlanned(_ instant: Int64) throws { try store.setLastPlanned(instant) }
    func recordSkipped(_ entries: [Store.Planned], reason: String) throws -> Int { try store.recordSkipped(entries, reason: reason) }
    func drainStep(finishing finished: [Store.Finished], enqueueing entries: [Store.Planned], plannedThrough: Int64?,
                   claimingDueAt now: Double, limit: Int, excluding: Set<String>) throws -> (added: Int, claimed: [Store.Item]) {
        // What another node took over is its own: this node's late word on it moves nothing.
        let takenOver = state.withLock { $0.takenOver }
        let finished = finished.filter { !takenOver.contains(Store.RowID(key: $0.key, channel: $0.channel)) }
        return try store.drainStep(finishing: finished, enqueueing: entries, plannedThrough: plannedThrough,
                            claimingDueAt: now, limit: limit, excluding: excluding)
    }
    func nextAttemptAt(excluding: Set<String>) throws -> Double? { try store.nextAttemptAt(excluding: excluding) }
    func waiting(channel: String) throws -> (count: Int, nextAttemptAt: Double?) { try store.waiting(channel: channel) }
    func requeueInflight() throws -> Int { try store.requeueInflight() }
    func releaseHeld(now: Double) throws -> Int { try store.releaseHeld(now: now) }
    func dropExpiredHeld(now: Double, reason: String) throws -> Int { try store.dropExpiredHeld(now: now, reason: reason) }
    func acknowledge(_ target: String, doneOn: String, note: String?, at: Double) throws -> Int {
        try store.acknowledge(target, doneOn: doneOn, note: note, at: at)
    }
    func unacknowledge(_ target: String) throws -> (removed: Bool, restored: Int) { try store.unacknowledge(target) }
    func acknowledgements() throws -> [Store.Ack] { try store.acknowledgements() }
    func acknowledgementSet() throws -> Acknowledgements { try store.acknowledgementSet() }
    func cancelPending(acknowledged target: String) throws -> Int { try store.cancelPending(acknowledged: target) }
    func changedElsewhere(consume: Bool) throws -> Bool { try store.changedElsewhere(consume: consume) }
    func summary() throws -> Store.Summary { try store.summary() }
    func history(since: Double, limit: Int) throws -> [Store.Item] { try store.history(since: since, limit: limit) }
    func skipped(limit: Int) throws -> [Store.Item] { try store.skipped(limit: limit) }
    func retryDead(keys: [String]?) throws -> (requeued: [Store.Item], missing: [String]) { try store.retryDead(keys: keys) }
}
