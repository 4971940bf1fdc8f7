import Foundation

/// A cluster node's name: `--node`, else `$FRIST_NODE`, else the host name and process id
/// (unique on a host, and a restart is a new node: what the old one had in flight goes by its lease).
enum NodeName {
    static func resolve(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given, !given.isEmpty { return given }
        if let named = environment["FRIST_NODE"], !named.isEmpty { return named }
        return "\(ProcessInfo.processInfo.hostName)-\(getpid())"
    }
}
