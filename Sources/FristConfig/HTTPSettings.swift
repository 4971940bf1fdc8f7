/// The daemon's optional HTTP listener (`http:`): the overview page, `/status.json`,
/// `/calendar.ics`, `/metrics`, `/healthz`, and `POST /ack/…`.
///
/// ```yaml
/// http:
///   listen: "127.0.0.1:9464"       # host:port; [::1]:9464 for IPv6
///   token_file: /etc/frist/http-token   # or token_env; required off loopback
///   public_url: https://frist.kommune.dk  # offer signed "mark it done" links in reminders
///   link_key_file: /etc/frist/link-key    # the HMAC key that signs them (or link_key_env)
///   link_ttl: 30d                          # how long a link works after its reminder
/// ```
public struct HTTPSettings: Sendable, Hashable {
    /// The address to bind: a name or an IP address (IPv6 without brackets).
    public let host: String
    public let port: Int
    /// The bearer token that mutating requests must carry; nil: they are refused.
    public let token: Secret?
    /// Where people reach the listener (through a proxy, say); set, reminders offer signed
    /// ack links.
    public let publicURL: String?
    /// The key that signs ack links.
    public let linkKey: Secret?
    /// How long an ack link works after its reminder goes out (seconds).
    public let linkLifetime: Int

    public init(host: String, port: Int, token: Secret?, publicURL: String? = nil, linkKey: Secret? = nil,
                linkLifetime: Int = 30 * 86_400) {
        self.host = host
        self.port = port
        self.token = token
        self.publicURL = publicURL
        self.linkKey = linkKey
        self.linkLifetime = linkLifetime
    }

    /// The overview page as people reach it (`public_url` + `/`); nil without a public address.
    public var overviewURL: String? { publicURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } }

    /// Whether only this machine can reach the listener.
    public var isLoopback: Bool { Self.isLoopback(host) }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension YAMLDocument {
    static let httpKeys = ["listen", "token", "token_file", "token_env", "public_url", "link_key", "link_key_file",
                           "link_key_env", "link_ttl"]

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
        var publicURL: String?
        if let n = map["public_url"]?.value, let url = word(n, what: "http.public_url") {
            if url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8 {
                publicURL = url
            } else {
                error(n, "http.public_url '\(url)' must be an http:// or https:// address, e.g. https://frist.kommune.dk")
            }
        }
        let linkKey = secret(map, "link_key", resolve: resolve)
        if map["public_url"] != nil && linkKey == nil {
            error(map["public_url"]?.key, "http.public_url offers ack links in reminders: set http.link_key_file (or link_key_env) to sign them")
        }
        let lifetime = map["link_ttl"].flatMap { duration($0.value, what: "http.link_ttl") } ?? 30 * 86_400
        return HTTPSettings(host: host, port: port, token: token, publicURL: publicURL, linkKey: linkKey,
                            linkLifetime: lifetime)
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
