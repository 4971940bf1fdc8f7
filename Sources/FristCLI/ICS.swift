import ArgumentParser
import FristBoard
import FristConfig
import FristCore
import FristOverview
import FristStore
import Foundation

/// `frist ics`: the deadlines as an iCalendar feed, to import into a calendar program or to
/// publish for subscription.
struct ICS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ics",
        abstract: "Write the deadlines as an iCalendar (.ics) feed.",
        discussion: """
            One to-do per deadline, due on its date, with an alarm at each reminder before and on the \
            day; done ones (done: or frist ack) completed. --events writes events instead, for Outlook, \
            which ignores to-dos in subscribed calendars.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Events instead of to-dos (for Outlook).")
    var events = false

    @Option(help: "Write the feed to this file (replaced atomically) instead of standard output.")
    var output: String?

    func run() async throws {
        let config = try options.load()
        let plan = Plan(config.schedule)
        // The feed shows what is done, so it needs the state: without one it would call done work open.
        let board = Board(config: config, plan: plan, acknowledgements: try await StateAccess.acknowledgements(config, required: true),
                          now: SystemClock().now())
        let feed = CalendarFeed.render(board, plan: plan, style: events ? .events : .todos)
        if let output {
            try Self.replaceFile(output, with: feed)
        } else {
            Output.write(feed)
        }
    }

    /// Writes `text` to a temporary file beside `path`, then renames it over `path`: a web
    /// server or a sync job reading the file never sees half a feed.
    static func replaceFile(_ path: String, with text: String) throws {
        let temporary = path + ".\(getpid()).tmp"
        func reason() -> String { "cannot write \(path): \(String(cString: strerror(errno)))" }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FristFailure(reason()) }
        /// The failure for `errno`, the temporary file removed.
        func abandon(closing: Bool) -> FristFailure {
            let failure = FristFailure(reason())
            if closing { close(fd) }
            unlink(temporary)
            return failure
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw abandon(closing: true) }
            written += n
        }
        guard fsync(fd) == 0 else { throw abandon(closing: true) }
        guard close(fd) == 0, rename(temporary, path) == 0 else { throw abandon(closing: false) }
    }
}
