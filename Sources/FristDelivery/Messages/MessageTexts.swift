import FristConfig
import FristCore
import FristText

/// Frist's own words in messages: the wording of each kind of reminder, the closing lines, the
/// labels beside the text, dates and distances ("30. september 2021", "uge 39", "om 3 dage").
/// One table per language (``DanishMessageTexts``, ``EnglishMessageTexts``). Admins replace the
/// reminder texts with a template (`templates: {before: "…", subject: "…"}` on a channel or
/// project).
protocol MessageTexts: Sendable {
    /// Month and weekday names.
    var calendar: any CalendarWords { get }

    /// Subject and body templates of a reminder kind (Mustache, over ``MessageFacts/variables``).
    func templates(kind: String) -> (subject: String, text: String)

    /// The last line of a reminder that offers a signed link (`{{ack_url}}`).
    var ackLine: String { get }

    /// The last line of a reminder without a link: tell `who` (the config's `contact:`, nil:
    /// whoever runs Frist) that the deadline is met, so the reminders stop. `many`: a digest,
    /// which lists several deadlines.
    func tellLine(who: String?, many: Bool) -> String

    /// The labels of a message's links: the ack link's and the overview page's.
    var linkLabels: (markDone: String, overview: String) { get }

    /// The footer of an e-mail: who sent it, and the reference an admin looks it up by.
    func footer(key: String) -> String

    /// The report to `dead_letters` channels about a reminder given up on.
    var deadLetter: (subject: String, text: String) { get }

    /// A digest's words: the overdue list's heading, the heading of what falls due in the next
    /// `days` days, the line saying nothing does, and the word before a time of day.
    func digest(days: Int) -> (overdue: String, coming: String, nothingComing: String, at: String)

    /// The test message of `frist send-test`, and the made-up title it is about.
    var test: (subject: String, text: String, title: String) { get }

    /// The labels of a reminder's details (``MessageDetails``).
    var details: (project: String, due: String, owner: String) { get }

    /// "uge 39" / "week 39".
    func week(_ d: LocalDate) -> String

    /// The distance from the day a reminder goes out to the due date: "om 3 dage", "i dag".
    func distance(days: Int) -> String
}

extension MessageTexts {
    /// "torsdag 30. september 2021" / "Thursday 30 September 2021".
    func date(_ d: LocalDate) -> String { calendar.longDate(d) }

    /// ``tellLine(who:many:)`` for the config's `contact:`: "Anne Jensen (anne@example.dk)".
    func tellLine(contact: Contact?, many: Bool) -> String {
        tellLine(who: contact.map { c in c.name + (c.email.map { " (\($0))" } ?? "") }, many: many)
    }
}

extension Language {
    /// The message texts of this language.
    var messageTexts: any MessageTexts {
        switch self {
        case .da: DanishMessageTexts()
        case .en: EnglishMessageTexts()
        }
    }
}
