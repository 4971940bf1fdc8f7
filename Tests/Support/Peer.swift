import Foundation

/// A real network peer for the delivery tests: `Tests/Peers/http_sink.py` or `smtp_sink.py`, run as
/// a child process on 127.0.0.1 with an ephemeral port, recording what it receives to a JSONL file.
///
/// The child's stdout goes to a file that is polled for the `READY <port>` line; its stderr (one log
/// line per request or SMTP command) goes to another file, readable with `log()` for diagnostics.
/// Both, and the record file, live in a scratch folder removed when the peer is deallocated.
/// The interpreter is `python3` from `PATH`, or `FRIST_TEST_PYTHON` when that is set.
public final class TestPeer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// `…/Tests/Peers`, found from this file's own path.
    public static let peersDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Peers").path

    public let port: Int
    /// `http://127.0.0.1:PORT` (no trailing slash).
    public var url: String { "http://127.0.0.1:\(port)" }
    /// `smtp://127.0.0.1:PORT`.
    public var smtpURL: String { "smtp://127.0.0.1:\(port)" }
    public let recordPath: String
    public let logPath: String
    public let directory: String

    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    /// The HTTP sink; `script` is the JSON text of the response steps (nil: always `200 ok`).
    public static func http(script: String? = nil) async throws -> TestPeer {
        try await start(script: "http_sink.py", arguments: script.map { ["--script-json", $0] } ?? [])
    }

    /// The SMTP sink, with extra arguments such as `["--auth", "user:pass"]`.
    public static func smtp(arguments: [String] = []) async throws -> TestPeer {
        try await start(script: "smtp_sink.py", arguments: arguments)
    }

    /// Starts `script` and waits, without blocking a thread, for its `READY <port>` line.
    public static func start(script: String, arguments: [String], readyTimeout: TimeInterval = 10) async throws -> TestPeer {
        let directory = NSTemporaryDirectory() + "frist-peer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let recordPath = directory + "/record.jsonl"
        let logPath = directory + "/peer.log"
        let stdoutPath = directory + "/stdout"
        for file in [recordPath, logPath, stdoutPath] {
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw Failure(description: "cannot create \(file)")
            }
        }

        let python = ProcessInfo.processInfo.environment["FRIST_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, TestPeer.peersDirectory + "/" + script,
                             "--port", "0", "--record", recordPath] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))

        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw Failure(description: "cannot start \(script): \(error)")
        }

        func readyPort() -> Int? {
            let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").last { $0.hasPrefix("READY ") }
                .flatMap { Int($0.dropFirst("READY ".count).trimmingCharacters(in: .whitespaces)) }
        }
        _ = await eventually(timeout: readyTimeout, every: .milliseconds(10)) { readyPort() != nil || !process.isRunning }
        guard let port = readyPort() else {
            let why = process.isRunning
                ? "not ready after \(readyTimeout) s"
                : "exited with status \(process.terminationStatus)"
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            await TestPeer.terminate(process)
            try? FileManager.default.removeItem(atPath: directory)
            throw Failure(description: "\(script) \(why); its log:\n\(log)")
        }
        return TestPeer(process: process, port: port, directory: directory, recordPath: recordPath, logPath: logPath)
    }

    private init(process: Process, port: Int, directory: String, recordPath: String, logPath: String) {
        self.process = process
        self.port = port
        self.directory = directory
        self.recordPath = recordPath
        self.logPath = logPath
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Every record so far, one dictionary per complete line of the JSONL file (a line still being
    /// written, without its newline yet, is left for the next call).
    public func records() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: recordPath))
        var result: [[String: Any]] = []
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = data[start..<newline]
            start = data.index(after: newline)
            if line.isEmpty { continue }
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                throw Failure(description: "record is not a JSON object: \(String(decoding: line, as: UTF8.self))")
            }
            result.append(object)
        }
        return result
    }

    /// What the peer wrote to stderr so far.
    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// SIGTERM without waiting (for `defer` and `deinit`, where nothing can be awaited); a peer
    /// still running 3 s later is killed. Safe to call more than once.
    public func stop() {
        guard markStopped() else { return }
        let process = self.process
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// SIGTERM, up to 3 s for a clean exit, then SIGKILL; returns once the peer is gone (nobody
    /// listens on its port any more). Safe to call more than once.
    public func shutDown() async {
        guard markStopped() else { return }
        await TestPeer.terminate(process)
    }

    private func markStopped() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if stopped { return false }
        stopped = true
        return true
    }

    private static func terminate(_ process: Process) async {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        if await eventually(timeout: 3, every: .milliseconds(10), { !process.isRunning }) { return }
        kill(pid, SIGKILL)
        _ = await eventually(timeout: 10, every: .milliseconds(10)) { !process.isRunning }
    }

    /// A self-signed certificate for 127.0.0.1 (and localhost), valid one day, written to
    /// `dir/cert.pem` and `dir/key.pem`. The address is in subjectAltName, not only the CN: TLS
    /// clients (libcurl with OpenSSL, Python's ssl) match IP addresses against subjectAltName.
    /// Clients verify it by using the certificate itself as the CA (`CURLOPT_CAINFO` = cert).
    public static func selfSignedCertificate(in dir: String) async throws -> (cert: String, key: String) {
        let cert = dir + "/cert.pem"
        let key = dir + "/key.pem"
        let errors = dir + "/openssl.err"
        guard FileManager.default.createFile(atPath: errors, contents: nil) else {
            throw Failure(description: "cannot create \(errors)")
        }
        defer { try? FileManager.default.removeItem(atPath: errors) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", key, "-out", cert,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        guard await eventually(timeout: 30, every: .milliseconds(10), { !process.isRunning }) else {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "openssl req did not finish in 30 s")
        }
        guard process.terminationStatus == 0,
              FileManager.default.fileExists(atPath: cert), FileManager.default.fileExists(atPath: key) else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "openssl req failed (\(process.terminationStatus)): \(message)")
        }
        return (cert, key)
    }
}
