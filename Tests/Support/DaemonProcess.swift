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
    public func stop(timeout: TimeInterval = 15) async -> Int32? {
        signal(SIGTERM)
        return await reap(within: timeout)
    }

    /// SIGTERM without waiting, for `defer`, where nothing can be awaited (a test stops the daemon
    /// itself with `await stop()`); `deinit` kills a daemon still running.
    public func terminate() {
        if process.isRunning { signal(SIGTERM) }
    }

    /// SIGKILL: a crash at an arbitrary moment; returns once the process is gone.
    public func crash() async {
        signal(SIGKILL)
        _ = await reap(within: 10)
    }

    /// The exit status once the process exits; nil if it still runs at `timeout`, and it is then killed.
    private func reap(within timeout: TimeInterval) async -> Int32? {
        if let status = await exitStatus(within: timeout) { return status }
        kill(process.processIdentifier, SIGKILL)
        _ = await exitStatus(within: 10)
        return nil
    }

    public static func logSaysSent(_ log: String, _ key: String, via channel: String) -> Bool {
        let suffix = " via \(channel)"
        return log.split(separator: "\n").contains { line in
            guard let sent = line.range(of: "sent "), let via = line.range(of: suffix, options: .backwards),
                  sent.upperBound <= via.lowerBound else { return false }
            return line[sent.upperBound..<via.lowerBound].split(separator: ", ").contains { $0 == key }
        }
    }
}
