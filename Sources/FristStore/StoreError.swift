internal import Foundation
internal import GRDB

/// Why the state database could not be opened or used: one line for people, naming the path.
///
/// `description` is the whole message, e.g.
/// `state directory /var/lib/frist is a file, not a directory` or
/// `state database /var/lib/frist/frist.sqlite: disk full`. Never carries SQL.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, as far as the daemon's reaction goes.
    public enum Kind: Sendable, Equatable {
        /// The file system holding the state has no space left.
        case diskFull
        /// Another process holds a lock longer than the busy timeout.
        case locked
        /// The file system or the file's permissions do not allow writing.
        case readOnly
        /// SQLite calls the file corrupt, or it is not a database: retrying cannot help.
        case corrupt
        /// Zero bytes, or shorter than its own header says: wiped or cut off.
        case truncated
        /// A shared store's database cannot be reached (restart, failover, a cut network): retryable.
        case unreachable
        case other
    }

    /// The state directory or database file the error is about.
    public let path: String
    /// The full one-line message (includes `path`).
    public let description: String
    public let kind: Kind

    public init(path: String, description: String, kind: Kind = .other) {
        self.path = path
        self.description = description
        self.kind = kind
    }

    /// The condition in a few words, for a log line about retrying ("disk full").
    public var reason: String {
        switch kind {
        case .diskFull: return "disk full"
        case .locked: return "locked by another process"
        case .readOnly: return "read-only"
        case .corrupt: return "corrupt"
        case .truncated: return "truncated"
        case .unreachable: return "the database cannot be reached"
        case .other: return description
        }
    }

    /// One line from any error raised while the database at `path` was in use.
    static func database(_ path: String, _ error: any Error, opening: Bool = false) -> StoreError {
        if let error = error as? StoreError { return error }
        let prefix = opening ? "cannot open state database \(path)" : "state database \(path)"
        guard let error = error as? DatabaseError else {
            let oneLine = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            return StoreError(path: path, description: "\(prefix): \(oneLine)")
        }
        let kind = classify(error, path: path)
        let sqlite = (error.message ?? "SQLite error \(error.resultCode)").split(whereSeparator: \.isNewline)
            .joined(separator: " ")
        let said: String
        switch kind {
        case .diskFull:
            said = "disk full (no space left on the file system holding it)"
        case .readOnly:
            said = "read-only (the file system or the file's permissions do not allow writing)"
        case .locked:
            said = "locked by another process for more than \(Int(Store.busyTimeout)) s"
        case .corrupt:
            said = "corrupt (SQLite: \(sqlite)); stop Frist, move the file aside and restore a backup, "
                + "or start a new, empty state with frist run --new-state"
        case .truncated, .unreachable, .other:
            said = sqlite
        }
        return StoreError(path: path, description: "\(prefix): \(said)", kind: kind)
    }

    /// SQLite says "disk I/O error" or "unable to open database file" for a full disk or a
    /// read-only file system: the file system itself tells which.
    private static func classify(_ error: DatabaseError, path: String) -> Kind {
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .corrupt
        case .SQLITE_FULL: return .diskFull
        case .SQLITE_READONLY: return .readOnly
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked
        case .SQLITE_IOERR, .SQLITE_CANTOPEN:
            let folder = (path as NSString).deletingLastPathComponent
            var fs = statvfs()
            if statvfs(folder.isEmpty ? "." : folder, &fs) == 0 {
                if fs.f_flag & UInt(ST_RDONLY) != 0 { return .readOnly }
                if fs.f_bavail == 0 || fs.f_favail == 0 { return .diskFull }
            }
            if access(folder.isEmpty ? "." : folder, W_OK) != 0
                || (access(path, F_OK) == 0 && access(path, W_OK) != 0) { return .readOnly }
            return .other
        default:
            return .other
        }
    }
}
