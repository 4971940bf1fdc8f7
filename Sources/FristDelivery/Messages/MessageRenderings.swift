import FristCore

/// Frist's Markdown and HTML renderings of a message's subject and text.
enum MessageRenderings {
    /// The subject bold, then the text, both escaped so titles print as written.
    static func markdown(subject: String, text: String) -> String {
        "**" + markdownEscaped(subject) + "**\n\n" + markdownEscaped(text)
    }

    /// Characters Markdown would read as formatting, escaped so titles print as written.
    static func markdownEscaped(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "\\", "*", "_", "`", "[", "]", "<", ">", "#", "|", "~":
                out.append("\\")
                out.append(u)
            default:
                out.append(u)
            }
        }
        return String(out)
    }

    /// A small, self-contained HTML body: the subject, the text, and the key facts.
    static func html(subject: String, text: String, facts: MessageFacts) -> String {
        let danish = facts.language != "en"
        let rows = [
            (danish ? "Projekt" : "Project", facts.projectName),
            (danish ? "Frist" : "Due", "\(facts.dueText) (\(facts.week))"),
            (danish ? "Nøgle" : "Key", facts.key),
        ]
        let table = rows.map { "<tr><th align=\"left\">\(HTMLEscaping.escape($0.0))</th><td>\(HTMLEscaping.escape($0.1))</td></tr>" }
            .joined()
        // The ack link becomes a real link; everything else stays text.
        let link = HTMLEscaping.escape(facts.ackURL)
        let paragraphs = text.components(separatedBy: "\n").map { line in
            let escaped = HTMLEscaping.escape(line)
            guard !link.isEmpty, escaped.contains(link) else { return "<p>\(escaped)</p>" }
            return "<p>" + escaped.replacingOccurrences(of: link, with: "<a href=\"\(link)\">\(link)</a>") + "</p>"
        }.joined()
        return "<p><strong>\(HTMLEscaping.escape(subject))</strong></p>\(paragraphs)<table>\(table)</table>"
    }
}
