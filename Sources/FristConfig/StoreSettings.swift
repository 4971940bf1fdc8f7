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
}
