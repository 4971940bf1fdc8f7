import Foundation

/// `frist run` started in the background, as systemd would start it, for end-to-end tests.
public final class DaemonProcess: @unchecked Sendable {
    public let process = Process()
    private let out: String
    private let err: String

    /// `frist run` with `arguments`.
    public convenience init(_ arguments: [String], environment: [String: String] = [:], directory: String) throws {
        try self.init(executable: FristBinary.path, ["run"] + arguments, environment: environment, directory: directory)
    }

    /// The daemon started through another program (e.g. `setpriv … frist run …`): `arguments` are all of them.
    public init(executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String) throws {
        let scratch = NSTemporaryDirectory() + "frist-daemon-" + UUID().uuidString
        out = scratch + ".out"
        err = scratch + ".err"
        for file in [out, err] where !FileManager.default.createFile(atPath: file, contents: nil) {
            throw CocoaError(.fileWriteUnknown)
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for key in ["FRIST_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "STATE_DIRECTORY"] {
            env.removeValue(forKey: key)
        }
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: err)
    }

    public var stdout: String { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }

    public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// SIGTERM, then the exit status (nil if it did not exit within `timeout`; it is then killed).
    @discardableResult
    public func stop(timeout: TimeInterval = 15) -> Int32? {
        signal(SIGTERM)
        return waitForExit(timeout: timeout)
    }

    /// SIGKILL: a crash at an arbitrary moment.
    public func crash() {
        signal(SIGKILL)
        _ = waitForExit(timeout: 10)
    }

    public func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// Waits until stderr contains `text` (bounded).
    public func waitForLog(_ text: String, timeout: TimeInterval = 15) -> Bool {
        waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// Waits for the log to say `key` was delivered via `channel`: a line `sent KEY via CHANNEL`,
    /// or one naming it among the keys a batch delivered (`sent K1, K2 via CHANNEL`).
    public func waitForSent(_ key: String, via channel: String, timeout: TimeInterval = 15) -> Bool {
        waitFor(timeout: timeout) { Self.logSaysSent($0, key, via: channel) }
    }

    public static func logSaysSent(_ log: String, _ key: String, via channel: String) -> Bool {
        let suffix = " via \(channel)"
        return log.split(separator: "\n").contains { line in
            guard let sent = line.range(of: "sent "), let via = line.range(of: suffix, options: .backwards),
                  sent.upperBound <= via.lowerBound else { return false }
            return line[sent.upperBound..<via.lowerBound].split(separator: ", ").contains { $0 == key }
        }
    }

    private func waitFor(timeout: TimeInterval, _ seen: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if seen(stderr) { return true }
            if !process.isRunning { return seen(stderr) }
            usleep(50_000)
        }
        return false
    }
}
