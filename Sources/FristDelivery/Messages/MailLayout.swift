import FristCore
import FristText

/// The HTML part of Frist's e-mails, laid out so that mail clients show it alike — Outlook
/// for Windows, which renders with Word's engine, included:
///
/// - layout by nested tables with widths in attributes (Outlook ignores `max-width` and most
///   of CSS layout; the 600 px column narrows on phones through `width:100%`);
/// - every style inline (Gmail and Outlook drop or ignore `<style>` in many views);
/// - `lang` for screen readers and hyphenation, UTF-8 declared in the document as well as in
///   the MIME part (a saved or forwarded copy keeps its æøå);
/// - buttons as table cells with a background colour (`bgcolor`, which Outlook paints) holding
///   the link — "bulletproof" buttons, no images, so they show with images blocked.
///
/// The body comes from the message's bare HTML (`<p>`, `<ul>`, `<li>`, `<strong>`, `<a>`),
/// which this styles tag by tag: the texts are escaped, so those tags are only ever Frist's.
struct MailLayout {
    let message: Message

    init(_ message: Message) { self.message = message }

    static let font = "font-family:'Segoe UI',Helvetica,Arial,sans-serif;"
    static let ink = "#101828"
    static let muted = "#475467"
    static let rule = "#eaecf0"
    /// The "Meld færdig" button: green, the colour of done on the overview page.
    static let done = "#1d6f42"

    /// The stripe at the top, by urgency: blue ahead, amber on the day, red once overdue.
    var accent: String {
        switch message.urgency {
        case .normal: "#1f5f8b"
        case .high: "#b54708"
        case .urgent: "#b42318"
        }
    }

    var document: String {
        let m = message
        let language = m.facts.language
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="x-apple-disable-message-reformatting">
            <title>\(HTMLEscaping.escape(m.subject))</title>
            </head>
            <body style="margin:0;padding:0;background-color:#f2f4f7;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f2f4f7" style="background-color:#f2f4f7;">
            <tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #d0d5dd;">
            <tr><td height="6" bgcolor="\(accent)" style="height:6px;line-height:6px;font-size:0;background-color:\(accent);">&nbsp;</td></tr>
            <tr><td style="padding:28px 32px 4px 32px;\(Self.font)">
            <h1 style="margin:0 0 16px 0;\(Self.font)font-size:22px;line-height:28px;font-weight:bold;color:\(Self.ink);">\(HTMLEscaping.escape(m.subject))</h1>
            \(Self.styled(m.htmlBody))
            </td></tr>
            \(details)\(action)<tr><td style="padding:14px 32px;border-top:1px solid \(Self.rule);background-color:#f9fafb;\(Self.font)font-size:12px;line-height:18px;color:#667085;">\(HTMLEscaping.escape(language.messageTexts.footer(key: m.key)))</td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>
            """
    }

    /// Project, deadline and owner as a two-column table; nothing for a digest.
    private var details: String {
        guard let details = MessageDetails(message.facts) else { return "" }
        let cell = "padding:8px 0;border-bottom:1px solid \(Self.rule);\(Self.font)font-size:14px;line-height:20px;vertical-align:top;"
        let rows = details.rows.map { row in
            "<tr><td width=\"96\" style=\"\(cell)padding-right:12px;color:\(Self.muted);\">\(HTMLEscaping.escape(row.label))</td>"
                + "<td style=\"\(cell)color:\(Self.ink);\">\(HTMLEscaping.escape(row.value))</td></tr>"
        }.joined()
        return "<tr><td style=\"padding:8px 32px 4px 32px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            + "style=\"border-top:1px solid \(Self.rule);\">\(rows)</table></td></tr>\n"
    }

    /// What to do, last: whom to tell (a line set off in green), then the links as buttons.
    private var action: String {
        var out = ""
        if case .tell(let line)? = message.closing {
            out += "<tr><td style=\"padding:20px 32px 0 32px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">"
                + "<tr><td bgcolor=\"#eef6f1\" style=\"background-color:#eef6f1;border-left:4px solid \(Self.done);padding:12px 16px;"
                + "\(Self.font)font-size:15px;line-height:22px;color:\(Self.ink);\">\(HTMLEscaping.escape(line))</td></tr></table></td></tr>\n"
        }
        return out + buttons + "<tr><td height=\"28\" style=\"height:28px;font-size:0;line-height:0;\">&nbsp;</td></tr>\n"
    }

    /// "Meld færdig" filled, "Se oversigt" outlined, side by side; nothing without links.
    private var buttons: String {
        let links = message.links
        guard !links.isEmpty else { return "" }
        let cells = links.enumerated().map { index, link in
            let primary = index == 0 && link.url == message.facts.ackURL
            let fill = primary ? "bgcolor=\"\(Self.done)\" " : ""
            let background = primary ? "background-color:\(Self.done);" : "background-color:#ffffff;"
            let color = primary ? "#ffffff" : Self.done
            return "<td \(fill)style=\"\(background)border:1px solid \(Self.done);border-radius:6px;padding:11px 22px;\">"
                + "<a href=\"\(HTMLEscaping.escape(link.url))\" style=\"\(Self.font)font-size:16px;line-height:20px;font-weight:bold;"
                + "color:\(color);text-decoration:none;\">\(HTMLEscaping.escape(link.label))</a></td>"
        }.joined(separator: "<td width=\"12\" style=\"font-size:0;line-height:0;\">&nbsp;</td>")
        return "<tr><td style=\"padding:20px 32px 0 32px;\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">"
            + "<tr>\(cells)</tr></table></td></tr>\n"
    }

    /// Bare tags of the body with the styles mail clients need inline.
    static func styled(_ html: String) -> String {
        let text = "\(font)font-size:16px;line-height:24px;color:\(ink);"
        return html
            .replacingOccurrences(of: "<p>", with: "<p style=\"margin:0 0 14px 0;\(text)\">")
            .replacingOccurrences(of: "<ul>", with: "<ul style=\"margin:0 0 18px 0;padding:0 0 0 22px;\(text)\">")
            .replacingOccurrences(of: "<li>", with: "<li style=\"margin:0 0 6px 0;\(text)\">")
            .replacingOccurrences(of: "<a href=", with: "<a style=\"color:#175cd3;text-decoration:underline;\" href=")
    }
}
