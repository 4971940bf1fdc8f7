import FristConfig
import FristStore
import Logging
import Synchronization

/// The shared store `store:` names, opened for the length of `body`. `onChange` is called when
/// another node or process writes (the daemon wakes its scheduler with it).
enum SharedStore {
    static func with<R: Sendable>(_ settings: StoreSettings, node: String, logger: Logger,
                                  onChange: @escaping @Sendable () -> Void = {},
                                  _ body: (any OutboxStore) async throws -> R) async throws -> R {
        throw FristFailure("store: \(settings.displayURL): PostgreSQL support is being merged")
    }
}

/// Hands a store's change notifications to whoever comes to want them (the scheduler, which is
/// built after the store is open).
final class ChangeRelay: Sendable {
    private let target = Mutex<(@Sendable () -> Void)?>(nil)

    func forward(to handler: @escaping @Sendable () -> Void) { target.withLock { $0 = handler } }
    func fire() { target.withLock { $0 }?() }
}
