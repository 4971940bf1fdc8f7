import Foundation

/// Where the configuration is found: `--config`, else `$FRIST_CONFIG`, else
/// `/etc/frist/frist.yaml`, else `./config/frist.yaml`.
public struct ConfigLocation: Sendable, Equatable {
    public static let system = "/etc/frist/frist.yaml"
    public static let local = "config/frist.yaml"

    /// How the path was chosen: an admin who finds no config needs to know where Frist looked.
    public enum Source: Sendable, Equatable {
        case option
        case environment
        /// Neither was given: the first default that exists, else the last one.
        case defaults
    }

    public let path: String
    public let source: Source

    /// Resolves against the real file system.
    public static func resolve(explicit: String?, environment: [String: String]) -> ConfigLocation {
        resolve(explicit: explicit, environment: environment) { FileManager.default.fileExists(atPath: $0) }
    }

    public static func resolve(explicit: String?, environment: [String: String],
                               exists: (String) -> Bool) -> ConfigLocation {
        if let explicit, !explicit.isEmpty { return ConfigLocation(path: explicit, source: .option) }
        if let env = environment["FRIST_CONFIG"], !env.isEmpty { return ConfigLocation(path: env, source: .environment) }
        if exists(system) { return ConfigLocation(path: system, source: .defaults) }
        return ConfigLocation(path: local, source: .defaults)
    }

    /// One line naming every place looked, when there is no file at ``path``; nil when there is.
    public func missing() -> String? {
        missing(workingDirectory: FileManager.default.currentDirectoryPath) { FileManager.default.fileExists(atPath: $0) }
    }

    /// `workingDirectory` is where the relative default was looked for.
    public func missing(workingDirectory: String, exists: (String) -> Bool) -> String? {
        guard !exists(path) else { return nil }
        switch source {
        case .option:
            return "\(path): no such file (given with --config)"
        case .environment:
            return "\(path): no such file (given in $FRIST_CONFIG)"
        case .defaults:
            let here = (workingDirectory as NSString).appendingPathComponent(Self.local)
            return "no configuration found: looked for --config (not given), $FRIST_CONFIG (not set), "
                + "\(Self.system) and \(here); pass --config FILE (scripts/install puts one at /etc/frist/frist.yaml)"
        }
    }
}
