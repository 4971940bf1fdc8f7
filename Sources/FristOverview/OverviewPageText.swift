import FristBoard
import FristCore
import FristText

/// Every word on the overview page: one table per language (``DanishOverviewPageText``,
/// ``EnglishOverviewPageText``). Plain text: the page escapes it like any other string.
protocol OverviewPageText: Sendable {
    /// Month and weekday names.
    var calendar: any CalendarWords { get }
    var languageCode: String { get }
    var title: String { get }
    var projects: String { get }
    var timeline: String { get }
    var allDeadlines: String { get }
    var nextReminders: String { get }
    var noReminders: String { get }
    var noDeadlines: String { get }
    var noProjects: String { get }
    var today: String { get }
    var period: String { get }
    /// Before an acknowledgement's note (`frist ack --note`).
    var note: String { get }
    var columns: (due: String, milestone: String, state: String, doneOn: String) { get }
    /// Of a series without end: "løbende" / "ongoing".
    var ongoing: String { get }
    /// Between the last two items of a list: " og " / " and ".
    var lastSeparator: String { get }

    /// The state as a label: "Overskredet" / "Overdue".
    func state(_ state: Board.Deadline.State) -> String

    /// "3 overskredet", "1 åben", "12 åbne", "9 udført" / "3 overdue", "12 open", "9 done".
    func count(_ n: Int, _ state: Board.Deadline.State) -> String

    /// "1 frist", "25 frister" / "1 deadline", "25 deadlines".
    func deadlines(_ n: Int) -> String

    /// What the board leaves out after its horizon: "8 frister efter 30. maj 2023 vises ikke." /
    /// "1 deadline after 30 May 2023 is not shown."; past counting: "Flere frister efter …" /
    /// "More deadlines after …".
    func notShown(_ n: Board.NotShown, after day: LocalDate) -> String

    /// "Ansvarlig" / "Ansvarlige" / "Owner" / "Owners".
    func owners(_ n: Int) -> String

    /// "Status tirsdag 20. september 2022" / "Status on Tuesday 20 September 2022".
    func status(on day: LocalDate) -> String

    /// "Dannet af Frist tirsdag 20. september 2022 kl. 10:00 (Europe/Copenhagen)".
    func generated(on day: LocalDate, at time: LocalTime, zone: String) -> String

    /// "30. sep. 2021" / "30 Sep 2021"; with the weekday: "tor. 30. sep. 2021" / "Thu 30 Sep 2021".
    func shortDate(_ d: LocalDate, weekday: Bool) -> String

    /// "kl. 14:00" / "14:00".
    func clock(_ time: LocalTime) -> String

    /// Under a due date that `shift` moved off a closed day: "flyttet fra 31. dec. 2021".
    func moved(from d: LocalDate) -> String

    /// A quarter tick: "K3" (kvartal) / "Q3".
    func quarter(_ q: Int) -> String

    /// "til Anne Jensen og Mette Kjærgaard" / "to Anne Jensen and Mette Kjærgaard".
    func to(_ names: [String]) -> String

    /// The table's caption, for screen readers: what it lists and in which order.
    func caption(project: String, count: Int) -> String

    /// The timeline graphic's accessible name.
    func timelineTitle(project: String) -> String

    /// Where today lies, in the timeline graphic's description.
    func whereToday(_ position: TodayPosition, _ today: String) -> String

    /// Said under a timeline that shows only some of the deadlines.
    func capped(shown: Int, of total: Int) -> String

    /// Said under a table that lists only some of the deadlines.
    func tableCapped(shown: Int, of total: Int) -> String
}

extension OverviewPageText {
    /// A project's period: "31. mar. 2021 – 31. dec. 2023"; a series without end: "31. mar.
    /// 2021 – løbende" / "31 Mar 2021 – ongoing".
    func period(_ p: Board.Period) -> String {
        shortDate(LocalDate(dayNumber: p.first)) + " – " + (p.last.map { shortDate(LocalDate(dayNumber: $0)) } ?? ongoing)
    }

    func shortDate(_ d: LocalDate) -> String { shortDate(d, weekday: false) }

    /// A month tick: "sep" / "Sep".
    func monthTick(_ month: Int) -> String { String(calendar.month(month).prefix(3)) }

    /// What a reminder is: "14 dage før", "frist i dag", "overskredet, 2. rykker", "eskalering".
    func reminder(_ kind: ReminderKind) -> String { calendar.reminder(kind) }

    /// "A", "A og B", "A, B og C" / "A, B and C".
    func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + lastSeparator + items[items.count - 1]
    }

    /// The timeline graphic's description: the period, the counts and where today is.
    func timelineDescription(first: LocalDate, last: LocalDate, counts: String, today: LocalDate,
                             position: TodayPosition) -> String {
        let period = shortDate(first) + " – " + shortDate(last)
        return "\(period): \(counts). \(whereToday(position, shortDate(today)))"
    }

    /// The label of a today marker at the edge of a timeline that today lies outside.
    func todayOutside(_ position: TodayPosition, _ day: LocalDate) -> String {
        position == .before ? "← \(today) \(shortDate(day))" : "\(today) \(shortDate(day)) →"
    }
}

extension Language {
    /// The overview page's words in this language.
    var overviewPageText: any OverviewPageText {
        switch self {
        case .da: DanishOverviewPageText()
        case .en: EnglishOverviewPageText()
        }
    }
}
