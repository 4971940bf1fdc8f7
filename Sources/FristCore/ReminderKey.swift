/// A reminder's idempotency key, `project/milestone@YYYY-MM-DD#kind[-offset]` (a digest's:
/// `digest/<id>@YYYY-MM-DD#digest`): what the outbox, the log lines, the metrics and `frist ack`
/// name a reminder by. One type writes and reads it, so the format lives in one place.
public struct ReminderKey: Sendable, Hashable, CustomStringConvertible {
    /// `project/milestone`, or `digest/<id>`.
    public let prefix: String
    /// The date that names the occurrence (the rule's own date, before any shift).
    public let occurrence: LocalDate
    /// `before-14d`, `before-10bd`, `due`, `overdue-2`, `escalation`, `digest`.
    public let suffix: String

    public init(prefix: String, occurrence: LocalDate, suffix: String) {
        self.prefix = prefix
        self.occurrence = occurrence
        self.suffix = suffix
    }

    /// Reads a key; nil when `text` is not one (no `@date`, no `#kind`, not a real date).
    public init?(_ text: String) {
        guard let at = text.lastIndex(of: "@"), let hash = text[at...].firstIndex(of: "#"),
              let date = LocalDate(iso: text[text.index(after: at)..<hash]) else { return nil }
        let suffix = text[text.index(after: hash)...]
        guard !suffix.isEmpty, at > text.startIndex else { return nil }
        prefix = String(text[..<at])
        occurrence = date
        self.suffix = String(suffix)
    }

    /// The key as written: `project/milestone@YYYY-MM-DD#kind[-offset]`.
    public var description: String { Self.text(prefix: prefix, occurrence: occurrence, suffix: suffix) }

    /// `project/milestone@YYYY-MM-DD`: the occurrence, as `frist ack` takes it.
    public var target: String { Self.target(prefix: prefix, occurrence: occurrence) }

    /// `before`, `due`, `overdue`, `escalation`, `digest`: the kind without its offset.
    public var kind: String { String(suffix.prefix { $0 != "-" }) }

    /// The key's text without making a key first (planning writes millions of them).
    @inline(__always)
    public static func text(prefix: String, occurrence: LocalDate, suffix: String) -> String {
        target(prefix: prefix, occurrence: occurrence) + "#" + suffix
    }

    @inline(__always)
    public static func target(prefix: String, occurrence: LocalDate) -> String {
        prefix + "@" + occurrence.description
    }
}
