import Foundation

/// The real `frist` executable, built next to the test bundle, run as a user would run it.
public struct FristBinary {
    public struct Result {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
        public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["FRIST_BIN"] { return override }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("frist").path
    }

    /// Runs `frist` with `arguments`, awaited without holding a thread of Swift's cooperative
    /// pool while `frist` works; output goes through files so large outputs cannot block.
    public static func result(of arguments: [String], environment: [String: String] = [:],
                              directory: String = packageRoot, timeout: TimeInterval = 60) async throws -> Result {
        try await result(executable: path, arguments, environment: environment, directory: directory, timeout: timeout)
    }

    /// Runs any program the same way (the Python reference implementation, for instance).
    public static func result(executable: String, _ arguments: [String], environment: [String: String] = [:],
                              directory: String = packageRoot, timeout: TimeInterval = 120) async throws -> Result {
        let run = try Launched(executable, arguments, environment: environment, directory: directory)
        _ = await eventually(timeout: timeout, every: .milliseconds(10)) { !run.process.isRunning }
        return try run.finish()
    }

    /// A program started with its output going to scratch files (so large outputs cannot block).
    private struct Launched {
        let process = Process()
        let scratch = NSTemporaryDirectory() + "frist-run-" + UUID().uuidString
        let command: String

        init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String) throws {
            command = ([executable] + arguments).joined(separator: " ")
            for file in [scratch + ".out", scratch + ".err"] {
                guard FileManager.default.createFile(atPath: file, contents: nil) else { throw CannotCreate(path: file) }
            }
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "FRIST_CONFIG")
            env.merge(environment) { _, new in new }
            process.environment = env
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".out"))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + ".err"))
            try process.run()
        }

        /// The result once the program has exited; a program still running is ended and reported.
        func finish() throws -> Result {
            defer {
                try? FileManager.default.removeItem(atPath: scratch + ".out")
                try? FileManager.default.removeItem(atPath: scratch + ".err")
            }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
                throw TimedOut(command: command)
            }
            process.waitUntilExit()
            let out = try String(contentsOfFile: scratch + ".out", encoding: .utf8)
            let err = try String(contentsOfFile: scratch + ".err", encoding: .utf8)
            return Result(status: process.terminationStatus, stdout: out, stderr: err)
        }
    }

    public struct CannotCreate: Error {
        public let path: String
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public let command: String
        public var description: String { "timed out: \(command)" }
    }
}

/// A temporary folder with files in it, removed afterwards.
public final class TemporaryFolder {
    public let path: String

    public init(_ files: [String: String] = [:]) throws {
        path = NSTemporaryDirectory() + "frist-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }

    public func write(_ name: String, _ text: String) throws {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
