import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium, for tests that need a real browser: the DOM as the browser built it
/// (`--dump-dom`) and the page as it looks (`--screenshot`), for `file://` URLs and for
/// `http://127.0.0.1:PORT/` URLs alike. Debian's `chromium` package; `scripts/install-deps`
/// installs it in CI.
public struct Chromium: Sendable {
    /// The browser's path.
    public let executable: String
    /// How long one run may take before the browser (and every helper process) is killed.
    public let timeout: TimeInterval

    /// Finds the browser: `$CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on `PATH`.
    /// - Throws: ``ChromiumError/notFound(searched:)`` when there is none.
    public init(timeout: TimeInterval = 60) throws {
        let environment = ProcessInfo.processInfo.environment
        let names = ["chromium", "chromium-browser", "google-chrome"]
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let candidates = environment["CHROMIUM"].map { [$0] }
            ?? names.flatMap { name in folders.map { $0 + "/" + name } }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ChromiumError.notFound(searched: environment["CHROMIUM"] ?? names.joined(separator: ", "))
        }
        executable = found
        self.timeout = timeout
    }

    /// The page's DOM after it loaded (scripts run), serialised as HTML. The window is
    /// `width`×`height`, but headless Chromium lays pages out at least 500 px wide and takes
    /// its own frame's height off the height: to measure layout at a phone's width, load the
    /// page into an `<iframe>` of that size.
    public func dumpDOM(of url: String, width: Int = 1280, height: Int = 900) async throws -> String {
        try await run(["--window-size=\(width),\(height)", "--dump-dom", url]).stdout
    }

    /// Saves a PNG of exactly what a `width`×`height` CSS-pixel viewport shows of the page,
    /// at scale 1. The page goes into a frame of that size (see ``dumpDOM(of:width:height:)``
    /// for why), so a page that forbids framing (`X-Frame-Options`) cannot be shot this way.
    public func screenshot(of url: String, to path: String, width: Int, height: Int) async throws {
        let frame = NSTemporaryDirectory() + "frist-frame-" + UUID().uuidString + ".html"
        let quotedURL = url.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        try """
            <!DOCTYPE html><html><body style="margin:0;overflow:hidden"><iframe src="\(quotedURL)" \
            style="display:block;border:0;width:\(width)px;height:\(height)px"></iframe></body></html>
            """.write(toFile: frame, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: frame) }
        try? FileManager.default.removeItem(atPath: path)
        let result = try await run(["--window-size=\(width),\(height)", "--screenshot=" + path, "file://" + frame])
        guard FileManager.default.fileExists(atPath: path) else {
            throw ChromiumError.failed(status: 0, stderr: "no screenshot at \(path): " + result.stderr)
        }
    }

    /// Runs the browser once with a fresh profile, awaited without holding a thread of Swift's
    /// cooperative pool; output goes through files so a large DOM cannot block a pipe.
    private func run(_ arguments: [String]) async throws -> (stdout: String, stderr: String) {
        let scratch = NSTemporaryDirectory() + "frist-chromium-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch + "/profile", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scratch)/profile",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
            "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
        ]
        let status = try await spawnAndWait(common + arguments, output: scratch + "/out", errors: scratch + "/err")
        let out = (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? ""
        switch status {
        case .exited(0): return (out, err)
        case .exited(let code): throw ChromiumError.failed(status: code, stderr: err)
        case .timedOut: throw ChromiumError.timedOut(seconds: timeout, arguments: arguments)
        }
    }

    private enum Outcome { case exited(Int32), timedOut }

    /// Starts the browser in a process group of its own, so that on a timeout, and after every
    /// run, the helper processes it forks (zygote, renderer, GPU) are killed with it.
    private func spawnAndWait(_ arguments: [String], output: String, errors: String) async throws -> Outcome {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&files, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&files, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &files, &attributes, argv, envp)
        guard spawned == 0 else {
            throw ChromiumError.failed(status: -1, stderr: "cannot start \(executable): " + String(cString: strerror(spawned)))
        }

        // Wait without reaping (WNOWAIT), looking with WNOHANG between `Task.sleep`s: while the
        // browser is a zombie its group id cannot be reused, so killing the group below cannot
        // hit an unrelated process.
        let exited = await eventually(timeout: timeout, every: .milliseconds(20)) {
            var info = siginfo_t()
            return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_signo == SIGCHLD
        }
        kill(-pid, SIGKILL)
        // Reaped without blocking too: a browser that exited is a zombie already, one that ran
        // past the timeout goes within moments of the SIGKILL.
        var status: Int32 = 0
        let reaped = await eventually(timeout: 10, every: .milliseconds(20)) {
            var result: pid_t
            repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
            return result != 0
        }
        guard exited, reaped else { return .timedOut }
        // The wait status: low 7 bits the terminating signal (0 when it exited), then the exit code.
        return status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .exited(128 + (status & 0x7f))
    }
}

/// Why a Chromium run gave no result.
public enum ChromiumError: Error, CustomStringConvertible {
    /// No browser at `$CHROMIUM` or on `PATH`.
    case notFound(searched: String)
    /// The browser exited with a failure status, or wrote no screenshot; its stderr says why.
    case failed(status: Int32, stderr: String)
    /// The browser ran past the timeout and was killed with all its helpers.
    case timedOut(seconds: TimeInterval, arguments: [String])

    public var description: String {
        switch self {
        case .notFound(let searched):
            return "Chromium not found (looked for \(searched)); install it with `apt-get install chromium` "
                + "(scripts/install-deps does) or set CHROMIUM to its path"
        case .failed(let status, let stderr):
            return "Chromium failed (exit \(status)): " + String(stderr.suffix(2000))
        case .timedOut(let seconds, let arguments):
            return "Chromium did not finish within \(Int(seconds)) s and was killed: " + arguments.joined(separator: " ")
        }
    }
}
