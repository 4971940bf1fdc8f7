#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// systemd's notification protocol (`sd_notify(3)`) without libsystemd: one `AF_UNIX`
/// datagram per state change, sent to the socket that `$NOTIFY_SOCKET` names (a path, or a
/// Linux abstract-namespace name when it starts with `@`).
///
/// Every send is best effort: a failure is ignored (``send(_:)`` says whether the datagram went
/// out), because a lost notification must never stop the daemon. Without
/// `$NOTIFY_SOCKET` (not started by systemd, or `Type=` is not `notify`) every call is a
/// no-op and ``isActive`` is false.
///
/// The daemon's sequence under `Type=notify` (systemd 252 has no `Type=notify-reload`):
/// `ready(status:)` once the first plan is armed; around a SIGHUP reload
/// `reloading(status:)` … `ready(status:)`; `stopping()` on SIGTERM; `watchdog()` every
/// ``watchdogInterval`` while the scheduler loop is healthy; `status(_:)` whenever there is
/// news worth one line in `systemctl status`.
public struct SystemdNotifier: Sendable {
    /// The `$NOTIFY_SOCKET` value when it names a socket this type can reach (`/path` or
    /// `@abstract`), else nil. Other forms (systemd ≥ 254's `vsock:`) count as inactive.
    public let socketAddress: String?

    /// `$WATCHDOG_USEC`, when the watchdog is enabled for this process.
    private let watchdogMicroseconds: UInt64?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String]) {
        let address = environment["NOTIFY_SOCKET"] ?? ""
        if address.count > 1, address.hasPrefix("/") || address.hasPrefix("@") {
            socketAddress = address
        } else {
            socketAddress = nil
        }
        watchdogMicroseconds = Self.watchdogMicroseconds(environment: environment, processID: getpid())
    }

    /// Reads the process's own environment.
    public init() {
        self.init(environment: ProcessInfo.processInfo.environment)
    }

    /// Whether there is a notification socket to send to.
    public var isActive: Bool { socketAddress != nil }

    /// How often to call ``watchdog()``: half of `$WATCHDOG_USEC` (as systemd recommends),
    /// when it is set and `$WATCHDOG_PID` is absent or names this process; else nil. Like
    /// `sd_watchdog_enabled(3)` this does not look at `$NOTIFY_SOCKET`.
    public var watchdogInterval: Duration? {
        watchdogMicroseconds.map { .microseconds(Int64(clamping: $0 / 2)) }
    }

    // MARK: - States

    /// `READY=1`, with a `STATUS=` line if `status` is given.
    public func ready(status: String? = nil) {
        send(fields: ["READY=1"], status: status)
    }

    /// `RELOADING=1` and `MONOTONIC_USEC=` (systemd ≥ 253 wants it; 252 ignores it), with a
    /// `STATUS=` line if `status` is given. Follow it with ``ready(status:)`` when the reload
    /// is done, whether it succeeded or kept the old config.
    public func reloading(status: String? = nil) {
        send(fields: ["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"], status: status)
    }

    /// `STOPPING=1`, with a `STATUS=` line if `status` is given.
    public func stopping(status: String? = nil) {
        send(fields: ["STOPPING=1"], status: status)
    }

    /// `STATUS=` with `text` made one line (line breaks become spaces).
    public func status(_ text: String) {
        send(fields: [], status: text)
    }

    /// `WATCHDOG=1`: the keep-alive ping.
    public func watchdog() {
        send(fields: ["WATCHDOG=1"], status: nil)
    }

    private func send(fields: [String], status: String?) {
        var fields = fields
        if let status { fields.append("STATUS=" + Self.oneLine(status)) }
        send(fields.joined(separator: "\n"))
    }

    // MARK: - The datagram

    /// Sends `message` as it is (newline-separated `KEY=VALUE` assignments). Returns whether
    /// the whole datagram went out; false when inactive or when it could not be sent.
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketAddress else { return false }
        // A name too long for `sockaddr_un`.
        guard var address = Self.address(socketAddress) else { return false }
        let fd = socket(AF_UNIX, Self.datagramSocketType, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let payload = Array(message.utf8)
        var attempts = 0
        while true {
            let sent = withUnsafePointer(to: &address.storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                    payload.withUnsafeBytes { bytes in
                        sendto(fd, bytes.baseAddress, bytes.count, Self.sendFlags, sockaddrPointer, address.length)
                    }
                }
            }
            if sent == payload.count { return true }
            // A short datagram.
            if sent >= 0 { return false }
            let error = errno
            attempts += 1
            // EINTR: try again at once. EAGAIN: the manager's queue is full; wait a little,
            // but never long enough to stall the daemon (at most ~50 ms in all).
            if error == EINTR, attempts < 100 { continue }
            if error == EAGAIN || error == EWOULDBLOCK, attempts < 50 {
                usleep(1_000)
                continue
            }
            return false
        }
    }

    // MARK: - Helpers

    /// `text` as one line: every line break (CR, LF, CRLF, U+2028 …) becomes one space, NULs
    /// go (the protocol cannot carry them).
    static func oneLine(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isNewline {
                result.append(" ")
            } else if character != "\u{0}" {
                result.append(character)
            }
        }
        return result
    }

    static func watchdogMicroseconds(environment: [String: String], processID: pid_t) -> UInt64? {
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = pid_t(pidText), pid == processID else { return nil }
        }
        return usec
    }

    /// CLOCK_MONOTONIC in microseconds, the clock systemd's `MONOTONIC_USEC=` is read against.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    struct SocketAddress {
        var storage: sockaddr_un
        var length: socklen_t
    }

    /// The `sockaddr_un` for `/path` (NUL-terminated, length counts the NUL, as libsystemd
    /// does) or `@name` (a leading NUL, length without a terminator); nil if it does not fit.
    static func address(_ text: String) -> SocketAddress? {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        var bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "@") {
            bytes[0] = 0  // abstract namespace: the name follows a NUL, no terminator
            guard bytes.count <= capacity else { return nil }
        } else {
            bytes.append(0)
            guard bytes.count <= capacity else { return nil }
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { path in
            path.copyBytes(from: bytes)
        }
        return SocketAddress(storage: storage, length: socklen_t(pathOffset + bytes.count))
    }

    #if os(Linux)
    static let datagramSocketType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
    #else
    static let datagramSocketType = SOCK_DGRAM
    static let sendFlags = MSG_DONTWAIT
    #endif
}
