import Foundation

/// Polls `condition` until it holds or `timeout` passes, sleeping between looks with
/// `Task.sleep`: a test waiting for a daemon never holds a thread of the cooperative pool.
/// The condition may itself await (a store's answer).
///
/// - Returns: whether the condition held in time.
public func eventually(timeout: TimeInterval = 30, every poll: Duration = .milliseconds(50),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try await condition() { return true }
        if Date() >= deadline { return false }
        try? await Task.sleep(for: poll)
    }
}

extension DaemonProcess {
    /// Waits, without blocking, until stderr contains `text` (false on timeout or exit without it).
    public func log(contains text: String, timeout: TimeInterval = 30) async -> Bool {
        await eventually(timeout: timeout) { stderr.contains(text) || !process.isRunning } && stderr.contains(text)
    }

    /// Waits, without blocking, for the log to say `key` was delivered via `channel` (see
    /// ``logSaysSent(_:_:via:)``); false on timeout or exit without it.
    public func sent(_ key: String, via channel: String, timeout: TimeInterval = 15) async -> Bool {
        await eventually(timeout: timeout) { Self.logSaysSent(stderr, key, via: channel) || !process.isRunning }
            && Self.logSaysSent(stderr, key, via: channel)
    }

    /// Waits, without blocking, for the process to exit; nil if it is still running at `timeout`.
    public func exitStatus(within timeout: TimeInterval = 15) async -> Int32? {
        await eventually(timeout: timeout) { !process.isRunning } ? process.terminationStatus : nil
    }

    /// CPU time (user + system) the process has used so far, in seconds, from /proc.
    public var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

extension TestPeer {
    /// Waits, without blocking, until at least `count` records exist; all of them, or a failure.
    public func records(atLeast count: Int, timeout: TimeInterval = 30) async throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        if try await eventually(timeout: timeout, { found = try records(); return found.count >= count }) { return found }
        throw Failure(description: "expected \(count) records within \(timeout) s, found \(found.count); peer log:\n\(log())")
    }
}

/// Runs `work` on a thread of its own and waits for it without holding one of the cooperative
/// pool's threads: for blocking work a test needs (two processes' worth of SQLite writers at
/// once), which on the pool's few threads would stall every other test.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.start()
    }
}
