internal import FristStore
internal import PostgresNIO

/// Where a shared store's database is and how to reach it: `store.url` of the configuration
/// (`postgresql://user[:password]@host[:port]/database?sslmode=…&sslrootcert=…`), with the
/// password from `password_file` or `password_env` if one is given.
///
/// The password is kept for connecting but never shown: ``displayURL`` and every error leave it out.
public struct PostgresConnection: Sendable, Equatable {
    /// How the connection is protected, as libpq's `sslmode` says it.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// `sslmode=disable`: plain TCP.
        case disable
        /// `sslmode=prefer` (libpq's default): TLS if the server offers it, unverified.
        case prefer
        /// `sslmode=require`: TLS or no connection, the certificate not verified.
        case require
        /// `sslmode=verify-ca`: TLS, the certificate signed by a trusted CA (any host name).
        case verifyCA = "verify-ca"
        /// `sslmode=verify-full`: TLS, the certificate trusted and issued for `host`.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the CAs to trust (else the system's).
    public var rootCertificate: String?

    /// Parses `url`; `password` (from `password_file` or `password_env`), if given, wins over
    /// one in the URL.
    ///
    /// - Throws: ``StoreError`` with one line naming the field that is wrong (never the password).
    public init(url: String, password: String?) throws {
        func fail(_ why: String) -> StoreError {
            let shown = Self.redacted(url)
            return StoreError(path: shown, description: "store url \(shown): \(why)")
        }
        var rest = Substring(url)
        guard let schemeEnd = rest.range(of: "://"),
              ["postgresql", "postgres"].contains(rest[..<schemeEnd.lowerBound].lowercased()) else {
            throw fail("must start with postgresql://")
        }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var databasePart: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            databasePart = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var urlPassword: String?
        var userPart = userInfo
        if let colon = userInfo.firstIndex(of: ":") {
            userPart = userInfo[..<colon]
            urlPassword = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
        }
        guard let user = Self.percentDecoded(userPart), !user.isEmpty else {
            throw fail("no user name (postgresql://USER@host/database)")
        }
        // The host: a name, an IPv4 address or a bracketed IPv6 one; then an optional port.
        var hostPart = rest
        var portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw fail("host: an IPv6 address without its closing ]") }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw fail("host: unexpected text after ]") }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            portPart = rest[rest.index(after: colon)...]
        }
        guard let host = Self.percentDecoded(hostPart), !host.isEmpty else {
            throw fail("no host (postgresql://user@HOST/database)")
        }
        var port = 5432
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else {
                throw fail("port '\(portPart)' is not a number from 1 to 65535")
            }
            port = number
        }
        guard let database = Self.percentDecoded(databasePart), !database.isEmpty, !database.contains("/") else {
            throw fail("no database (postgresql://user@host/DATABASE)")
        }
        var tls = TLSMode.prefer
        var rootCertificate: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? Self.percentDecoded(parts[1]) ?? "" : ""
            switch name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw fail("sslmode '\(value)' is not one of disable, prefer, require, verify-ca, verify-full")
                }
                tls = mode
            case "sslrootcert":
                guard !value.isEmpty else { throw fail("sslrootcert is empty") }
                rootCertificate = value
            case "password":
                throw fail("a password is not a parameter: put it in password_file or password_env")
            default:
                throw fail("unknown parameter '\(name)' (known: sslmode, sslrootcert)")
            }
        }
        self.host = host
        self.port = port
        self.username = user
        self.password = password ?? urlPassword
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
    }

    /// The URL without any password, for messages: `postgresql://frist@db:5432/frist?sslmode=verify-full`.
    public var displayURL: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        var url = "postgresql://\(Self.percentEncoded(username))@\(shownHost):\(port)/\(Self.percentEncoded(database))"
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if let rootCertificate { parameters.append("sslrootcert=\(rootCertificate)") }
        if !parameters.isEmpty { url += "?" + parameters.joined(separator: "&") }
        return url
    }

    /// `url` with whatever stands between the user name's colon and the `@` taken out.
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + String(url[at...])
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first < utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second < utf8.endIndex,
                      let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) || "-._~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

extension PostgresConnection {
    /// postgres-nio's TLS settings for `tls`; throws if the root certificate cannot be read.
    func tlsConfiguration() -> TLSConfiguration? {
        guard tls != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
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
        case (.prefer, let configuration?): tlsMode = .prefer(configuration)
        case (_, let configuration?): tlsMode = .require(configuration)
        case (_, nil): tlsMode = .disable
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tlsMode)
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        // The scheduler, the heartbeat, the listener and the HTTP listener: a few at a time.
        configuration.options.maximumConnections = 8
        configuration.options.minimumConnections = 0
        return configuration
    }

    /// A single connection's configuration (the one that migrates at open, and tells why it cannot).
    func connectionConfiguration(connectTimeout: Double) throws -> PostgresNIO.PostgresConnection.Configuration {
        let tlsMode: PostgresNIO.PostgresConnection.Configuration.TLS
        switch (tls, tlsConfiguration()) {
        case (.prefer, let configuration?): tlsMode = .prefer(try NIOSSLContext(configuration: configuration))
        case (_, let configuration?): tlsMode = .require(try NIOSSLContext(configuration: configuration))
        case (_, nil): tlsMode = .disable
        }
        var configuration = PostgresNIO.PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsMode)
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        return configuration
    }
}
