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
        let parsed: StoreSettings.URLParts
        switch StoreSettings.parse(url: text, resolve: resolve) {
        case .failure(let problem):
            error(urlNode, problem.message)
            return nil
        case .success(let parts):
            parsed = parts
        }
        var ok = true
        // Loopback traffic never leaves the host; anything else should be encrypted.
        if [.disable, .allow, .prefer].contains(parsed.tls),
           !["127.0.0.1", "::1", "localhost"].contains(parsed.host.lowercased()) {
            diagnostics.warn(file, urlNode, "store url: sslmode=\(parsed.tls.rawValue) may send the password and the reminders unencrypted to \(parsed.host); use sslmode=verify-full")
        }
        let given = ["password", "password_file", "password_env"].filter { map[$0] != nil }
        var password = secret(map, "password", resolve: resolve)
        if given.count > 1, let n = map[given[1]]?.key {
            error(n, "store takes only one of \(given.joined(separator: ", "))")
            ok = false
        }
        if let inURL = parsed.password {
            if let n = given.first.flatMap({ map[$0]?.key }) {
                error(n, "store: the url has a password and \(given[0]) gives another; keep one")
                ok = false
            }
            password = .inline(inURL)
        }
        let heartbeat = map["heartbeat"].flatMap { duration($0.value, what: "store heartbeat") } ?? 1
        let lease = map["lease"].flatMap { duration($0.value, what: "store lease") } ?? 4
        if heartbeat < 1 { error(map["heartbeat"]?.value, "store heartbeat must be at least 1s"); ok = false }
        if lease < 2 * heartbeat {
            error(map["lease"]?.value ?? map["heartbeat"]?.value, "store lease (\(lease)s) must be at least twice the heartbeat (\(heartbeat)s): one late beat must not cost a node its claims")
            ok = false
        }
        guard ok else { return nil }
        return StoreSettings(host: parsed.host, port: parsed.port, username: parsed.username, database: parsed.database,
                             tls: parsed.tls, rootCertificate: parsed.rootCertificate, password: password,
                             heartbeat: heartbeat, lease: lease)
    }
}
