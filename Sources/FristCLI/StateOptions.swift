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
        do {
            return try Store(directory: directory(for: config))
        } catch {
            throw FristFailure("\(error)")
        }
    }
}
