/// Where a config's state lives, decided the same way by the daemon and by every command, so
/// that `sudo frist ack` from any folder reaches the state the daemon reads.
public struct StateLocation: Sendable, Equatable {
    /// How the place was found.
    public enum Source: Sendable, Equatable {
        /// `state_dir` in the config.
        case config
        /// `$STATE_DIRECTORY` (systemd's `StateDirectory=`): a command run outside the unit
        /// does not have it, so the daemon warns.
        case environment
        /// `.frist-state` in the config file's folder, never the working folder.
        case besideConfig
    }

    public let directory: String
    public let source: Source

    /// `<directory>/frist.sqlite`.
    public var database: String { directory.hasSuffix("/") ? directory + "frist.sqlite" : directory + "/frist.sqlite" }

    /// `state_dir` from the config; else `$STATE_DIRECTORY` (empty counts as unset; of a list
    /// the first); else `.frist-state` beside the config file.
    public init(config: FristConfig, environment: [String: String]) {
        if let configured = config.stateDirectory {
            self.init(directory: configured, source: .config)
        } else if let systemd = environment["STATE_DIRECTORY"], let first = systemd.split(separator: ":").first,
                  !first.isEmpty {
            self.init(directory: String(first), source: .environment)
        } else {
            let slash = config.path.lastIndex(of: "/")
            let folder = slash.map { String(config.path[...$0]) } ?? ""
            self.init(directory: folder + ".frist-state", source: .besideConfig)
        }
    }

    public init(directory: String, source: Source) {
        self.directory = directory
        self.source = source
    }
}
