import FristConfig

/// Frist's own wording of each kind of reminder, in Danish and English. Admins replace any of
/// them with a template (`templates: {before: "…", subject: "…"}` on a channel or project).
enum BuiltInTexts {
    /// Subject and body templates (Mustache, over ``MessageFacts/variables``).
    static func templates(kind: String, language: String) -> (subject: String, text: String) {
        switch (kind, language == "en") {
        case ("before", false):
            return ("Frist {{when}}: {{title}}",
                    "Påmindelse: »{{title}}« ({{project_name}}) har frist {{due_text}} ({{week}}) – {{when}}.")
        case ("due", false):
            return ("Frist i dag: {{title}}",
                    "»{{title}}« ({{project_name}}) har frist i dag, {{due_text}}.")
        case ("overdue", false):
            return ("Overskredet: {{title}}",
                    "»{{title}}« ({{project_name}}) havde frist {{due_text}} – {{when}} – og er ikke meldt færdig. Rykker nr. {{overdue_count}}.")
        case ("escalation", false):
            return ("Eskalering: {{title}}",
                    "»{{title}}« ({{project_name}}) havde frist {{due_text}} – {{when}} – og er stadig ikke meldt færdig. Ansvarlig: {{owner_names}}.")
        case ("before", true):
            return ("Due {{when}}: {{title}}",
                    "Reminder: “{{title}}” ({{project_name}}) is due {{due_text}} ({{week}}) – {{when}}.")
        case ("due", true):
            return ("Due today: {{title}}",
                    "“{{title}}” ({{project_name}}) is due today, {{due_text}}.")
        case ("overdue", true):
            return ("Overdue: {{title}}",
                    "“{{title}}” ({{project_name}}) was due {{due_text}} – {{when}} – and is not marked done. Reminder {{overdue_count}}.")
        default:
            return ("Escalation: {{title}}",
                    "“{{title}}” ({{project_name}}) was due {{due_text}} – {{when}} – and is still not marked done. Owner: {{owner_names}}.")
        }
    }

    /// The last line of a reminder that offers a signed link (`{{ack_url}}`).
    static func ackLine(language: String) -> String {
        language == "en" ? "Mark it done: {{ack_url}}" : "Meld færdig: {{ack_url}}"
    }

    /// The last line of a reminder without a link: whom to tell that the deadline is met, so
    /// the reminders stop — the config's `contact:`, else whoever runs Frist. `many`: a digest,
    /// which lists several deadlines.
    static func tellLine(language: String, contact: Contact?, many: Bool) -> String {
        let who = contact.map { c in c.name + (c.email.map { " (\($0))" } ?? "") }
        switch (language == "en", many) {
        case (false, false):
            return "Når den er nået, så giv \(who ?? "den, der administrerer Frist hos jer,") besked, så stopper påmindelserne."
        case (false, true):
            return "Er en af fristerne nået, så giv \(who ?? "den, der administrerer Frist hos jer,") besked, så stopper påmindelserne om den."
        case (true, false):
            return "Once it is done, tell \(who ?? "whoever runs Frist for you") so the reminders stop."
        case (true, true):
            return "When one of these is done, tell \(who ?? "whoever runs Frist for you") so its reminders stop."
        }
    }

    /// The labels of a message's links: the ack link's and the overview page's.
    static func linkLabels(language: String) -> (markDone: String, overview: String) {
        language == "en" ? ("Mark it done", "See the overview") : ("Meld færdig", "Se oversigt")
    }

    /// The footer of an e-mail: who sent it, and the reference an admin looks it up by.
    static func footer(language: String, key: String) -> String {
        language == "en" ? "Sent by Frist · reference \(key)" : "Sendt af Frist · reference \(key)"
    }

    /// The report to `dead_letters` channels about a reminder given up on.
    static func deadLetter(language: String) -> (subject: String, text: String) {
        language == "en"
            ? ("Frist could not deliver: {{title}}",
               "The reminder {{key}} could not be delivered via {{channel}} and was given up: {{reason}}. The people it was for have not been told.")
            : ("Frist kunne ikke levere: {{title}}",
               "Påmindelsen {{key}} kunne ikke leveres via {{channel}} og er opgivet: {{reason}}. Modtagerne har ikke fået den.")
    }

    /// A digest's words: the overdue list's heading, the heading of what falls due in the next
    /// `days` days, the line saying nothing does, and the word before a time of day.
    static func digest(language: String, days: Int) -> (overdue: String, coming: String, nothingComing: String, at: String) {
        switch (language == "en", days == 1) {
        case (false, false): return ("Overskredet", "De næste \(days) dage", "Ingen frister de næste \(days) dage.", "kl.")
        case (false, true): return ("Overskredet", "I dag", "Ingen frister i dag.", "kl.")
        case (true, false): return ("Overdue", "Next \(days) days", "Nothing falls due in the next \(days) days.", "at")
        case (true, true): return ("Overdue", "Today", "Nothing falls due today.", "at")
        }
    }

    /// The test message of `frist send-test`.
    static func test(language: String) -> (subject: String, text: String) {
        language == "en"
            ? ("Frist test message", "This is a test message from Frist on channel {{channel}}. If you can read it, the channel works.")
            : ("Testbesked fra Frist", "Dette er en testbesked fra Frist på kanalen {{channel}}. Kan du læse den, virker kanalen.")
    }
}
