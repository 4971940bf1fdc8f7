import FristConfig
import FristCore
import FristText

/// The small pages behind a signed ack link: confirm, done, expired, not valid. A click only
/// shows the confirmation — mail scanners open links too — and the button records it.
struct AckLinkPage {
    let language: Language

    private var danish: Bool { language != .en }

    /// What the link is about, for people: «title» (project), due on a date in words.
    struct Subject {
        let title: String
        let project: String
        let due: LocalDate
        /// When it was already acknowledged or marked done, the day.
        let doneOn: LocalDate?
    }

    func confirm(_ subject: Subject, action: String) -> String {
        let done = subject.doneOn.map {
            "<p>" + (danish ? "Den er allerede meldt færdig " : "It was already marked done on ")
                + HTMLEscaping.escape(CalendarWords.longDate($0, danish: danish)) + ".</p>"
        } ?? ""
        return page(danish ? "Meld færdig" : "Mark it done", """
            \(describe(subject))
            \(done)
            <form method="post" action="\(HTMLEscaping.escape(action))">
            <button type="submit">\(danish ? "Meld færdig" : "Mark it done")</button>
            </form>
            """)
    }

    func recorded(_ subject: Subject, on day: LocalDate) -> String {
        page(danish ? "Meldt færdig" : "Marked done", """
            \(describe(subject))
            <p>\(danish ? "Registreret som færdig" : "Recorded as done on") \
            \(HTMLEscaping.escape(CalendarWords.longDate(day, danish: danish))). \
            \(danish ? "Der kommer ikke flere påmindelser om den." : "No more reminders will come about it.")</p>
            """)
    }

    func expired(target: String) -> String {
        page(danish ? "Linket er udløbet" : "The link has expired", """
            <p>\(danish ? "Brug linket i en nyere påmindelse, eller bed en administrator om at køre" : "Use the link in a newer reminder, or ask an administrator to run") \
            <code>frist ack \(HTMLEscaping.escape(target))</code>.</p>
            """)
    }

    func forged() -> String {
        page(danish ? "Linket er ikke gyldigt" : "The link is not valid", """
            <p>\(danish ? "Kopiér hele linket fra påmindelsen, og prøv igen." : "Copy the whole link from the reminder and try again.")</p>
            """)
    }

    func unknown(target: String) -> String {
        page(danish ? "Fristen findes ikke længere" : "The deadline is no longer there", """
            <p>\(HTMLEscaping.escape(target)) \(danish ? "er ikke i konfigurationen." : "is not in the configuration.")</p>
            """)
    }

    private func describe(_ s: Subject) -> String {
        "<p>»" + HTMLEscaping.escape(s.title) + "« (" + HTMLEscaping.escape(s.project) + ") – "
            + (danish ? "frist " : "due ") + HTMLEscaping.escape(CalendarWords.longDate(s.due, danish: danish)) + ".</p>"
    }

    private func page(_ heading: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(HTMLEscaping.escape(heading)) – Frist</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #111827; }
        button { font: inherit; font-weight: 600; padding: .6rem 1.4rem; border: 0; border-radius: .4rem;
                 background: #166534; color: #fff; cursor: pointer; }
        code { background: #f3f4f6; padding: 0 .25rem; }
        </style>
        </head>
        <body>
        <h1>\(HTMLEscaping.escape(heading))</h1>
        \(body)
        </body>
        </html>

        """
    }
}
