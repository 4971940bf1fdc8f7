import FristStore
import Synchronization

/// A node's hold on its claims in a shared store, as the node itself can tell: its claims last
/// `lease` seconds (the database's clock) past its last beat. The node measures from when it
/// *sent* that beat, on its monotonic clock, so it never believes in a lease the database has
/// already let go; it stops starting sends `margin` seconds before even that.
public final class Lease: Sendable {
    public let lease: Double
    public let heartbeat: Double
    private let margin: Double
    /// When the last successful beat was sent, and since when beats fail (monotonic seconds).
    private let state = Mutex<(lastBeat: Double?, failingSince: Double?)>((nil, nil))

    public init(lease: Double, heartbeat: Double) {
        self.lease = lease
        self.heartbeat = heartbeat
        margin = min(1, lease / 4)
    }

    /// A beat sent at `sentAt` came back: the claims last until `sentAt + lease`.
    /// - Returns: whether beats had been failing until now.
    @discardableResult
    func beat(sentAt: Double) -> Bool {
        state.withLock { s in
            let recovered = s.failingSince != nil
            s.lastBeat = max(s.lastBeat ?? sentAt, sentAt)
            s.failingSince = nil
            return recovered
        }
    }

    /// A beat failed at `now`. - Returns: whether that is news (the first failure).
    @discardableResult
    func failed(now: Double) -> Bool {
        state.withLock { s in
            guard s.failingSince == nil else { return false }
            s.failingSince = now
            return true
        }
    }

    /// Whether this node may start a send at `now`: its last beat is recent enough that its
    /// claims certainly still run.
    func fresh(now: Double = DaemonClock.monotonic()) -> Bool {
        freshUntil().map { now < $0 } ?? false
    }

    /// Until when (monotonic seconds) the node may start sends on its last beat; nil before the first.
    func freshUntil() -> Double? {
        state.withLock { s in s.lastBeat.map { $0 + lease - margin } }
    }

    /// How long (seconds) the store has been unreachable at `now`; 0 while beats succeed.
    func unreachableFor(now: Double = DaemonClock.monotonic()) -> Double {
        state.withLock { s in s.failingSince.map { now - $0 } ?? 0 }
    }
}

/// The last check before a send in a shared store: the node's lease is fresh and the rows still
/// carry the claims they were taken with (no other node took them over while this one froze).
struct Fence: Sendable {
    let store: any OutboxStore
    let lease: Lease
    /// One group per channel on its way out at a time, so that the check is the last step before the wire.
    let turns: Turnstile

    /// The rows of `items` this node may send now, and until when their requests may go out
    /// (monotonic seconds: past it, a transfer still waiting in the transport is withheld); no
    /// rows when its lease is stale or the store cannot say.
    func held(_ items: [Store.Item]) async -> (rows: Set<Store.RowID>, sendBy: Double) {
        guard let until = lease.freshUntil(), DaemonClock.monotonic() < until else { return ([], 0) }
        // The lease as it was before the check: what the check saw held under it.
        return ((try? await store.stillClaimed(items)) ?? [], until)
    }
}
