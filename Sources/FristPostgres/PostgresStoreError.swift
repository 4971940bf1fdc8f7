internal import FristStore
internal import PostgresNIO

extension StoreError {
    /// No answer from the database (no connection from the pool, or a query that hangs) within `seconds`.
    struct NoAnswer: Error {
        let seconds: Double
    }

    /// One line from any error raised while the shared store at `path` (a URL without its
    /// password) was in use: what PostgreSQL said, never the SQL, never the password.
    static func postgres(_ path: String, _ error: any Error, opening: Bool = false) -> StoreError {
        if let error = error as? StoreError { return error }
        let prefix = opening ? "cannot open state database \(path)" : "state database \(path)"
        let (kind, said) = classify(error)
        return StoreError(path: path, description: "\(prefix): \(said)", kind: kind)
    }

    private static func classify(_ error: any Error) -> (Kind, String) {
        if let error = error as? NoAnswer {
            return (.unreachable, "cannot be reached (no answer within \(Self.seconds(error.seconds)))")
        }
        if let error = error as? PSQLError { return classify(error) }
        if error is PostgresNIO.PostgresConnection.Closed { return (.unreachable, "cannot be reached (the connection closed)") }
        if error is IOError || error is ChannelError || error is NIOConnectionError {
            return (.unreachable, "cannot be reached (\(oneLine(error)))")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return (.other, "TLS failed (\(oneLine(error)))")
        }
        // The pool gave up connecting (its circuit breaker), or was shut down.
        if String(describing: type(of: error)) == "ConnectionPoolError" {
            return (.unreachable, "cannot be reached (no connection could be made)")
        }
        return (.other, oneLine(error))
    }

    private static func classify(_ error: PSQLError) -> (Kind, String) {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = oneLine(error.serverInfo?[.message] ?? "server error \(state)")
            return (kind(sqlState: state), message)
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed:
            let why = error.underlying.map(oneLine) ?? "\(error.code)"
            return (.unreachable, "cannot be reached (\(why))")
        case .queryCancelled:
            return (.unreachable, "cannot be reached (the query was cancelled)")
        case .sslUnsupported:
            return (.other, "the server does not offer TLS, which sslmode asks for")
        case .failedToAddSSLHandler:
            return (.other, "TLS failed (\(error.underlying.map(oneLine) ?? "no TLS handler"))")
        case .authMechanismRequiresPassword:
            return (.other, "the server asks for a password and none is given (password_file, password_env)")
        case .unsupportedAuthMechanism:
            return (.other, "the server asks for an authentication method Frist does not speak")
        case .saslError:
            return (.other, "SCRAM authentication failed (\(error.underlying.map(oneLine) ?? "SASL"))")
        default:
            return (.other, "\(error.code)")
        }
    }

    /// SQLSTATE classes as the daemon reacts to them.
    private static func kind(sqlState state: String) -> Kind {
        switch state {
        case _ where state.hasPrefix("08"): return .unreachable  // connection exception
        case "57P01", "57P02", "57P03", "53300": return .unreachable  // shutting down, starting, too many connections
        case "53100": return .diskFull
        case "25006": return .readOnly  // a standby after a failover, read-only
        case "40001", "40P01", "55P03": return .locked
        case "XX001", "XX002": return .corrupt
        default: return .other
        }
    }

    private static func oneLine(_ value: Any) -> String {
        String(describing: value).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
