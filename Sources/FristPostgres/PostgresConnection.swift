public import FristConfig
internal import FristStore
internal import PostgresNIO

/// Where a shared store's database is and how to reach it: the config's `store:` (one parser
/// reads its URL, ``StoreSettings/parse(url:resolve:)``), with its password resolved.
///
/// The password is kept for connecting but never shown: ``displayURL`` and every error leave it out.
public struct PostgresConnection: Sendable, Equatable {
    public typealias TLSMode = StoreSettings.TLS

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the CAs to trust (else the system's).
    public var rootCertificate: String?
    /// The database as messages show it, without the password.
    public let displayURL: String

    /// `settings` with its password (from `password_file`, `password_env`, `password` or the URL), resolved.
    public init(_ settings: StoreSettings, password: String?) {
        host = settings.host
        port = settings.port
        username = settings.username
        self.password = password
        database = settings.database
        tls = settings.tls
        rootCertificate = settings.rootCertificate
        displayURL = settings.displayURL
    }
}

extension PostgresConnection {
    /// postgres-nio's TLS settings for `tls`; throws if the root certificate cannot be read.
    func tlsConfiguration() -> TLSConfiguration? {
        guard tls != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable: return nil
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        return configuration
    }

    /// The pool's configuration.
    func clientConfiguration(connectTimeout: Double) -> PostgresClient.Configuration {
        let tlsMode: PostgresClient.Configuration.TLS
        switch (tls, tlsConfiguration()) {
        case (.allow, let configuration?), (.prefer, let configuration?): tlsMode = .prefer(configuration)
        case (_, let configuration?): tlsMode = .require(configuration)
        case (_, nil): tlsMode = .disable
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tlsMode)
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        // The scheduler, the heartbeat, the listener and the HTTP listener: a few at a time.
        configuration.options.maximumConnections = 8
        // A node frozen mid-transaction (SIGSTOP, a paused VM) keeps its row locks while its TCP
        // connection lives: the server ends such a transaction after a while, and no statement
        // of ours waits long for a lock, so one frozen node cannot stall the others' beats.
        configuration.options.additionalStartupParameters = Self.sessionSettings
        configuration.options.minimumConnections = 0
        return configuration
    }

    /// Session settings every connection starts with (see ``clientConfiguration(connectTimeout:)``).
    static let sessionSettings = [("lock_timeout", "2s"), ("idle_in_transaction_session_timeout", "10s")]

    /// A single connection's configuration (the one that migrates at open, and tells why it cannot).
    func connectionConfiguration(connectTimeout: Double) throws -> PostgresNIO.PostgresConnection.Configuration {
        let tlsMode: PostgresNIO.PostgresConnection.Configuration.TLS
        switch (tls, tlsConfiguration()) {
        case (.allow, let configuration?), (.prefer, let configuration?):
            tlsMode = .prefer(try NIOSSLContext(configuration: configuration))
        case (_, let configuration?): tlsMode = .require(try NIOSSLContext(configuration: configuration))
        case (_, nil): tlsMode = .disable
        }
        var configuration = PostgresNIO.PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsMode)
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        return configuration
    }
}
