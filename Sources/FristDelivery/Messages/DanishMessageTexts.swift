import FristCore
import FristText

/// Frist's messages in Danish (the default).
struct DanishMessageTexts: MessageTexts {
    var calendar: any CalendarWords { DanishCalendarWords() }

    func templates(kind: String) -> (subject: String, text: String) {
        switch kind {
        case "before":
            return ("Frist {{when}}: {{title}}",
                    "Påmindelse: »{{title}}« ({{project_name}}) har frist {{due_text}} ({{week}}) – {{when}}.")
        case "due":
            return ("Frist i dag: {{title}}",
                    "»{{title}}« ({{project_name}}) har frist i dag, {{due_text}}.")
        case "overdue":
            return ("Overskredet: {{title}}",
                    "»{{title}}« ({{project_name}}) havde frist {{due_text}} – {{when}} – og er ikke meldt færdig. Rykker nr. {{overdue_count}}.")
        case "escalation":
            return ("Eskalering: {{title}}",
                    "»{{title}}« ({{project_name}}) havde frist {{due_text}} – {{when}} – og er stadig ikke meldt færdig. Ansvarlig: {{owner_names}}.")
        default:
            return EnglishMessageTexts().templates(kind: kind)
        }
    }

    var ackLine: String { "Meld færdig: {{ack_url}}" }

    func tellLine(who: String?, many: Bool) -> String {
        let who = who ?? "den, der administrerer Frist hos jer,"
        return many
            ? "Er en af fristerne nået, så giv \(who) besked, så stopper påmindelserne om den."
            : "Når den er nået, så giv \(who) besked, så stopper påmindelserne."
    }

    var linkLabels: (markDone: String, overview: String) { ("Meld færdig", "Se oversigt") }

    func footer(key: String) -> String { "Sendt af Frist · reference \(key)" }

    var deadLetter: (subject: String, text: String) {
        ("Frist kunne ikke levere: {{title}}",
         "Påmindelsen {{key}} kunne ikke leveres via {{channel}} og er opgivet: {{reason}}. Modtagerne har ikke fået den.")
    }

    func digest(days: Int) -> (overdue: String, coming: String, nothingComing: String, at: String) {
        days == 1
            ? ("Overskredet", "I dag", "Ingen frister i dag.", "kl.")
            : ("Overskredet", "De næste \(days) dage", "Ingen frister de næste \(days) dage.", "kl.")
    }

    var test: (subject: String, text: String, title: String) {
        ("Testbesked fra Frist",
         "Dette er en testbesked fra Frist på kanalen {{channel}}. Kan du læse den, virker kanalen.",
         "Testbesked")
    }

    var details: (project: String, due: String, owner: String) { ("Projekt", "Frist", "Ansvarlig") }

    func week(_ d: LocalDate) -> String { "uge " + String(d.isoWeek) }

    func distance(days: Int) -> String {
        switch days {
        case 0: return "i dag"
        case 1: return "i morgen"
        case -1: return "i går"
        case let n where n > 1: return "om \(n) dage"
        case let n: return "for \(-n) dage siden"
        }
    }
}
