import Foundation

/// Reads `store:`, a PostgreSQL URL or a mapping with the URL and where its password is.
extension YAMLDocument {
    static let storeKeys = ["url", "password", "password_file", "password_env", "heartbeat", "lease"]

    /// The shared store, or nil after reporting every mistake. A password is named, never quoted.
    func store(_ node: Node, resolve: (String) -> String) -> StoreSettings? {
        var map: [String: (key: Node, value: Node)] = [:]
        let urlNode: Node
        if case .scalar = node.content {
            urlNode = node
        } else {
            guard let m = mapping(node, allowed: Self.storeKeys, what: "store") else { return nil }
            guard let u = m["url"]?.value else {
                error(node, "store needs 'url' (e.g. postgresql://frist@db.kommune.dk:5432/frist?sslmode=verify-full)")
                return nil
            }
            map = m
            urlNode = u
        }
        guard let text = word(urlNode, what: "store url") else { return nil }
        guard let url = URLComponents(string: text), let scheme = url.scheme,
              ["postgresql", "postgres"].contains(scheme.lowercased()) else {
            error(urlNode, "store url must be a PostgreSQL URL, postgresql://user@host:5432/database (SQLite needs no store: it is the default, in state_dir)")
            return nil
        }
        var ok = true
        let host = url.host ?? ""
        if host.isEmpty { error(urlNode, "store url names no host (postgresql://user@host:5432/database)"); ok = false }
        let database = String(url.path.drop(while: { $0 == "/" }))
        if database.isEmpty || database.contains("/") {
            error(urlNode, "store url names no database (postgresql://user@host:5432/database)")
            ok = false
        }
        let username = url.user ?? ""
        if username.isEmpty { error(urlNode, "store url names no user (postgresql://user@host:5432/database)"); ok = false }
        let port = url.port ?? 5432
        if !(1...65_535).contains(port) { error(urlNode, "store url: port \(port) is not a port"); ok = false }
        var tls = StoreSettings.TLS.prefer
        var rootCertificate: String?
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                if let mode = StoreSettings.TLS(rawValue: item.value ?? "") {
                    tls = mode
                } else {
                    error(urlNode, "store url: sslmode '\(item.value ?? "")' is not one of "
                        + StoreSettings.TLS.allCases.map(\.rawValue).joined(separator: ", "))
                    ok = false
                }
            case "sslrootcert":
                rootCertificate = item.value.map(resolve)
            default:
                error(urlNode, "store url: unknown parameter '\(item.name)' (Frist reads sslmode and sslrootcert)")
                ok = false
            }
        }
        // Loopback traffic never leaves the host; anything else should be encrypted.
        if [.disable, .allow, .prefer].contains(tls), !["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) {
            diagnostics.warn(file, urlNode, "store url: sslmode=\(tls.rawValue) may send the password and the reminders unencrypted to \(host); use sslmode=verify-full")
        }
        let given = ["password", "password_file", "password_env"].filter { map[$0] != nil }
        var password = secret(map, "password", resolve: resolve)
        if given.count > 1, let n = map[given[1]]?.key {
            error(n, "store takes only one of \(given.joined(separator: ", "))")
            ok = false
        }
        if let inURL = url.password {
            if let n = given.first.flatMap({ map[$0]?.key }) {
                error(n, "store: the url has a password and \(given[0]) gives another; keep one")
                ok = false
            }
            password = .inline(inURL.removingPercentEncoding ?? inURL)
        }
        let heartbeat = map["heartbeat"].flatMap { duration($0.value, what: "store heartbeat") } ?? 1
        let lease = map["lease"].flatMap { duration($0.value, what: "store lease") } ?? 4
        if heartbeat < 1 { error(map["heartbeat"]?.value, "store heartbeat must be at least 1s"); ok = false }
        if lease < 2 * heartbeat {
            error(map["lease"]?.value ?? map["heartbeat"]?.value, "store lease (\(lease)s) must be at least twice the heartbeat (\(heartbeat)s): one late beat must not cost a node its claims")
            ok = false
        }
        guard ok else { return nil }
        return StoreSettings(host: host, port: port, username: username.removingPercentEncoding ?? username,
                             database: database.removingPercentEncoding ?? database, tls: tls,
                             rootCertificate: rootCertificate, password: password, heartbeat: heartbeat, lease: lease)
    }
}
