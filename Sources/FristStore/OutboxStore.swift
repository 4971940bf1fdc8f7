public import FristCore

/// What the daemon (the scheduler and the HTTP listener) and the CLI need from durable state:
/// record due reminders, claim them, finish them, requeue what was in flight, acknowledgements,
/// summaries. ``Store`` on SQLite is the embedded one (one daemon per state); `PostgresStore`
/// (`FristPostgres`) is shared by the nodes of a cluster.
///
/// Every method runs in its own transaction and throws ``StoreError``. Times called `now` are
/// the daemon's clock (which may be simulated); leases and heartbeats of a shared store use the
/// database's own clock, so the nodes' clocks need not agree.
///
/// The behaviour every implementation must show is one test suite run against each
/// (`Tests/FristStoreTests/OutboxStoreBehaviourTests.swift`).
public protocol OutboxStore: Sendable {
    /// Where the state is, for messages: a file path, or a database URL without its secret.
    var path: String { get }
    /// Whether several daemons may share this store (a cluster): no state lock, claims leased.
    var isShared: Bool { get }

    // MARK: Planning and sending

    /// The last instant (UTC seconds) the daemon, or any node, planned through; nil before the first run.
    func lastPlanned() async throws -> Int64?
    /// Moves the planned-through instant to `instant`. A shared store never moves it back: two
    /// nodes planning the same window agree on where it ends.
    func setLastPlanned(_ instant: Int64) async throws
    /// Records new rows as skipped, with `reason`; rows already there are left as they are.
    @discardableResult
    func recordSkipped(_ entries: [Store.Planned], reason: String) async throws -> Int
    /// One step of the drain, in one transaction: records `finished` attempts, adds `entries`
    /// (a key and channel already there is left as it is: planning is idempotent), moves the
    /// planned-through instant to `plannedThrough` if given, then claims up to `limit` rows due
    /// at `now` (pending, or in a shared store inflight under a lease that ran out), oldest
    /// first, skipping the channels in `excluding`. Each claimed row carries a new ``Store/Item/claim``.
    ///
    /// A finished attempt whose row was claimed again since (another node took it over) is
    /// recorded in the history but does not move the row.
    func drainStep(finishing finished: [Store.Finished], enqueueing entries: [Store.Planned],
                   plannedThrough: Int64?, claimingDueAt now: Double, limit: Int,
                   excluding: Set<String>) async throws -> (added: Int, claimed: [Store.Item])
    /// When there is next work: the earliest retry of a pending row (of the channels not in
    /// `excluding`) or end of a hold; nil if none.
    func nextAttemptAt(excluding: Set<String>) async throws -> Double?
    /// A channel's backlog: rows waiting (pending or inflight) and the earliest next try.
    func waiting(channel: String) async throws -> (count: Int, nextAttemptAt: Double?)

    // MARK: Several nodes

    /// The claims of `items` this node still holds, checked at the last moment before sending
    /// (the fencing token): a row another node took over after this one froze is not sent.
    func stillClaimed(_ items: [Store.Item]) async throws -> Set<Store.RowID>
    /// Says this node is alive and renews the leases of the rows it has in flight; returns the
    /// nodes of the cluster as the database sees them. An embedded store has no cluster: `[]`.
    func heartbeat(_ node: Store.NodeBeat) async throws -> [Store.Node]
    /// The nodes that have beaten (for `frist status`); `[]` for an embedded store.
    func nodes() async throws -> [Store.Node]
    /// Reads and updates a channel's shared send budget in one transaction, handing `body` the
    /// bucket and the database's clock; nil for an embedded store (its daemon keeps its own).
    func withRateBucket<R: Sendable>(channel: String, _ body: @escaping @Sendable (inout Store.RateBucket, Double) -> R) async throws -> R?

    // MARK: Recovery and reloads

    /// Rows this daemon (this node) left inflight go back to pending, to be sent again under
    /// the same keys. A shared store leaves other nodes' rows to their leases.
    func requeueInflight() async throws -> Int
    /// Held rows go back to pending, due at `now`.
    func releaseHeld(now: Double) async throws -> Int
    /// Held rows whose hold ran out by `now` are skipped with `reason`.
    func dropExpiredHeld(now: Double, reason: String) async throws -> Int

    // MARK: Acknowledgements

    /// Records `target` as done and drops its queued reminders; returns how many were dropped.
    @discardableResult
    func acknowledge(_ target: String, doneOn: String, note: String?, at: Double) async throws -> Int
    /// Undoes an acknowledgement: the rows it cancelled are due again at once, same keys.
    func unacknowledge(_ target: String) async throws -> (removed: Bool, restored: Int)
    func acknowledgements() async throws -> [Store.Ack]
    func acknowledgementSet() async throws -> Acknowledgements
    /// Pending rows of an acknowledged target are skipped as `acknowledged`.
    func cancelPending(acknowledged target: String) async throws -> Int

    /// Whether another process or node wrote since the last look (`consume: false` only looks).
    func changedElsewhere(consume: Bool) async throws -> Bool

    // MARK: Reading, for people

    func summary() async throws -> Store.Summary
    /// Rows delivered at or after `since`, newest first, at most `limit`.
    func history(since: Double, limit: Int) async throws -> [Store.Item]
    /// The most recently skipped rows, latest first.
    func skipped(limit: Int) async throws -> [Store.Item]
    /// Dead letters back to the queue, all of them or those of `keys`; nothing if one of `keys` has none.
    func retryDead(keys: [String]?) async throws -> (requeued: [Store.Item], missing: [String])
}

extension Store: OutboxStore {
    public var isShared: Bool { false }

    /// One daemon per SQLite state (its lock): every claim is its own until it finishes.
    public func stillClaimed(_ items: [Store.Item]) -> Set<Store.RowID> { Set(items.map(\.id)) }
    public func heartbeat(_ node: Store.NodeBeat) -> [Store.Node] { [] }
    public func nodes() -> [Store.Node] { [] }
    public func withRateBucket<R: Sendable>(channel: String, _ body: @escaping @Sendable (inout Store.RateBucket, Double) -> R) -> R? { nil }
}
