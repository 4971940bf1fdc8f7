import FristConfig
import FristCore
import FristStore
import Foundation

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

    /// The acknowledgements in the state. Reading never creates one: without a state, none
    /// (for a plan, as in `upcoming`), or, when `required`, the missing-state error.
    static func acknowledgements(_ config: FristConfig, required: Bool = false) throws -> Acknowledgements {
        guard required || access(location(config).database, F_OK) == 0 else { return Acknowledgements([]) }
        do {
            return try open(config, creating: false).acknowledgementSet()
        } catch let failure as FristFailure {
            throw failure
        } catch {
            throw FristFailure("\(error)")
        }
    }
}
