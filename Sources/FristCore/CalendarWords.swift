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

    /// "torsdag 30. september 2021" / "Thursday 30 September 2021".
    public static func longDate(_ d: LocalDate, danish: Bool) -> String {
        danish
            ? "\(weekday(d.weekday, danish: true)) \(d.day). \(month(d.month, danish: true)) \(d.year)"
            : "\(weekday(d.weekday, danish: false)) \(d.day) \(month(d.month, danish: false)) \(d.year)"
    }
}
