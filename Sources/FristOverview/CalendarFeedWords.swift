import FristBoard
import FristCore
import FristText

/// The feed's words: one table per language.
protocol CalendarFeedWords: Sendable {
    /// The language in the feed's `PRODID`: "DA" / "EN".
    var productLanguage: String { get }
    var calendarName: String { get }
    var project: String { get }
    var owner: String { get }
    var markDone: String { get }
    var note: String { get }

    /// `30.09.2021` in Danish, `2021-09-30` in English.
    func date(_ day: Int) -> String

    /// "Frist 30.09.2021 kl. 14:00", "Due 2021-09-30".
    func due(_ d: Board.Deadline) -> String

    func moved(from day: Int) -> String

    func done(on day: Int) -> String
}

extension Language {
    /// The calendar feed's words in this language.
    var calendarFeedWords: any CalendarFeedWords {
        switch self {
        case .da: DanishCalendarFeedWords()
        case .en: EnglishCalendarFeedWords()
        }
    }
}

struct DanishCalendarFeedWords: CalendarFeedWords {
    var productLanguage: String { "DA" }
    var calendarName: String { "Frister" }
    var project: String { "Projekt" }
    var owner: String { "Ansvarlig" }
    var markDone: String { "Markér som udført" }
    var note: String { "Bemærkning" }

    func date(_ day: Int) -> String {
        LocalDate(dayNumber: day).description.split(separator: "-").reversed().joined(separator: ".")
    }

    func due(_ d: Board.Deadline) -> String {
        "Frist " + date(d.due) + (d.timeOfDay.map { " kl. " + $0.description } ?? "")
    }

    func moved(from day: Int) -> String { "Flyttet fra \(date(day)), en lukkedag" }

    func done(on day: Int) -> String { "Udført " + date(day) }
}

struct EnglishCalendarFeedWords: CalendarFeedWords {
    var productLanguage: String { "EN" }
    var calendarName: String { "Deadlines" }
    var project: String { "Project" }
    var owner: String { "Owner" }
    var markDone: String { "Mark done" }
    var note: String { "Note" }

    func date(_ day: Int) -> String { LocalDate(dayNumber: day).description }

    func due(_ d: Board.Deadline) -> String {
        "Due " + date(d.due) + (d.timeOfDay.map { " " + $0.description } ?? "")
    }

    func moved(from day: Int) -> String { "Moved from \(date(day)), a closed day" }

    func done(on day: Int) -> String { "Done " + date(day) }
}
