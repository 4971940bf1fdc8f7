internal import Foundation

/// Looks at a state database file before SQLite opens it. SQLite takes a zero-byte file for a
/// new, empty database and a cut-off one for a good one until it reads past the end: either
/// way, pending retries and acknowledgements would vanish without a word.
enum StateFileCheck {
    /// Why the file at `path` must not be opened as it is; nil when it is missing or looks whole.
    static func damage(at path: String) -> StoreError? {
        guard let size = fileSize(path) else { return nil }
        if size == 0 {
            // Another process may be creating this very database: it writes the header within
            // milliseconds. A file still empty a moment later was wiped.
            usleep(250_000)
            guard fileSize(path) == 0 else { return nil }
            return refusal(path, "it is empty (0 bytes): the state was wiped or never written")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            return refusal(path, "it is not a SQLite database (\(size) bytes of something else)", kind: .corrupt)
        }
        func big(_ at: Int, _ count: Int) -> Int { header[at..<at + count].reduce(0) { $0 << 8 | Int($1) } }
        let pageSize = big(16, 2) == 1 ? 65_536 : big(16, 2)
        let pages = big(28, 4)
        // The page count is valid when the change counter matches "version valid for".
        if pages > 0, big(24, 4) == big(92, 4), Int64(pageSize) * Int64(pages) > size {
            return refusal(path, "it is cut off (\(size) bytes where its header says \(Int64(pageSize) * Int64(pages)))")
        }
        return nil
    }

    /// Moves `path` and its WAL and shared-memory files to `path.unreadable-<UTC time>`.
    ///
    /// - Returns: the new name of the database file.
    static func moveAside(_ path: String) throws -> String {
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let target = "\(path).unreadable-\(stamp)"
        for suffix in ["", "-wal", "-shm"] where access(path + suffix, F_OK) == 0 {
            guard rename(path + suffix, target + suffix) == 0 else {
                throw StoreError(path: path, description:
                    "cannot move the unreadable state \(path + suffix) aside: \(String(cString: strerror(errno)))")
            }
        }
        return target
    }

    private static func refusal(_ path: String, _ what: String, kind: StoreError.Kind = .truncated) -> StoreError {
        StoreError(path: path, description: "cannot open state database \(path): \(what); restore it from a backup, "
            + "or start a new, empty state with frist run --new-state (the file is kept, renamed)", kind: kind)
    }

    private static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}
