internal import Foundation

/// The daemon's claim on a SQLite state: an exclusive `flock` on `<state_dir>/frist.lock`,
/// held for the process's life (the kernel drops it when the process dies, kill -9 included).
///
/// Two daemons on one state would each requeue the other's sends in flight and send them
/// again; the second one is refused instead. Commands (`ack`, `status`) take no lock: SQLite
/// already serialises their writes with the daemon's. A shared store, built for several
/// daemons, takes no such lock.
public final class StateLock: Sendable {
    /// `<directory>/frist.lock`.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock, creating the directory (as ``Store/init(directory:)`` does) and the
    /// lock file if missing, and writes this process's id into it for the next one to name.
    ///
    /// - Throws: ``StoreError``: held by another process (naming its pid), or not creatable.
    public init(directory: String) throws {
        try Store.makeDirectory(directory)
        path = directory.hasSuffix("/") ? directory + "frist.lock" : directory + "/frist.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let (reason, kind): (String, StoreError.Kind) = switch errno {
            case EROFS: ("read-only (the file system does not allow writing)", .readOnly)
            case ENOSPC: ("disk full", .diskFull)
            default: (String(cString: strerror(errno)), .other)
            }
            throw StoreError(path: path, description: "cannot create the lock file \(path): \(reason)", kind: kind)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(fd)
            close(fd)
            let who = holder.map { "frist (pid \($0))" } ?? "another frist"
            throw StoreError(path: path, description:
                "\(who) is already running on the state in \(directory); stop it first (one daemon per state)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The pid the holder wrote, if it reads as one.
    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
