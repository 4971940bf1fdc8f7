import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away PostgreSQL server for the tests: `initdb` into a temporary folder, the server
/// listening on 127.0.0.1 only, on a free port (its Unix socket in the folder), stopped and
/// removed at the end.
///
/// The server (`postgres -D`) is this process's child, not daemonized by `pg_ctl start`:
/// Foundation's `Process` sees a child end when a socket it shares with the child closes, and a
/// daemon that inherits it keeps it open, so `pg_ctl start` never looks finished. Stopping and
/// restarting are what `pg_ctl` does: SIGINT is `-m fast`, SIGTERM `-m smart`, SIGQUIT `-m immediate`.
///
/// Connections from 127.0.0.1 are trusted, except ``passwordRole``, which
/// must give ``password`` (SCRAM): the tests of the password path use it.
///
/// The binaries are the newest `/usr/lib/postgresql/*/bin` (Debian's), else `PATH`. As root
/// (initdb refuses root) the server runs as the `postgres` user through `setpriv`.
///
/// ``shared`` is one server for the whole test process, started at first use; a test that
/// restarts or stops the server starts its own with ``start()``. Each test makes its own
/// database (``createDatabase()``), so tests stay independent.
public final class PostgresServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The superuser initdb creates (trusted from 127.0.0.1).
    public static let superuser = "postgres"
    /// A role that must authenticate with ``password``.
    public static let passwordRole = "frist_secret"
    public static let password = "s3cret-Pa55word-never-shown"

    public let port: Int
    /// The temporary folder: `data/`, the socket, `server.log`.
    public let directory: String
    private let bin: String
    private let stopped = Mutex(false)
    /// The running server process.
    private let process = Mutex<Process?>(nil)

    /// One server for the whole test process, started at first use, stopped when the process exits.
    public static var shared: PostgresServer {
        get async throws { try await SharedServer.instance.server() }
    }

    /// A server of its own (for a test that restarts or stops it): ``stop()`` it at the end.
    public static func start() async throws -> PostgresServer {
        let bin = try binaries()
        let directory = NSTemporaryDirectory() + "frist-pg-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if geteuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw Failure(description: "running as root, but there is no postgres user to run PostgreSQL as")
            }
            guard chown(directory, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw Failure(description: "cannot chown \(directory) to postgres")
            }
        }
        let server = PostgresServer(port: try freeLoopbackPort(), directory: directory, bin: bin)
        do {
            try await server.initialize()
            try server.launch()
            try await server.waitReady()
            try await server.psql("CREATE ROLE \(passwordRole) LOGIN PASSWORD '\(password)'")
        } catch {
            await server.stop()
            throw error
        }
        ExitCleanup.register(server)
        return server
    }

    private init(port: Int, directory: String, bin: String) {
        self.port = port
        self.directory = directory
        self.bin = bin
    }

    deinit { stopNow() }

    private var data: String { directory + "/data" }
    private var log: String { directory + "/server.log" }

    /// `postgresql://user@127.0.0.1:port/database?sslmode=disable` (no password in it).
    public func url(database: String, user: String = PostgresServer.superuser) -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// A new, empty database; returns its name.
    public func createDatabase() async throws -> String {
        let name = "frist_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await psql("CREATE DATABASE \(name)")
        try await psql("GRANT ALL ON SCHEMA public TO \(Self.passwordRole)", database: name)
        return name
    }

    /// Runs `sql` as the superuser; returns what psql printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        let result = try await FristBinary.result(executable: bin + "/psql", [
            "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.superuser, "-d", database,
            "-v", "ON_ERROR_STOP=1", "-X", "-A", "-t", "-c", sql,
        ], directory: NSTemporaryDirectory(), timeout: 60)
        guard result.status == 0 else {
            throw Failure(description: "psql \(sql): exit \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Restarts the server as `pg_ctl restart` does (`fast`: clients are disconnected at once;
    /// else smart: it waits for them to leave); ready again when it returns.
    public func restart(fast: Bool = true) async throws {
        try await down(fast: fast)
        try await up()
    }

    /// Shuts the server down (as `pg_ctl stop`), its data kept: an outage until ``up()``.
    public func down(fast: Bool = true) async throws {
        guard await shutDown(signal: fast ? SIGINT : SIGTERM, within: 60) else {
            throw Failure(description: "PostgreSQL on port \(port) did not stop; its log:\n\(serverLog())")
        }
    }

    /// Starts the server again after ``down(fast:)``; ready when it returns.
    public func up() async throws {
        try launch()
        try await waitReady()
    }

    /// Stops the server (fast shutdown, then immediate if that does not do) and removes its folder.
    public func stop() async {
        guard markStopped() else { return }
        if !(await shutDown(signal: SIGINT, within: 20)) { _ = await shutDown(signal: SIGQUIT, within: 20) }
        try? FileManager.default.removeItem(atPath: directory)
        ExitCleanup.unregister(self)
    }

    /// Last resort (deinit, process exit): an immediate shutdown, waited for on this thread.
    func stopNow() {
        guard markStopped() else { return }
        if let process = process.withLock({ $0 }), process.isRunning {
            kill(process.processIdentifier, SIGQUIT)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts `postgres -D data` (as the postgres user when we are root), its output to `server.log`.
    private func launch() throws {
        let server = Process()
        let (executable, arguments) = command("postgres", ["-D", data])
        server.executableURL = URL(fileURLWithPath: executable)
        server.arguments = arguments
        server.currentDirectoryURL = URL(fileURLWithPath: directory)
        server.standardInput = FileHandle.nullDevice
        if !FileManager.default.fileExists(atPath: log) {
            guard FileManager.default.createFile(atPath: log, contents: nil) else {
                throw Failure(description: "cannot create \(log)")
            }
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try output.seekToEnd()
        server.standardOutput = output
        server.standardError = output
        try server.run()
        process.withLock { $0 = server }
    }

    /// Signals the server and waits (polling, bounded) for it to exit; whether it did.
    private func shutDown(signal: Int32, within seconds: TimeInterval) async -> Bool {
        guard let server = process.withLock({ $0 }) else { return true }
        if server.isRunning { kill(server.processIdentifier, signal) }
        return await eventually(timeout: seconds, every: .milliseconds(20)) { !server.isRunning }
    }

    private func markStopped() -> Bool {
        stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
    }

    private func initialize() async throws {
        try await run("initdb", ["-D", data, "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"])
        let settings = """

            listen_addresses = '127.0.0.1'
            port = \(port)
            unix_socket_directories = '\(directory)'
            max_connections = 300
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            password_encryption = 'scram-sha-256'
            """
        let hba = """
            local all all trust
            host all \(Self.passwordRole) 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust
            """
        try await appendAsServer(settings, to: data + "/postgresql.conf")
        try hba.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
    }

    /// Appends to a file of the data folder (written by us, readable by the server: we are root or its owner).
    private func appendAsServer(_ text: String, to path: String) async throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Waits (bounded, polling `pg_isready`) until the server accepts connections.
    private func waitReady() async throws {
        var ready = false
        _ = try await eventually(timeout: 60) {
            if let server = process.withLock({ $0 }), !server.isRunning { return true }
            let result = try await FristBinary.result(executable: bin + "/pg_isready",
                                                      ["-h", "127.0.0.1", "-p", "\(port)", "-t", "5"],
                                                      directory: NSTemporaryDirectory(), timeout: 10)
            ready = result.status == 0
            return ready
        }
        guard ready else { throw Failure(description: "PostgreSQL on port \(port) not ready; its log:\n\(serverLog())") }
    }

    public func serverLog() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Runs a server program (as the postgres user when we are root); its exit status.
    @discardableResult
    private func run(_ program: String, _ arguments: [String], check: Bool = true) async throws -> Int32 {
        let (executable, all) = command(program, arguments)
        let result = try await FristBinary.result(executable: executable, all, directory: directory, timeout: 120)
        if check && result.status != 0 {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")): exit \(result.status)\n"
                + result.stdout + result.stderr + "\n" + serverLog())
        }
        return result.status
    }

    private func command(_ program: String, _ arguments: [String]) -> (String, [String]) {
        if geteuid() == 0 {
            return ("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--clear-groups", "--", bin + "/" + program]
                + arguments)
        }
        return (bin + "/" + program, arguments)
    }

    /// The newest `/usr/lib/postgresql/N/bin` with initdb in it, else the folder of `initdb` on `PATH`.
    private static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder) + "/initdb").resolvingSymlinksInPath()
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate.deletingLastPathComponent().path
            }
        }
        throw Failure(description: "PostgreSQL's initdb is not installed (apt-get install postgresql)")
    }
}

/// The shared server, started once.
private actor SharedServer {
    static let instance = SharedServer()
    private var starting: Task<PostgresServer, any Error>?

    func server() async throws -> PostgresServer {
        if let starting { return try await starting.value }
        let task = Task { try await PostgresServer.start() }
        starting = task
        return try await task.value
    }
}

/// Servers still running when the test process exits are stopped then (`atexit`).
private enum ExitCleanup {
    static let servers = Mutex<[ObjectIdentifier: PostgresServer]>([:])
    static let installed = Mutex(false)

    static func register(_ server: PostgresServer) {
        servers.withLock { $0[ObjectIdentifier(server)] = server }
        installed.withLock { installed in
            guard !installed else { return }
            installed = true
            atexit {
                for server in ExitCleanup.servers.withLock({ Array($0.values) }) { server.stopNow() }
            }
        }
    }

    static func unregister(_ server: PostgresServer) {
        _ = servers.withLock { $0.removeValue(forKey: ObjectIdentifier(server)) }
    }
}
