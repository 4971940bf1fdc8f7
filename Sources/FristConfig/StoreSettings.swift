import Foundation

/// `store:`: the shared PostgreSQL database several nodes of a cluster use instead of the SQLite
/// state in `state_dir`. Parsed once at load, so a mistake is one line at its place.
public struct StoreSettings: Sendable, Hashable {
    /// `sslmode` as libpq spells it.
    public enum TLS: String, Sendable, Hashable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public let host: String
    public let port: Int
    public let username: String
    public let database: String
    public let tls: TLS
    /// `sslrootcert`: the CA bundle that signs the server's certificate; nil: the system's.
    public let rootCertificate: String?
    /// `password_file`, `password_env`, `password`, or the password in the URL: a secret either way.
    public let password: Secret?
    /// How often (seconds) a node beats, renewing its claims.
    public let heartbeat: Int
    /// How long (seconds) a node's claims outlive its last beat: a dead node's reminders are
    /// taken over by another this long after it stopped beating.
    public let lease: Int

    public init(host: String, port: Int, username: String, database: String, tls: TLS, rootCertificate: String?,
                password: Secret?, heartbeat: Int, lease: Int) {
        self.host = host
        self.port = port
        self.username = username
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
        self.password = password
        self.heartbeat = heartbeat
        self.lease = lease
    }

    /// The database as messages show it: never the password.
    public var displayURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(username)@\(hostPart):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// What a store URL says: `postgresql://user[:password]@host[:port]/database?sslmode=…&sslrootcert=…`.
    public struct URLParts: Sendable, Equatable {
        public let host: String
        public let port: Int
        public let username: String
        /// The password in the URL, if any: a secret.
        public let password: String?
        public let database: String
        public let tls: TLS
        public let rootCertificate: String?
    }

    /// Why a store URL does not read, in one line that never quotes its password.
    public struct URLProblem: Error, Sendable, Equatable {
        public let message: String
    }

    /// Reads a store URL, the one parser of it (`store:` in the config, and tests).
    public static func parse(url text: String, resolve: (String) -> String = { $0 }) -> Result<URLParts, URLProblem> {
        func fail(_ message: String) -> Result<URLParts, URLProblem> { .failure(URLProblem(message: message)) }
        let shape = "postgresql://user@host:5432/database"
        guard let url = URLComponents(string: text), let scheme = url.scheme,
              ["postgresql", "postgres"].contains(scheme.lowercased()) else {
            return fail("store url must be a PostgreSQL URL, \(shape) (SQLite needs no store: it is the default, in state_dir)")
        }
        var host = url.host ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return fail("store url names no host (\(shape))") }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { return fail("store url names no database (\(shape))") }
        let username = url.user ?? ""
        guard !username.isEmpty else { return fail("store url names no user (\(shape))") }
        let port = url.port ?? 5432
        guard (1...65_535).contains(port) else { return fail("store url: port \(port) is not a port") }
        var tls = TLS.prefer
        var rootCertificate: String?
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = TLS(rawValue: item.value ?? "") else {
                    return fail("store url: sslmode '\(item.value ?? "")' is not one of "
                        + TLS.allCases.map(\.rawValue).joined(separator: ", "))
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { return fail("store url: sslrootcert is empty") }
                rootCertificate = resolve(path)
            case "password":
                return fail("store url: a password is not a parameter; put it in password_file or password_env")
            default:
                return fail("store url: unknown parameter '\(item.name)' (Frist reads sslmode and sslrootcert)")
            }
        }
        return .success(URLParts(host: host, port: port, username: username.removingPercentEncoding ?? username,
                                 password: url.password.map { $0.removingPercentEncoding ?? $0 },
                                 database: database.removingPercentEncoding ?? database, tls: tls,
                                 rootCertificate: rootCertificate))
    }
}
