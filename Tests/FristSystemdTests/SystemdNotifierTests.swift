#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import FristSystemd
import Testing

/// A real AF_UNIX datagram socket standing in for systemd's notification socket.
private final class NotifySocket {
    let fd: Int32
    /// What goes into `$NOTIFY_SOCKET`: a path, or `@name` for the abstract namespace.
    let address: String
    private let directory: String?

    init(abstract: Bool = false) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: errno \(errno)") }
        var bytes: [UInt8]
        if abstract {
            directory = nil
            address = "@frist-test-notify-\(getpid())-\(UUID().uuidString.prefix(8))"
            bytes = Array(address.utf8)
            bytes[0] = 0
        } else {
            let dir = NSTemporaryDirectory() + "frist-notify-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            directory = dir
            address = dir + "/notify"
            bytes = Array(address.utf8) + [0]
        }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw Failure("bind \(address): errno \(errno)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The next datagram, as text.
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw Failure("recv: errno \(errno)") }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Whether a datagram is waiting (without blocking).
    func hasPending() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK)) >= 0
    }
}

private struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite struct SystemdNotifierTests {
    @Test func sendsEachStateToAPathSocket() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.isActive)

        notifier.ready(status: "Watching 4 projects, next reminder 2021-09-16 09:00")
        #expect(try socket.receive() == "READY=1\nSTATUS=Watching 4 projects, next reminder 2021-09-16 09:00")

        notifier.ready()
        #expect(try socket.receive() == "READY=1")

        notifier.reloading()
        let reloading = try socket.receive()
        let match = reloading.wholeMatch(of: /RELOADING=1\nMONOTONIC_USEC=([0-9]+)/)
        #expect(match != nil, "got \(reloading.debugDescription)")
        if let match {
            // Read against the same clock systemd uses: not in the future, not long ago.
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let nowUsec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
            let sent = try #require(UInt64(match.1))
            #expect(sent <= nowUsec && nowUsec - sent < 10_000_000)
        }

        notifier.reloading(status: "Reloading configuration")
        #expect(try socket.receive().hasSuffix("\nSTATUS=Reloading configuration"))

        notifier.stopping()
        #expect(try socket.receive() == "STOPPING=1")

        notifier.watchdog()
        #expect(try socket.receive() == "WATCHDOG=1")

        notifier.status("3 reminders failing")
        #expect(try socket.receive() == "STATUS=3 reminders failing")

        #expect(notifier.send("WATCHDOG=1"))
        #expect(try socket.receive() == "WATCHDOG=1")
        #expect(!socket.hasPending())
    }

    @Test func sendsToAnAbstractSocket() throws {
        let socket = try NotifySocket(abstract: true)
        #expect(socket.address.hasPrefix("@"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        #expect(notifier.isActive)
        notifier.ready(status: "ok")
        #expect(try socket.receive() == "READY=1\nSTATUS=ok")
        notifier.watchdog()
        #expect(try socket.receive() == "WATCHDOG=1")
        #expect(notifier.send("WATCHDOG=1"))
        #expect(try socket.receive() == "WATCHDOG=1")
    }

    @Test func statusIsOneLine() throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address])
        notifier.status("config error:\nfrist.yaml:3:1: bad\r\nkept the old one")
        #expect(try socket.receive() == "STATUS=config error: frist.yaml:3:1: bad kept the old one")
        notifier.ready(status: "a\nb")
        #expect(try socket.receive() == "READY=1\nSTATUS=a b")
    }

    @Test func inactiveWithoutNotifySocket() {
        for environment in [[:], ["NOTIFY_SOCKET": ""], ["NOTIFY_SOCKET": "vsock:2:1234"], ["NOTIFY_SOCKET": "relative"]] {
            let notifier = SystemdNotifier(environment: environment)
            #expect(!notifier.isActive)
            #expect(notifier.socketAddress == nil)
            notifier.ready(status: "x")
            notifier.watchdog()
            #expect(!notifier.send("READY=1"))
        }
    }

    @Test func failuresAreReportedNotThrown() throws {
        let dir = NSTemporaryDirectory() + "frist-notify-" + UUID().uuidString
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": dir + "/nobody-listens"])
        #expect(notifier.isActive)
        notifier.ready()
        notifier.watchdog()
        #expect(!notifier.send("READY=1"))

        let tooLong = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)])
        tooLong.stopping()
        #expect(!tooLong.send("STOPPING=1"))
    }

    @Test func watchdogInterval() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000"]).watchdogInterval == .seconds(1))
        #expect(
            SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"])
                .watchdogInterval == .seconds(1)
        )
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"]).watchdogInterval == .seconds(15))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid() + 1)"])
            .watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "x"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: [:]).watchdogInterval == nil)
    }
}
