import Foundation

/// Where the configuration is found: `--config`, else `$FRIST_CONFIG`, else
/// `/etc/frist/frist.yaml`, else `./config/frist.yaml`.
public enum ConfigLocation {
    public static let system = "/etc/frist/frist.yaml"
    public static let local = "config/frist.yaml"

    /// Resolves against the real file system.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        resolve(explicit: explicit, environment: environment) { FileManager.default.fileExists(atPath: $0) }
    }

    public static func resolve(explicit: String?, environment: [String: String],
                               exists: (String) -> Bool) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["FRIST_CONFIG"], !env.isEmpty { return env }
        if exists(system) { return system }
        return local
    }
}
