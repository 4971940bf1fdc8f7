internal import GRDB

/// Why the state database could not be opened or used: one line for people, naming the path.
///
/// `description` is the whole message, e.g.
/// `state directory /var/lib/frist is a file, not a directory` or
/// `state database /var/lib/frist/frist.sqlite: database is locked`. Never carries SQL.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The state directory or database file the error is about.
    public let path: String
    /// The full one-line message (includes `path`).
    public let description: String

    public init(path: String, description: String) {
        self.path = path
        self.description = description
    }

    /// One line from any error raised while the database at `path` was in use.
    static func database(_ path: String, _ error: any Error, opening: Bool = false) -> StoreError {
        if let error = error as? StoreError { return error }
        let reason: String
        if let error = error as? DatabaseError {
            reason = error.message ?? "SQLite error \(error.resultCode)"
        } else {
            reason = String(describing: error)
        }
        let oneLine = reason.split(whereSeparator: \.isNewline).joined(separator: " ")
        return StoreError(
            path: path,
            description: opening ? "cannot open state database \(path): \(oneLine)"
                : "state database \(path): \(oneLine)")
    }
}
