public import FristCore

/// Month and weekday names and reminder kinds in words, for dates people read: reminder
/// messages, the overview page, the listener's pages and the `upcoming` table spell them the
/// same way. One table per language: ``DanishCalendarWords``, ``EnglishCalendarWords``.
public protocol CalendarWords: Sendable {
    /// January first.
    var months: [String] { get }
    /// Monday first.
    var weekdays: [String] { get }
    /// "30. september 2021" / "30 September 2021".
    func date(_ d: LocalDate) -> String
    /// What a reminder or digest is, in words: "14 dage før", "frist i dag", "overskredet,
    /// 2. rykker", "eskalering til …", "oversigt til …" — the `upcoming` table and the overview
    /// page say it the same way. `names` (display names) follow escalations and digests.
    func reminder(_ kind: ReminderKind, to names: [String]) -> String
}

extension CalendarWords {
    /// "september" / "September" for month 9.
    public func month(_ month: Int) -> String { months[month - 1] }

    /// "torsdag" / "Thursday".
    public func weekday(_ weekday: Weekday) -> String { weekdays[weekday.rawValue - 1] }

    /// "torsdag 30. september 2021" / "Thursday 30 September 2021".
    public func longDate(_ d: LocalDate) -> String { weekday(d.weekday) + " " + date(d) }

    /// What a reminder is, in words, without names.
    public func reminder(_ kind: ReminderKind) -> String { reminder(kind, to: []) }
}

extension Language {
    /// The calendar words of this language.
    public var calendarWords: any CalendarWords {
        switch self {
        case .da: DanishCalendarWords()
        case .en: EnglishCalendarWords()
        }
    }
}

public struct DanishCalendarWords: CalendarWords {
    public init() {}

    public let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                         "september", "oktober", "november", "december"]
    public let weekdays = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]

    public func date(_ d: LocalDate) -> String { "\(d.day). \(month(d.month)) \(d.year)" }

    public func reminder(_ kind: ReminderKind, to names: [String]) -> String {
        let to = names.isEmpty ? "" : " til " + names.joined(separator: ", ")
        switch kind {
        case .before(.calendarDays(let n)): return n == 1 ? "1 dag før" : "\(n) dage før"
        case .before(.workingDays(let n)): return n == 1 ? "1 arbejdsdag før" : "\(n) arbejdsdage før"
        case .due: return "frist i dag"
        case .overdue(let k): return "overskredet, \(k). rykker"
        case .escalation: return "eskalering" + to
        case .digest: return "oversigt" + to
        }
    }
}

public struct EnglishCalendarWords: CalendarWords {
    public init() {}

    public let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    public let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    public func date(_ d: LocalDate) -> String { "\(d.day) \(month(d.month)) \(d.year)" }

    public func reminder(_ kind: ReminderKind, to names: [String]) -> String {
        let to = names.isEmpty ? "" : " to " + names.joined(separator: ", ")
        switch kind {
        case .before(.calendarDays(let n)): return n == 1 ? "1 day before" : "\(n) days before"
        case .before(.workingDays(let n)): return n == 1 ? "1 working day before" : "\(n) working days before"
        case .due: return "due today"
        case .overdue(let k): return "overdue, reminder \(k)"
        case .escalation: return "escalation" + to
        case .digest: return "digest" + to
        }
    }
}
