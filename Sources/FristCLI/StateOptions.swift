import FristConfig
import FristCore
import FristStore
import Foundation
import Logging

/// The state a command works on: the daemon's (``StateLocation``), opened as its owner.
enum StateAccess {
    static func location(_ config: FristConfig) -> StateLocation {
        StateLocation(config: config, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the config's state. A command that only reads (`creating: false`) never creates
    /// one: a missing state is an error naming where it looked. Run as root on a state owned
    /// by another user (the service's), the command becomes that user first, so every file it
    /// leaves (the WAL and shared-memory files too) stays the daemon's.
    static func open(_ config: FristConfig, creating: Bool) throws -> Store {
        let location = location(config)
        if !creating && access(location.database, F_OK) != 0 {
            throw FristFailure("no state at \(location.database): the daemon has not run with \(config.path) yet, "
                + "or it keeps its state elsewhere (check state_dir in the config)")
        }
        try StateOwner.become(ownerOf: location.database)
        let store: Store
        do {
            store = try Store(directory: location.directory)
        } catch {
            throw FristFailure("\(error)")
        }
        // A state that starts empty may be a mistyped path or a wiped one: never silently.
        if store.created { FileHandle.standardError.write(Data("created a new, empty state at \(store.path)\n".utf8)) }
        return store
    }

    /// Runs `body` on the state the config names: the shared store (`store:`), or the SQLite
    /// state as ``open(_:creating:)`` opens it. A store's failure is one line, exit 1.
    static func with<R: Sendable>(_ config: FristConfig, creating: Bool,
                                  _ body: (any OutboxStore) async throws -> R) async throws -> R {
        do {
            if let settings = config.store {
                return try await SharedStore.with(settings, node: "frist-\(ProcessInfo.processInfo.hostName)-\(getpid())",
                                                  logger: quiet) { try await body($0) }
            }
            return try await body(try open(config, creating: creating))
        } catch let error as StoreError {
            throw FristFailure(error.description)
        }
    }

    /// A command's own connection logs nothing: its errors are its one line.
    private static let quiet = Logger(label: "frist.cli", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The acknowledgements in the state. Reading never creates one: without a state, none
    /// (for a plan, as in `upcoming`), or, when `required`, the missing-state error.
    static func acknowledgements(_ config: FristConfig, required: Bool = false) async throws -> Acknowledgements {
        guard required || config.store != nil || access(location(config).database, F_OK) == 0 else {
            return Acknowledgements([])
        }
        do {
            return try await with(config, creating: false) { try await $0.acknowledgementSet() }
        } catch let failure as FristFailure {
            throw failure
        } catch {
            throw FristFailure("\(error)")
        }
    }
}
