import Foundation
import FristConfig
@testable import FristPostgres
@testable import FristStore
import FristTestSupport
import Logging

/// The two implementations of ``OutboxStore`` the behaviour suite runs against.
enum StoreKind: String, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// What the tests read straight from a store's tables, the same way for both.
protocol ProbedStore: OutboxStore {
    func probe(_ key: String, _ channel: String) async throws -> Store.Item?
    func outcomes(_ key: String, _ channel: String) async throws -> [String]
}

extension Store: ProbedStore {
    func probe(_ key: String, _ channel: String) throws -> Store.Item? { try item(key: key, channel: channel) }
    func outcomes(_ key: String, _ channel: String) throws -> [String] {
        try attempts(key: key, channel: channel).map(\.outcome)
    }
}

extension PostgresStore: ProbedStore {
    func probe(_ key: String, _ channel: String) async throws -> Store.Item? { try await item(key: key, channel: channel) }
    func outcomes(_ key: String, _ channel: String) async throws -> [String] {
        try await attemptOutcomes(key: key, channel: channel)
    }
}

/// Quiet: the tests read what the stores return, not their logs.
let quietLogger = Logger(label: "frist.tests.store") { _ in SwiftLogNoOpLogHandler() }

/// A fresh database on the shared test server; its connection.
func freshPostgres() async throws -> (server: PostgresServer, connection: PostgresConnection) {
    let server = try await PostgresServer.shared
    let database = try await server.createDatabase()
    return (server, try storeConnection(server.url(database: database)))
}

/// A connection to `url` as `store:` would give it (the password from the URL unless `password`).
func storeConnection(_ url: String, password: String? = nil) throws -> PostgresConnection {
    let parts = try StoreSettings.parse(url: url).get()
    let settings = StoreSettings(host: parts.host, port: parts.port, username: parts.username, database: parts.database,
                                 tls: parts.tls, rootCertificate: parts.rootCertificate, password: nil,
                                 heartbeat: 1, lease: 4)
    return PostgresConnection(settings, password: password ?? parts.password)
}

/// Opens one store per name in `nodes`, all on one fresh state (a SQLite file, a PostgreSQL
/// database), for `body`. A lease is real seconds: long, unless a test is about one running out
/// (a busy test machine must not outlast it).
func withStores(_ kind: StoreKind, nodes: [String] = ["node-a"], lease: Double = 3_600,
                _ body: ([any ProbedStore]) async throws -> Void) async throws {
    switch kind {
    case .sqlite:
        let folder = try TemporaryFolder()
        let stores = try nodes.map { _ in try Store(directory: folder.path + "/state") }
        try await body(stores)
        withExtendedLifetime(folder) {}
    case .postgres:
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: nodes, lease: lease) { try await body($0) }
    }
}

/// Opens a ``PostgresStore`` per name in `nodes` on `connection`, each with `lease`.
func withPostgresStores(_ connection: PostgresConnection, nodes: [String], lease: Double = 3_600,
                        _ body: ([PostgresStore]) async throws -> Void) async throws {
    func open(_ remaining: ArraySlice<String>, _ opened: [PostgresStore]) async throws {
        guard let name = remaining.first else { return try await body(opened) }
        // A busy test machine is slower than a database in production: a minute before unreachable.
        try await PostgresStore.withStore(connection, node: name, lease: lease, timeout: 60, logger: quietLogger) { store in
            try await open(remaining.dropFirst(), opened + [store])
        }
    }
    try await open(nodes[...], [])
}

extension OutboxStore {
    /// Adds `entries` (nothing claimed); how many were new.
    @discardableResult
    func enqueue(_ entries: [Store.Planned]) async throws -> Int {
        try await drainStep(finishing: [], enqueueing: entries, plannedThrough: nil, claimingDueAt: 0, limit: 0,
                            excluding: []).added
    }

    /// Claims up to `limit` rows due at `now`.
    func claim(now: Double, limit: Int = 100, excluding: Set<String> = []) async throws -> [Store.Item] {
        try await drainStep(finishing: [], enqueueing: [], plannedThrough: nil, claimingDueAt: now, limit: limit,
                            excluding: excluding).claimed
    }

    /// Records `results` for the claimed `items` (attempts finished at `at`).
    func finish(_ results: [(Store.Item, Store.Result)], at: Double, status: Int = 200) async throws {
        let finished = results.map { item, result in
            Store.Finished(key: item.key, channel: item.channel, at: at, status: status, reply: "reply",
                           seconds: 0.1, result: result, claim: item.claim)
        }
        _ = try await drainStep(finishing: finished, enqueueing: [], plannedThrough: nil, claimingDueAt: 0, limit: 0,
                                excluding: [])
    }
}
