import FristConfig
import FristDelivery
import FristPostgres
import FristStore
import Logging
import Synchronization

/// The shared store `store:` names, opened for the length of `body`: its password resolved
/// (a secret: never shown), the PostgreSQL store with this node's name and lease. `onChange` is
/// called when another node or process writes (the daemon wakes its scheduler with it).
enum SharedStore {
    static func with<R: Sendable>(_ settings: StoreSettings, node: String, logger: Logger,
                                  onChange: (@Sendable () -> Void)? = nil,
                                  _ body: (any OutboxStore) async throws -> R) async throws -> R {
        let password: String?
        do {
            password = try settings.password.map {
                try SecretResolver(redactor: Redactor()).resolve($0, field: "password", channel: "store")
            }
        } catch {
            throw FristFailure("store \(settings.displayURL): \(error)")
        }
        return try await PostgresStore.withStore(PostgresConnection(settings, password: password), node: node,
                                                 lease: Double(settings.lease), logger: logger) { store in
            if let onChange { store.onChange(onChange) }
            return try await body(store)
        }
    }
}

/// Hands a store's change notifications to whoever comes to want them (the scheduler, which is
/// built after the store is open).
final class ChangeRelay: Sendable {
    private let target = Mutex<(@Sendable () -> Void)?>(nil)

    func forward(to handler: @escaping @Sendable () -> Void) { target.withLock { $0 = handler } }
    func fire() { target.withLock { $0 }?() }
}
