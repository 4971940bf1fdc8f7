internal import Foundation
public import FristStore
public import Logging
internal import PostgresNIO
internal import Synchronization

/// ``OutboxStore`` on PostgreSQL, shared by the nodes of a cluster (issue 14).
///
/// Rows are claimed with `FOR UPDATE SKIP LOCKED` under a lease on the database's clock; each
/// claim counts the row's `claim` up (a fencing token), so a node that froze past its lease can
/// tell, and its late results do not move a row another node took over. Writes others must
/// notice (new rows, acknowledgements, retries) send `NOTIFY frist` in their transaction; each
/// store listens on its own connection.
///
/// Open one with ``withStore(_:node:lease:timeout:logger:_:)``: it runs the connection pool and
/// the listener for as long as the body runs. Every method throws ``StoreError``, one line naming
/// ``path`` (the URL without its password); a database that cannot be reached is `.unreachable`.
public final class PostgresStore: OutboxStore {
    /// The database's URL without any password.
    public let path: String
    public var isShared: Bool { true }
    /// This node's name: its claims and its heartbeat go by it.
    public let node: String
    /// How long (seconds) a claim lasts without a heartbeat renewing it.
    public let lease: Double
    /// How long an operation may wait for the database before it fails as `.unreachable`.
    public let timeout: Double

    let client: PostgresClient
    let logger: Logger
    /// What this store's NOTIFYs say: its node's name and an id of its own, so that another
    /// store of the same node (`frist ack` on the node's host) still counts as elsewhere.
    let payload: String
    /// Whether a NOTIFY from elsewhere came since the last consuming look.
    let notified = Mutex(false)
    let handlers = Mutex<[@Sendable () -> Void]>([])
    /// Which operation holds which connection, so that a connection's closing ends its operation.
    let connections = ConnectionWatch()

    init(client: PostgresClient, path: String, node: String, lease: Double, timeout: Double, logger: Logger) {
        self.client = client
        self.path = path
        self.node = node
        self.lease = lease
        self.timeout = timeout
        self.logger = logger
        payload = node + " " + UUID().uuidString
    }

    /// Opens the store at `connection` for `body`: checks the database can be reached, brings
    /// its schema up to date (once, under an advisory lock, however many nodes start together),
    /// runs postgres-nio's pool and the LISTEN loop as child tasks for as long as `body` runs,
    /// then ends them.
    ///
    /// - Parameters:
    ///   - node: this node's name (claims, heartbeats, `frist status`).
    ///   - lease: seconds a claim lasts without a heartbeat.
    ///   - timeout: seconds an operation waits for the database before failing as `.unreachable`.
    /// - Throws: ``StoreError`` (`cannot open state database <url>: …`) if it cannot be opened;
    ///   whatever `body` throws.
    public static func withStore<R: Sendable>(
        _ connection: PostgresConnection, node: String, lease: Double = 4, timeout: Double = 10, logger: Logger,
        _ body: (PostgresStore) async throws -> R
    ) async throws -> R {
        let path = connection.displayURL
        try await migrate(connection, path: path, timeout: timeout, logger: logger)
        // The pool's own chatter (each connection attempt that fails while the database restarts)
        // stays out of the journal: the store's errors say what matters, once.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: connection.clientConfiguration(connectTimeout: min(timeout, 10)),
                                    backgroundLogger: background)
        let store = PostgresStore(client: client, path: path, node: node, lease: lease, timeout: timeout, logger: logger)
        let (listening, listened) = AsyncStream.makeStream(of: Void.self)
        return try await withThrowingTaskGroup(of: Void.self, returning: R.self) { group in
            group.addTask { await client.run() }
            group.addTask { await store.listen(ready: listened) }
            // Writes made elsewhere before the LISTEN runs would go unnoticed: wait for it (bounded).
            let ready = await Self.first(of: listening, within: timeout)
            if !ready { logger.warning("state database \(path): not listening for other nodes' writes yet") }
            do {
                let result = try await body(store)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Connects once, on a connection of its own (so that a wrong password or a missing database
    /// says so at once, not after the pool's retries), and migrates.
    private static func migrate(_ connection: PostgresConnection, path: String, timeout: Double, logger: Logger)
        async throws
    {
        do {
            let configuration = try connection.connectionConfiguration(connectTimeout: min(timeout, 10))
            try await Deadline.run(timeout) { _ in
                let single = try await PostgresNIO.PostgresConnection.connect(configuration: configuration, id: 0,
                                                                              logger: logger)
                do {
                    try await PostgresMigrations.migrate(single, logger: logger)
                    try? await single.close()
                } catch {
                    try? await single.close()
                    throw error
                }
            }
        } catch {
            if error is CancellationError { throw error }
            throw StoreError.postgres(path, error, opening: true)
        }
    }

    /// Whether `stream` yields within `seconds`.
    private static func first(of stream: AsyncStream<Void>, within seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in stream { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    // MARK: Running statements

    /// Runs `operation` on a connection of the pool within the store's timeout, every failure a
    /// ``StoreError``. The operation ends early, as unreachable, if its connection closes (the
    /// pool's ``connections`` watch tells): postgres-nio 1.33.2 leaves a statement written just
    /// as the connection closed unanswered (see ``Deadline``). Past the timeout the connection
    /// is closed, which fails a statement waiting on it.
    func run<T: Sendable>(_ operation: @escaping @Sendable (PostgresNIO.PostgresConnection) async throws -> T)
        async throws -> T
    {
        let client = client
        let connections = connections
        do {
            return try await Deadline.run(timeout, onTimeout: { cutoff in connections.closeHeld(by: cutoff) }) { cutoff in
                try await client.withConnection { connection in
                    connections.hold(connection, for: cutoff)
                    defer { connections.release(connection) }
                    return try await operation(connection)
                }
            }
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            throw StoreError.postgres(path, error)
        }
    }

    /// Runs `body` in one transaction on a connection of the pool.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresNIO.PostgresConnection) async throws -> T)
        async throws -> T
    {
        let logger = logger
        return try await run { connection in
            try await connection.inTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Tells the other stores on the database that something changed (delivered at commit).
    func notify(_ connection: PostgresNIO.PostgresConnection) async throws {
        try await connection.statement("SELECT 1 FROM (SELECT pg_notify('frist', \(payload))) AS sent", logger: logger)
    }
}
