import FristCore
import FristText

/// Frist's Markdown and HTML renderings of a message: the subject as a heading, the body, the
/// "tell" line, and the links.
enum MessageRenderings {
    /// `**subject**`, the body, the "tell" line and the links as `[label](url)`, as paragraphs.
    static func markdown(_ m: Message) -> String {
        var parts = ["**" + markdownEscaped(m.subject) + "**", m.markdownBody]
        if case .tell(let line)? = m.closing { parts.append(markdownEscaped(line)) }
        let links = m.links
        if !links.isEmpty {
            parts.append(links.map { "[\(markdownEscaped($0.label))](\($0.url))" }.joined(separator: " · "))
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
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

    /// The subject in bold, the body, the "tell" line and the links, as bare HTML.
    static func html(_ m: Message) -> String {
        var out = "<p><strong>\(HTMLEscaping.escape(m.subject))</strong></p>" + m.htmlBody
        if case .tell(let line)? = m.closing { out += "<p>\(HTMLEscaping.escape(line))</p>" }
        let links = m.links
        if !links.isEmpty { out += "<p>" + links.map(anchor).joined(separator: " · ") + "</p>" }
        return out
    }

    /// `<a href="url">label</a>`, both escaped.
    static func anchor(_ link: Message.Link) -> String {
        "<a href=\"\(HTMLEscaping.escape(link.url))\">\(HTMLEscaping.escape(link.label))</a>"
    }

    /// Each non-empty line of `text` a paragraph; the ack link, where an admin's template
    /// writes it, a real link.
    static func htmlParagraphs(_ text: String, linking ackURL: String) -> String {
        let link = HTMLEscaping.escape(ackURL)
        return text.split(whereSeparator: \.isNewline).map { line in
            let escaped = HTMLEscaping.escape(String(line))
            guard !link.isEmpty, escaped.contains(link) else { return "<p>\(escaped)</p>" }
            return "<p>" + escaped.replacingOccurrences(of: link, with: "<a href=\"\(link)\">\(link)</a>") + "</p>"
        }.joined()
    }
}
