import FristBoard
import FristCore
import FristText

/// The overview page in Danish (the default).
struct DanishOverviewPageText: OverviewPageText {
    var calendar: any CalendarWords { DanishCalendarWords() }
    var languageCode: String { "da" }
    var title: String { "Frister" }
    var projects: String { "Projekter" }
    var timeline: String { "Tidslinje" }
    var allDeadlines: String { "Alle frister" }
    var nextReminders: String { "Næste påmindelser" }
    var noReminders: String { "Ingen påmindelser på vej." }
    var noDeadlines: String { "Ingen frister at vise." }
    var noProjects: String { "Konfigurationen har ingen projekter." }
    var today: String { "i dag" }
    var period: String { "Periode" }
    var note: String { "Bemærkning" }
    var columns: (due: String, milestone: String, state: String, doneOn: String) {
        ("Frist", "Milepæl", "Status", "Udført den")
    }
    var ongoing: String { "løbende" }
    var lastSeparator: String { " og " }

    func state(_ state: Board.Deadline.State) -> String {
        switch state {
        case .overdue: return "Overskredet"
        case .done: return "Udført"
        case .open: return "Åben"
        }
    }

    func count(_ n: Int, _ state: Board.Deadline.State) -> String {
        switch state {
        case .overdue: return "\(n) overskredet"
        case .done: return "\(n) udført"
        case .open: return "\(n) " + (n == 1 ? "åben" : "åbne")
        }
    }

    func deadlines(_ n: Int) -> String { counted(n, "frist", "frister") }

    func notShown(_ n: Board.NotShown, after day: LocalDate) -> String {
        let date = calendar.date(day)
        return n.uncounted ? "Flere frister efter \(date) vises ikke." : "\(deadlines(n.count)) efter \(date) vises ikke."
    }

    func owners(_ n: Int) -> String { n == 1 ? "Ansvarlig" : "Ansvarlige" }

    func status(on day: LocalDate) -> String { "Status " + calendar.longDate(day) }

    func generated(on day: LocalDate, at time: LocalTime, zone: String) -> String {
        "Dannet af Frist " + calendar.longDate(day) + " " + clock(time) + " (" + zone + ")"
    }

    func shortDate(_ d: LocalDate, weekday: Bool) -> String {
        let month = calendar.month(d.month)
        // Danish abbreviations end in a full stop, except a name that is short already ("maj").
        let shortMonth = month.count > 3 ? String(month.prefix(3)) + "." : month
        return (weekday ? String(calendar.weekday(d.weekday).prefix(3)) + ". " : "") + "\(d.day). \(shortMonth) \(d.year)"
    }

    func clock(_ time: LocalTime) -> String { "kl. " + time.description }

    func moved(from d: LocalDate) -> String { "flyttet fra " + shortDate(d) }

    func quarter(_ q: Int) -> String { "K" + String(q) }

    func to(_ names: [String]) -> String { "til " + list(names) }

    func caption(project: String, count: Int) -> String { "\(deadlines(count)) i \(project), efter forfaldsdato" }

    func timelineTitle(project: String) -> String { "Tidslinje for " + project }

    func whereToday(_ position: TodayPosition, _ today: String) -> String {
        switch position {
        case .inside: return "I dag (\(today)) er markeret med en lodret streg."
        case .before: return "I dag (\(today)) ligger før tidslinjen."
        case .after: return "I dag (\(today)) ligger efter tidslinjen."
        }
    }

    func capped(shown: Int, of total: Int) -> String {
        "Tidslinjen viser de \(shown) frister nærmest i dag af i alt \(total)."
    }

    func tableCapped(shown: Int, of total: Int) -> String {
        "Tabellen viser de \(shown) frister nærmest i dag af i alt \(total); kalenderen (/calendar.ics) og /status.json har dem alle."
    }
}
