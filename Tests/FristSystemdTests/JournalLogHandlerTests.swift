#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import FristSystemd
import Logging
import Synchronization
import Testing

/// Collects what a handler writes.
private final class Lines: Sendable {
    private let storage = Mutex<[String]>([])
    var all: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}

private struct Broken: Error, CustomStringConvertible {
    var description: String { "connection refused" }
}

@Suite struct JournalLogHandlerTests {
    /// 2021-09-16T07:00:00Z, which is 09:00 in Copenhagen (summer time).
    static let instant = Date(timeIntervalSince1970: 1_631_775_600)
    static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!

    private func logger(journal: Bool, zone: TimeZone = copenhagen, at date: Date = instant,
                        provider: Logger.MetadataProvider? = nil) -> (Logger, Lines) {
        let lines = Lines()
        let handler = JournalLogHandler(
            label: "frist", journal: journal, metadataProvider: provider,
            timeZone: zone, now: { date }, write: { lines.append($0) }
        )
        return (Logger(label: "frist", factory: { _ in handler }), lines)
    }

    @Test func plainLinesHaveLocalTimeLevelAndLabel() {
        let (log, lines) = logger(journal: false)
        log.warning("delivery failed", metadata: ["channel": "teams", "attempt": "2"])
        log.info("armed")
        #expect(lines.all == [
            "2021-09-16T09:00:00+02:00 warning frist: delivery failed attempt=2 channel=teams\n",
            "2021-09-16T09:00:00+02:00 info frist: armed\n",
        ])
    }

    @Test func plainTimestampsFollowTheZone() {
        let winter = Date(timeIntervalSince1970: 1_640_995_200.75)  // 2022-01-01T00:00:00.75Z
        let (copenhagen, lines) = logger(journal: false, at: winter)
        copenhagen.error("x")
        let (utc, utcLines) = logger(journal: false, zone: TimeZone(identifier: "UTC")!, at: winter)
        utc.error("x")
        let (newYork, nyLines) = logger(journal: false, zone: TimeZone(identifier: "America/New_York")!, at: winter)
        newYork.error("x")
        let (kolkata, inLines) = logger(journal: false, zone: TimeZone(identifier: "Asia/Kolkata")!, at: winter)
        kolkata.error("x")
        #expect(lines.all == ["2022-01-01T01:00:00+01:00 error frist: x\n"])
        #expect(utcLines.all == ["2022-01-01T00:00:00+00:00 error frist: x\n"])
        #expect(nyLines.all == ["2021-12-31T19:00:00-05:00 error frist: x\n"])
        #expect(inLines.all == ["2022-01-01T05:30:00+05:30 error frist: x\n"])
    }

    @Test func journalLinesHavePriorityAndNoTimestamp() {
        let (log, lines) = logger(journal: true)
        log.warning("delivery failed", metadata: ["channel": "teams"])
        #expect(lines.all == ["<4>frist: delivery failed channel=teams\n"])
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorities(level: Logger.Level, priority: Int) {
        #expect(JournalLogHandler.priority(level) == priority)
        var (log, lines) = logger(journal: true)
        log.logLevel = .trace
        log.log(level: level, "m")
        #expect(lines.all == ["<\(priority)>frist: m\n"])
        let (plain, plainLines) = logger(journal: false)
        plain.log(level: level, "m")
        #expect(plainLines.all == ["2021-09-16T09:00:00+02:00 \(level.rawValue) frist: m\n"])
    }

    @Test func logLevelFilters() {
        let lines = Lines()
        var log = Logger(label: "frist") { label in
            JournalLogHandler(label: label, journal: true, logLevel: .info, timeZone: .gmt,
                              now: { Self.instant }, write: { lines.append($0) })
        }
        log.debug("hidden")
        log.info("shown")
        log.logLevel = .debug
        log.debug("now shown")
        #expect(lines.all == ["<6>frist: shown\n", "<7>frist: now shown\n"])
    }

    @Test func metadataIsSortedAndLaterSourcesWin() {
        let provider = Logger.MetadataProvider { ["task": "scheduler", "zone": "provider"] }
        var (log, lines) = logger(journal: true, provider: provider)
        log[metadataKey: "b"] = "handler"
        log[metadataKey: "zone"] = "handler"
        log[metadataKey: "key"] = "handler"
        log.notice("m", metadata: ["key": "taskforce/apv@2021-09-30#due", "a": "1", "Z": "upper"])
        #expect(lines.all == [
            "<5>frist: m Z=upper a=1 b=handler key=taskforce/apv@2021-09-30#due task=scheduler zone=provider\n",
        ])
    }

    @Test func valuesOfEveryKind() {
        let (log, lines) = logger(journal: true)
        log.info("m", metadata: [
            "list": ["a", "b"],
            "map": ["y": "2", "x": "1"],
            "number": .stringConvertible(42),
            "spaced": "two words",
            "quote": "say \"hi\"",
            "empty": "",
        ])
        #expect(lines.all == [
            #"<6>frist: m empty= list="[a, b]" map="[x: 1, y: 2]" number=42 quote="say \"hi\"" spaced="two words""# + "\n",
        ])
    }

    @Test func errorsAreMetadata() {
        let (log, lines) = logger(journal: true)
        log.error("send failed", error: Broken(), metadata: ["channel": "mail"])
        #expect(lines.all == [#"<3>frist: send failed channel=mail error="connection refused""# + "\n"])
    }

    @Test func oneMessageIsOneLine() {
        let (log, lines) = logger(journal: true)
        log.error("config invalid:\nfrist.yaml:3:1: bad\r\nend\u{1B}[0m", metadata: ["detail": "a\nb", "multi\nkey": "v"])
        let all = lines.all
        #expect(all == [#"<3>frist: config invalid:\nfrist.yaml:3:1: bad\r\nend\u{1B}[0m detail=a\nb multi\nkey=v"# + "\n"])
        #expect(all.allSatisfy { $0.filter { $0 == "\n" }.count == 1 && $0.hasSuffix("\n") })
        // A forged journal priority on a continuation line cannot happen either.
        let (plain, plainLines) = logger(journal: false)
        plain.info("first\n<0>forged")
        #expect(plainLines.all == [#"2021-09-16T09:00:00+02:00 info frist: first\n<0>forged"# + "\n"])
    }

    @Test func journalIsDetectedByDeviceAndInode() throws {
        let path = NSTemporaryDirectory() + "frist-journal-" + UUID().uuidString
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        var status = stat()
        try #require(fstat(fd, &status) == 0)
        let stream = "\(status.st_dev):\(status.st_ino)"

        #expect(JournalLogHandler.isJournal(environment: ["JOURNAL_STREAM": stream], fileDescriptor: fd))
        #expect(!JournalLogHandler.isJournal(environment: [:], fileDescriptor: fd))
        #expect(!JournalLogHandler.isJournal(
            environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino + 1)"], fileDescriptor: fd))
        #expect(!JournalLogHandler.isJournal(environment: ["JOURNAL_STREAM": "garbage"], fileDescriptor: fd))
        #expect(!JournalLogHandler.isJournal(environment: ["JOURNAL_STREAM": stream], fileDescriptor: -1))
        // The variable alone (inherited, stderr redirected elsewhere) is not enough.
        #expect(!JournalLogHandler.stderrIsJournal(environment: ["JOURNAL_STREAM": stream]))
    }

    @Test func publicInitChoosesTheFormFromTheEnvironment() {
        #expect(JournalLogHandler(label: "frist", journal: true).journal)
        #expect(!JournalLogHandler(label: "frist", journal: false).journal)
        #expect(JournalLogHandler(label: "frist").logLevel == .info)
    }
}
