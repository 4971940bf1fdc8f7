import FristCore
import FristText

/// The `frist upcoming` table's words: one table per language.
protocol UpcomingTableText: Sendable {
    var calendar: any CalendarWords { get }
    var headers: [String] { get }
    /// Monday first.
    var weekdays: [String] { get }
    var allProjects: String { get }
    /// "30.09.2021" / "2021-09-30".
    func date(_ d: LocalDate) -> String
    /// "uge 39" / "week 39".
    func week(_ d: LocalDate) -> String
    /// The line under the table: how many reminders (and digests, when there are any) from
    /// `first` through `last`.
    func total(reminders: Int, digests: Int, from first: LocalDate, through last: LocalDate) -> String
    /// The line instead of an empty table.
    func none(from first: LocalDate, through last: LocalDate) -> String
}

extension Language {
    /// The `upcoming` table's words in this language.
    var upcomingTableText: any UpcomingTableText {
        switch self {
        case .da: DanishUpcomingTableText()
        case .en: EnglishUpcomingTableText()
        }
    }
}

struct DanishUpcomingTableText: UpcomingTableText {
    var calendar: any CalendarWords { DanishCalendarWords() }
    var headers: [String] { ["Dato", "Dag", "Uge", "Kl.", "Projekt", "Milepæl", "Påmindelse", "Til"] }
    var weekdays: [String] { ["man", "tir", "ons", "tor", "fre", "lør", "søn"] }
    var allProjects: String { "alle projekter" }

    func date(_ d: LocalDate) -> String {
        (d.day < 10 ? "0" : "") + "\(d.day)." + (d.month < 10 ? "0" : "") + "\(d.month).\(d.year)"
    }

    func week(_ d: LocalDate) -> String { "uge " + String(d.isoWeek) }

    func total(reminders: Int, digests: Int, from first: LocalDate, through last: LocalDate) -> String {
        counted(reminders, "påmindelse", "påmindelser")
            + (digests == 0 ? "" : " og " + counted(digests, "oversigt", "oversigter"))
            + " \(date(first)) – \(date(last)).\n"
    }

    func none(from first: LocalDate, through last: LocalDate) -> String {
        "Ingen påmindelser \(date(first)) – \(date(last)).\n"
    }
}

struct EnglishUpcomingTableText: UpcomingTableText {
    var calendar: any CalendarWords { EnglishCalendarWords() }
    var headers: [String] { ["Date", "Day", "Week", "Time", "Project", "Milestone", "Reminder", "To"] }
    var weekdays: [String] { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] }
    var allProjects: String { "all projects" }

    func date(_ d: LocalDate) -> String { d.description }

    func week(_ d: LocalDate) -> String { "week " + String(d.isoWeek) }

    func total(reminders: Int, digests: Int, from first: LocalDate, through last: LocalDate) -> String {
        counted(reminders, "reminder", "reminders")
            + (digests == 0 ? "" : " and " + counted(digests, "digest", "digests"))
            + " \(date(first)) – \(date(last)).\n"
    }

    func none(from first: LocalDate, through last: LocalDate) -> String {
        "No reminders \(date(first)) – \(date(last)).\n"
    }
}
