#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
package import Foundation
public import Logging
import Synchronization

/// A swift-log handler that writes one line per message to stderr.
///
/// Under journald (stderr is the stream that `$JOURNAL_STREAM` names) a line starts with
/// the syslog priority, `<N>`, which journald strips and stores as the entry's priority, and
/// has no timestamp, because the journal adds its own:
///
///     <4>frist: delivery failed channel=teams key=taskforce/apv@2021-09-30#due
///
/// Anywhere else (a terminal, a file, a pipe) a line carries local time with its offset and
/// the level's name:
///
///     2021-09-16T09:00:00+02:00 warning frist: delivery failed channel=teams key=…
///
/// Metadata follows as ` key=value`, sorted by key (the handler's, then the metadata
/// provider's, then the message's own, later ones winning; an attached error is `error=`).
/// A value with a space or a quote is written in double quotes. Line breaks and other
/// control characters are escaped (`\n`, `\r`, `\u{1B}`), so one message is always one line.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// The logger's label, printed before the message.
    public let label: String
    /// Whether lines are written in the journal's form (`<N>` prefix, no timestamp).
    public let journal: Bool

    private let timeZone: TimeZone
    private let now: @Sendable () -> Date
    private let output: @Sendable (String) -> Void

    /// A handler writing to stderr; `journal` nil means ``stderrIsJournal(environment:)``.
    public init(
        label: String,
        journal: Bool? = nil,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.init(
            label: label,
            journal: journal ?? Self.stderrIsJournal(),
            logLevel: logLevel,
            metadataProvider: metadataProvider,
            timeZone: .current,
            now: { Date() },
            write: Self.writeToStandardError
        )
    }

    /// A handler with its output, clock and zone injected (for tests): `write` receives each
    /// whole line, ending in `\n`.
    package init(
        label: String,
        journal: Bool,
        logLevel: Logger.Level = .trace,
        metadataProvider: Logger.MetadataProvider? = nil,
        timeZone: TimeZone,
        now: @escaping @Sendable () -> Date,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.journal = journal
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.timeZone = timeZone
        self.now = now
        self.output = write
    }

    /// Makes this handler the process's: `LoggingSystem.bootstrap` with stderr, the journal
    /// decided once, now. Call it once, first thing in `main`.
    public static func bootstrap(
        logLevel: Logger.Level = .info,
        journal: Bool? = nil,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        let journal = journal ?? stderrIsJournal()
        LoggingSystem.bootstrap(
            { label, provider in
                JournalLogHandler(label: label, journal: journal, logLevel: logLevel, metadataProvider: provider)
            },
            metadataProvider: metadataProvider
        )
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        output(line(for: event))
    }

    /// The line `event` becomes, with its trailing newline.
    package func line(for event: LogEvent) -> String {
        var line = ""
        if journal {
            line += "<\(Self.priority(event.level))>"
        } else {
            line += Self.timestamp(now(), in: timeZone)
            line += " "
            line += event.level.rawValue
            line += " "
        }
        line += Self.escape(label)
        line += ": "
        line += Self.escape(event.message.description)
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error, merged["error"] == nil {
            merged["error"] = .string(String(describing: error))
        }
        for key in merged.keys.sorted() {
            line += " "
            line += Self.escape(key)
            line += "="
            line += Self.quoted(Self.escape(Self.render(merged[key]!)))
        }
        line += "\n"
        return line
    }

    // MARK: - Journal

    /// Whether the process's stderr is connected to journald (`environment` nil: the process's).
    public static func stderrIsJournal(environment: [String: String]? = nil) -> Bool {
        isJournal(environment: environment ?? ProcessInfo.processInfo.environment, fileDescriptor: STDERR_FILENO)
    }

    /// Whether `fileDescriptor` is the stream `$JOURNAL_STREAM` (`device:inode`, decimal) names,
    /// as `sd_journal_stream_fd(3)`'s documentation says to check: the variable alone is
    /// inherited by children whose stderr was redirected.
    public static func isJournal(environment: [String: String], fileDescriptor: Int32) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(fileDescriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// The syslog priority of `level`, as journald reads it from a `<N>` prefix.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    // MARK: - Formatting

    /// `2021-09-16T09:00:00+02:00`: whole seconds, local time in `zone`, offset with a colon.
    static func timestamp(_ date: Date, in zone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        var time = time_t(seconds + offset)
        var fields = tm()
        gmtime_r(&time, &fields)
        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = abs(offset) / 60
        return pad(Int(fields.tm_year) + 1900, 4) + "-" + pad(Int(fields.tm_mon) + 1, 2) + "-"
            + pad(Int(fields.tm_mday), 2) + "T" + pad(Int(fields.tm_hour), 2) + ":"
            + pad(Int(fields.tm_min), 2) + ":" + pad(Int(fields.tm_sec), 2)
            + sign + pad(offsetMinutes / 60, 2) + ":" + pad(offsetMinutes % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `text` with line breaks and other control characters (but tab) escaped.
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case _ where needsEscape(scalar):
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00..<0x20, 0x7F, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A value in double quotes (with `"` and `\` escaped) if it holds a space or a quote.
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == " " || $0 == "\"" || $0 == "\t" }) else { return value }
        var result = "\""
        for character in value {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        result.append("\"")
        return result
    }

    /// A metadata value as text; nested dictionaries with their keys sorted.
    static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(render).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            "[" + dictionary.keys.sorted().map { "\($0): \(render(dictionary[$0]!))" }.joined(separator: ", ") + "]"
        }
    }

    // MARK: - Output

    private static let writeLock = Mutex<Void>(())

    /// Writes `line` to fd 2 in one `write(2)` where the kernel allows, whole lines never
    /// interleaved between threads. Errors are ignored: logging must not stop the daemon.
    @Sendable static func writeToStandardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            writeLock.withLock { _ in
                var offset = 0
                while offset < bytes.count {
                    let written = write(STDERR_FILENO, base + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
