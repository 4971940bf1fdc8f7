internal import Foundation
internal import GRDB
internal import Synchronization

/// Frist's durable state: the outbox (one row per reminder key and channel), the delivery
/// attempts, the acknowledgements (`frist ack`) and a little metadata, in one SQLite file
/// `<state_dir>/frist.sqlite` in WAL mode.
///
/// Several processes may open the same file at once (the daemon and `frist ack`, `frist
/// status`): writers wait up to five seconds for each other instead of failing. Every method
/// is synchronous and runs in its own transaction; a `Store` may be shared between threads.
public final class Store: Sendable {
    /// The database file, `<directory>/frist.sqlite`.
    public let path: String
    /// Whether this open created the database (there was no file): the caller says so, since a
    /// state that silently starts empty may be a wiped one.
    public let created: Bool
    /// Where an unreadable database was moved (with `replacingUnreadable`), if it was.
    public let movedAside: String?

    /// The database: a pool on the state file, or whatever a test gives (an in-memory queue).
    let writer: any DatabaseWriter

    /// `PRAGMA data_version` on the writer connection when last looked at: it changes only
    /// when another connection (another process, another `Store`) commits.
    private let seenDataVersion: Mutex<Int64>

    /// How long a writer waits for another process's write to finish before failing.
    static let busyTimeout: TimeInterval = 5

    /// Opens `<directory>/frist.sqlite`, creating the directory (mode 0700; missing parents
    /// too) and the database if missing, and brings the schema up to date.
    ///
    /// A database file of zero bytes, cut off, or not SQLite at all is refused (it is a wiped
    /// or damaged state, and opening it would silently start an empty one), unless
    /// `replacingUnreadable` (`frist run --new-state`): then it is moved aside and a new one made.
    ///
    /// - Throws: ``StoreError``, one line naming the directory or the database file.
    public init(directory: String, replacingUnreadable: Bool = false) throws {
        try Self.makeDirectory(directory)
        let path = directory.hasSuffix("/") ? directory + "frist.sqlite" : directory + "/frist.sqlite"
        self.path = path
        var movedAside: String?
        if let damage = StateFileCheck.damage(at: path) {
            guard replacingUnreadable else { throw damage }
            movedAside = try StateFileCheck.moveAside(path)
        }
        var created = access(path, F_OK) != 0

        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "frist.store"
        // In WAL mode NORMAL survives any process crash (the WAL is in the file); only power loss
        // can undo the last commits, and then a reminder is re-sent under its key, never lost.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        // Processes opening a brand-new database together (the daemon and `frist ack`) can meet
        // SQLITE_BUSY while one of them switches it to WAL or migrates it, where SQLite does not
        // wait: opening again, briefly and a bounded number of times, gets through.
        var attempt = 0
        while true {
            attempt += 1
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try Self.migrator.migrate(pool)
                let version = try pool.writeWithoutTransaction { db in
                    try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                }
                self.writer = pool
                seenDataVersion = Mutex(version)
                self.created = created
                self.movedAside = movedAside
                return
            } catch let error as DatabaseError where attempt < 20 && Self.raceWithAnotherOpener(error) {
                usleep(UInt32(50_000 + Int.random(in: 0..<50_000)))
            } catch {
                let failure = StoreError.database(path, error, opening: true)
                // A database this open began but could not write (a full disk) is not left
                // behind as an empty file, which the next start would take for a wiped state.
                if created { Self.removeEmpty(path) }
                // A file SQLite calls corrupt on opening, though its header looked whole.
                guard failure.kind == .corrupt, replacingUnreadable, movedAside == nil else { throw failure }
                movedAside = try StateFileCheck.moveAside(path)
                created = true
            }
        }
    }

    /// A store on `writer`, its schema brought up to date: an in-memory database for tests
    /// where no file is the point (`Store.inMemory()`).
    init(writer: any DatabaseWriter, path: String) throws {
        try Self.migrator.migrate(writer)
        self.writer = writer
        self.path = path
        created = true
        movedAside = nil
        seenDataVersion = Mutex(try writer.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 })
    }

    /// An empty store in memory.
    static func inMemory() throws -> Store {
        try Store(writer: DatabaseQueue(), path: ":memory:")
    }

    /// A busy or locked database, or a schema another process changed between our look and our
    /// write (a table it created, an index a migration of its own dropped, a migration it
    /// recorded as applied while ours ran again): what two processes opening the same new or
    /// older database run into. GRDB reads which migrations are applied before it takes the lock.
    private static func raceWithAnotherOpener(_ error: DatabaseError) -> Bool {
        let message = error.message ?? ""
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
            || (error.resultCode == .SQLITE_ERROR && (message.contains("already exists") || message.contains("no such index")))
            || (error.resultCode == .SQLITE_CONSTRAINT && message.contains("grdb_migrations"))
    }

    /// Removes the database at `path` and its WAL and shared-memory files if the database is empty.
    private static func removeEmpty(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size == 0 else { return }
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Creates `directory` with mode 0700 if it does not exist (parents with the usual mode,
    /// as `mkdir -p -m 0700` does); fails if it exists and is not a directory.
    static func makeDirectory(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw StoreError(path: directory,
                                 description: "state directory \(directory) is a file, not a directory")
            }
            return
        }
        guard !directory.isEmpty else {
            throw StoreError(path: directory, description: "state directory is an empty path")
        }
        // Each missing ancestor, outermost first.
        var missing: [String] = []
        var current = directory
        while !current.isEmpty, current != "/" {
            while current.count > 1, current.hasSuffix("/") { current.removeLast() }
            if stat(current, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw StoreError(path: directory, description:
                        "cannot create state directory \(directory): \(current) is a file, not a directory")
                }
                break
            }
            missing.append(current)
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        for (index, folder) in missing.reversed().enumerated() {
            let last = index == missing.count - 1
            if mkdir(folder, last ? 0o700 : 0o755) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw StoreError(path: directory,
                                 description: "cannot create state directory \(directory): \(reason)")
            }
            // The umask may have taken bits away; the state directory is exactly 0700.
            if last { _ = chmod(folder, 0o700) }
        }
    }

    /// Runs `body` in one write transaction (IMMEDIATE: waits for other writers up front).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.database(path, error)
        }
    }

    /// Runs `body` on a consistent snapshot of the database.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.database(path, error)
        }
    }

    /// True if another connection (another process, e.g. `frist ack` while the daemon runs,
    /// or another `Store` on the same file) committed a change since the previous call (or,
    /// the first time, since this `Store` was opened). This `Store`'s own writes do not count.
    ///
    /// Cheap: one `PRAGMA data_version`, no table is read.
    /// With `consume: false` the change is only looked at: the next call still reports it
    /// (the daemon's poll looks, its planning round takes it).
    public func changedElsewhere(consume: Bool = true) throws -> Bool {
        do {
            return try writer.writeWithoutTransaction { db in
                let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                return seenDataVersion.withLock { seen in
                    defer { if consume { seen = version } }
                    return seen != version
                }
            }
        } catch {
            throw StoreError.database(path, error)
        }
    }
}
