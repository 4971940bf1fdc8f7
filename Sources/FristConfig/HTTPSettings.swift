/// The daemon's optional HTTP listener (`http:`): the overview page, `/status.json`,
/// `/calendar.ics`, `/metrics`, `/healthz`, and `POST /ack/…`.
///
/// ```yaml
/// http:
///   listen: "127.0.0.1:9464"       # host:port; [::1]:9464 for IPv6
///   token_file: /etc/frist/http-token   # or token_env; required off loopback
/// ```
public struct HTTPSettings: Sendable, Hashable {
    /// The address to bind: a name or an IP address (IPv6 without brackets).
    public let host: String
    public let port: Int
    /// The bearer token that mutating requests must carry; nil: they are refused.
    public let token: Secret?

    public init(host: String, port: Int, token: Secret?) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Whether only this machine can reach the listener.
    public var isLoopback: Bool { Self.isLoopback(host) }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension YAMLDocument {
    static let httpKeys = ["listen", "token", "token_file", "token_env"]

    /// Reads `http:`; a listener reachable from other machines must have a token.
    func http(_ node: Node, resolve: (String) -> String) -> HTTPSettings? {
        guard let map = mapping(node, allowed: Self.httpKeys, what: "http") else { return nil }
        guard let listenNode = map["listen"]?.value else {
            error(node, "http needs 'listen' (host:port, e.g. \"127.0.0.1:9464\")")
            return nil
        }
        guard let listen = word(listenNode, what: "http.listen") else { return nil }
        guard let (host, port) = Self.hostAndPort(listen) else {
            error(listenNode, "http.listen '\(listen)' must be host:port with a port from 1 to 65535, e.g. \"127.0.0.1:9464\"")
            return nil
        }
        let token = secret(map, "token", resolve: resolve)
        if token == nil && !HTTPSettings.isLoopback(host) {
            error(listenNode, "http.listen '\(listen)' is reachable from other machines: set http.token_file (or token_env) so that acknowledging needs a token")
            return nil
        }
        return HTTPSettings(host: host, port: port, token: token)
    }

    /// `host:port`, `[v6]:port`.
    static func hostAndPort(_ text: String) -> (String, Int)? {
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65_535).contains(port) else { return nil }
        return (String(host), port)
    }
}
