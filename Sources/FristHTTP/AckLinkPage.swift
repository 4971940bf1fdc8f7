import FristConfig
import FristCore
import FristText

/// The small pages behind a signed ack link: confirm, done, expired, not valid. A click only
/// shows the confirmation — mail scanners open links too — and the button records it.
struct AckLinkPage {
    let language: Language

    private var text: any AckLinkPageText { language.ackLinkPageText }

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
            "<p>" + text.alreadyDone + HTMLEscaping.escape(text.calendar.longDate($0)) + ".</p>"
        } ?? ""
        return page(text.markDone, """
            \(describe(subject))
            \(done)
            <form method="post" action="\(HTMLEscaping.escape(action))">
            <button type="submit">\(text.markDone)</button>
            </form>
            """)
    }

    func recorded(_ subject: Subject, on day: LocalDate) -> String {
        page(text.markedDone, """
            \(describe(subject))
            <p>\(text.recordedOn) \
            \(HTMLEscaping.escape(text.calendar.longDate(day))). \
            \(text.noMoreReminders)</p>
            """)
    }

    func expired(target: String) -> String {
        page(text.expired, """
            <p>\(text.expiredAdvice) \
            <code>frist ack \(HTMLEscaping.escape(target))</code>.</p>
            """)
    }

    func forged() -> String {
        page(text.forged, """
            <p>\(text.forgedAdvice)</p>
            """)
    }

    func unknown(target: String) -> String {
        page(text.unknown, """
            <p>\(HTMLEscaping.escape(target)) \(text.notInConfig)</p>
            """)
    }

    private func describe(_ s: Subject) -> String {
        "<p>»" + HTMLEscaping.escape(s.title) + "« (" + HTMLEscaping.escape(s.project) + ") – "
            + text.due + HTMLEscaping.escape(text.calendar.longDate(s.due)) + ".</p>"
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
