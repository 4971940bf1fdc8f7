public import FristCore

/// Month and weekday names in Danish and English, for dates people read: reminder messages and
/// the overview page spell dates the same way.
public enum CalendarWords {
    private static let danishMonths = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                                       "september", "oktober", "november", "december"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"]
    private static let danishWeekdays = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
    private static let englishWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// "september" / "September" for month 9.
    public static func month(_ month: Int, danish: Bool) -> String {
        (danish ? danishMonths : englishMonths)[month - 1]
    }

    /// "torsdag" / "Thursday".
    public static func weekday(_ weekday: Weekday, danish: Bool) -> String {
        (danish ? danishWeekdays : englishWeekdays)[weekday.rawValue - 1]
    }

    /// "30. september 2021" / "30 September 2021".
    public static func date(_ d: LocalDate, danish: Bool) -> String {
        danish ? "\(d.day). \(month(d.month, danish: true)) \(d.year)" : "\(d.day) \(month(d.month, danish: false)) \(d.year)"
    }

    /// "torsdag 30. september 2021" / "Thursday 30 September 2021".
    public static func longDate(_ d: LocalDate, danish: Bool) -> String {
        weekday(d.weekday, danish: danish) + " " + date(d, danish: danish)
    }
}

extension CalendarWords {
    /// What a reminder or digest is, in words: "14 dage før", "frist i dag", "overskredet,
    /// 2. rykker", "eskalering til …", "oversigt til …" — the `upcoming` table and the overview
    /// page say it the same way. `names` (display names) follow escalations and digests.
    public static func reminder(_ kind: ReminderKind, danish: Bool, to names: [String] = []) -> String {
        let to = names.isEmpty ? "" : (danish ? " til " : " to ") + names.joined(separator: ", ")
        switch (kind, danish) {
        case (.before(.calendarDays(let n)), true): return n == 1 ? "1 dag før" : "\(n) dage før"
        case (.before(.workingDays(let n)), true): return n == 1 ? "1 arbejdsdag før" : "\(n) arbejdsdage før"
        case (.due, true): return "frist i dag"
        case (.overdue(let k), true): return "overskredet, \(k). rykker"
        case (.escalation, true): return "eskalering" + to
        case (.digest, true): return "oversigt" + to
        case (.before(.calendarDays(let n)), false): return n == 1 ? "1 day before" : "\(n) days before"
        case (.before(.workingDays(let n)), false): return n == 1 ? "1 working day before" : "\(n) working days before"
        case (.due, false): return "due today"
        case (.overdue(let k), false): return "overdue, reminder \(k)"
        case (.escalation, false): return "escalation" + to
        case (.digest, false): return "digest" + to
        }
    }
}
