import FristCore
import FristText

/// Frist's messages in English (`language: en`).
struct EnglishMessageTexts: MessageTexts {
    var calendar: any CalendarWords { EnglishCalendarWords() }

    func templates(kind: String) -> (subject: String, text: String) {
        switch kind {
        case "before":
            return ("Due {{when}}: {{title}}",
                    "Reminder: “{{title}}” ({{project_name}}) is due {{due_text}} ({{week}}) – {{when}}.")
        case "due":
            return ("Due today: {{title}}",
                    "“{{title}}” ({{project_name}}) is due today, {{due_text}}.")
        case "overdue":
            return ("Overdue: {{title}}",
                    "“{{title}}” ({{project_name}}) was due {{due_text}} – {{when}} – and is not marked done. Reminder {{overdue_count}}.")
        default:
            return ("Escalation: {{title}}",
                    "“{{title}}” ({{project_name}}) was due {{due_text}} – {{when}} – and is still not marked done. Owner: {{owner_names}}.")
        }
    }

    var ackLine: String { "Mark it done: {{ack_url}}" }

    func tellLine(who: String?, many: Bool) -> String {
        let who = who ?? "whoever runs Frist for you"
        return many
            ? "When one of these is done, tell \(who) so its reminders stop."
            : "Once it is done, tell \(who) so the reminders stop."
    }

    var linkLabels: (markDone: String, overview: String) { ("Mark it done", "See the overview") }

    func footer(key: String) -> String { "Sent by Frist · reference \(key)" }

    var deadLetter: (subject: String, text: String) {
        ("Frist could not deliver: {{title}}",
         "The reminder {{key}} could not be delivered via {{channel}} and was given up: {{reason}}. The people it was for have not been told.")
    }

    func digest(days: Int) -> (overdue: String, coming: String, nothingComing: String, at: String) {
        days == 1
            ? ("Overdue", "Today", "Nothing falls due today.", "at")
            : ("Overdue", "Next \(days) days", "Nothing falls due in the next \(days) days.", "at")
    }

    var test: (subject: String, text: String, title: String) {
        ("Frist test message",
         "This is a test message from Frist on channel {{channel}}. If you can read it, the channel works.",
         "Test message")
    }

    var details: (project: String, due: String, owner: String) { ("Project", "Due", "Owner") }

    func week(_ d: LocalDate) -> String { "week " + String(d.isoWeek) }

    func distance(days: Int) -> String {
        switch days {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        case let n where n > 1: return "in \(n) days"
        case let n: return "\(-n) days ago"
        }
    }
}
