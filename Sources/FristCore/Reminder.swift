/// What a reminder is about, relative to its due date.
public enum ReminderKind: Sendable, Hashable {
    /// Ahead of the deadline.
    case before(LeadTime)
    /// On the day.
    case due
    /// The k-th nag after the deadline (k from 1).
    case overdue(Int)
    /// Once, to other people, when the deadline is long past.
    case escalation
    /// A digest: many deadlines in one message (``Digest``).
    case digest

    /// `before`, `due`, `overdue`, `escalation` or `digest`, as in `--json` output.
    public var name: String {
        switch self {
        case .before: return "before"
        case .due: return "due"
        case .overdue: return "overdue"
        case .escalation: return "escalation"
        case .digest: return "digest"
        }
    }

    /// The part of the key after `#`: `before-14d`, `due`, `overdue-2`, `escalation`, `digest`.
    public var keySuffix: String {
        switch self {
        case .before(let lead): return "before-\(lead)"
        case .due: return "due"
        case .overdue(let k): return "overdue-\(k)"
        case .escalation: return "escalation"
        case .digest: return "digest"
        }
    }
}

/// One reminder the planner found due: which milestone occurrence, what kind, and when.
///
/// Compact on purpose (no strings): a plan over years can hold millions of them.
/// ``Plan`` turns one into its key, recipients and channels.
public struct Reminder: Sendable, Hashable, Comparable {
    /// Index of the milestone in ``Plan/milestones``.
    public let milestone: Int32
    /// The occurrence's original date (day number): names the occurrence in the key.
    public let occurrence: Int32
    /// The due date after `shift` (day number).
    public let due: Int32
    /// The local date the reminder goes out (day number).
    public let date: Int32
    public let kind: ReminderKind
    /// Seconds since the epoch (UTC).
    public let instant: Int64
    /// The zone's UTC offset at ``instant``, in seconds.
    public let utcOffset: Int32
    /// Where the key sorts: the milestone's rank, then this kind's rank among its kinds. Lets
    /// reminders be ordered by key without building key strings.
    let keyRank: Int32
    let suffixRank: UInt16

    /// Orders by instant, then by key (byte order), as `--json` output is sorted.
    public static func < (a: Reminder, b: Reminder) -> Bool {
        if a.instant != b.instant { return a.instant < b.instant }
        if a.keyRank != b.keyRank { return a.keyRank < b.keyRank }
        if a.occurrence != b.occurrence { return a.occurrence < b.occurrence }
        return a.suffixRank < b.suffixRank
    }
}
