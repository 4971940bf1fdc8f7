import FristConfig
import FristStore
import Foundation

/// Where the state lives: `state_dir` from the config, else `$STATE_DIRECTORY` (systemd's
/// StateDirectory=), else `./.frist-state`.
enum StateLocation {
    static func directory(for config: FristConfig) -> String {
        if let dir = config.stateDirectory { return dir }
        if let env = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], !env.isEmpty {
            return String(env.split(separator: ":").first ?? Substring(env))
        }
        return ".frist-state"
    }

    static func open(_ config: FristConfig) throws -> Store {
        let store: Store
        do {
            store = try Store(directory: directory(for: config))
        } catch {
            throw FristFailure("\(error)")
        }
        // A state that starts empty may be a mistyped path or a wiped one: never silently.
        if store.created { FileHandle.standardError.write(Data("created a new, empty state at \(store.path)\n".utf8)) }
        return store
    }
}
