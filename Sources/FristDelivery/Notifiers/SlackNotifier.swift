public import FristConfig
import FristCore

/// Kind `slack`: an incoming webhook (`url`, a secret). Block Kit: a header with the subject;
/// a section with the recipients mentioned (`<@U…>`, from `slack:` of a person) and the body in
/// Slack's mrkdwn — the title once, in the header; a context line with the deadline and its
/// owner; and the links as buttons (`actions`, "Meld færdig" primary). `text` is the fallback
/// notifications show.
///
/// Slack reads `&`, `<` and `>` as control characters in mrkdwn, so they are sent as `&amp;`,
/// `&lt;`, `&gt;` there (and only there: the header and buttons are `plain_text`, shown as
/// written). Limits: a header holds 150 characters, a section 3000; longer texts are cut with
/// "…". Button labels are Frist's own short words, well under Slack's 75.
public struct SlackNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig
    public let url: Secret

    public init(channel: ChannelConfig, url: Secret) {
        self.channel = channel
        self.url = url
    }

    static let headerLimit = 150
    static let sectionLimit = 3000

    static func payload(_ message: Message) -> JSONValue {
        // Slack counts characters as JavaScript does (UTF-16 units): the strictest measure.
        let header = TextClipping.clipped(message.subject, limit: headerLimit) { $0.utf16.count }
        let mentions = message.facts.mentions(\.slack).map { "<@\($0.handle)>" }.joined(separator: " ")
        let section = clippedMrkdwn((mentions.isEmpty ? "" : mentions + "\n") + mrkdwn(message.markdownBesideLinks))
        var blocks: [JSONValue] = [
            ["type": "header", "text": ["type": "plain_text", "text": .string(header)]],
            ["type": "section", "text": ["type": "mrkdwn", "text": .string(section)]],
        ]
        if let details = MessageDetails(message.facts) {
            let rows = [details.due] + (details.owner.map { [$0] } ?? [])
            blocks.append(["type": "context", "elements": .array(rows.map {
                ["type": "mrkdwn", "text": .string("*\(escaped($0.label)):* \(escaped($0.value))")]
            })])
        }
        let links = message.links
        if !links.isEmpty {
            blocks.append(["type": "actions", "elements": .array(links.map { link in
                var button: [(String, JSONValue)] = [
                    ("type", "button"),
                    ("text", ["type": "plain_text", "text": .string(link.label)]),
                    ("url", .string(link.url)),
                ]
                if link.url == message.facts.ackURL { button.append(("style", "primary")) }
                return .object(button)
            })])
        }
        return ["text": .string(escaped(message.subject)), "blocks": .array(blocks)]
    }

    /// `&`, `<`, `>` as Slack wants them in mrkdwn.
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s { out += escaped(c) }
        return out
    }

    private static func escaped(_ c: Character) -> String {
        switch c {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        default: return String(c)
        }
    }

    /// The Markdown of a ``Message`` as Slack mrkdwn: `**bold**` → `*bold*`, `*italic*` →
    /// `_italic_`, `[text](url)` → `<url|text>`, backslash escapes resolved, code spans kept,
    /// `&<>` escaped. Slack has no escape for `*` or `_`: a literal one stays as it is.
    static func mrkdwn(_ markdown: String) -> String {
        let chars = Array(markdown)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\" where i + 1 < chars.count && chars[i + 1].isASCII
                && (chars[i + 1].isPunctuation || chars[i + 1].isSymbol):
                out += escaped(chars[i + 1])
                i += 2
            case "*":
                if i + 1 < chars.count && chars[i + 1] == "*" {
                    out += "*"
                    i += 2
                } else {
                    out += "_"
                    i += 1
                }
            case "`":
                // A code span: copied up to its closing backtick, only `&<>` escaped.
                if let close = chars[(i + 1)...].firstIndex(of: "`") {
                    out += "`" + escaped(String(chars[(i + 1)..<close])) + "`"
                    i = close + 1
                } else {
                    out += "`"
                    i += 1
                }
            case "[":
                if let link = link(in: chars, at: i) {
                    out += "<" + escaped(link.url).replacingOccurrences(of: "|", with: "%7C") + "|"
                        + mrkdwn(link.text) + ">"
                    i = link.end
                } else {
                    out += "["
                    i += 1
                }
            default:
                out += escaped(c)
                i += 1
            }
        }
        return out
    }

    /// `[text](url)` starting at `start`: its parts and the index after it.
    private static func link(in chars: [Character], at start: Int) -> (text: String, url: String, end: Int)? {
        var depth = 0
        var i = start
        var closeBracket: Int?
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "[" { depth += 1 }
            if chars[i] == "]" {
                depth -= 1
                if depth == 0 { closeBracket = i; break }
            }
            if chars[i] == "\n" { return nil }
            i += 1
        }
        guard let close = closeBracket, close + 1 < chars.count, chars[close + 1] == "(",
              let end = chars[(close + 2)...].firstIndex(of: ")") else { return nil }
        let url = String(chars[(close + 2)..<end])
        guard !url.isEmpty, !url.contains(" "), !url.contains("\n") else { return nil }
        return (String(chars[(start + 1)..<close]), url, end + 1)
    }

    /// Mrkdwn cut to the section limit without leaving half an entity (`&am`) or half a link.
    private static func clippedMrkdwn(_ text: String) -> String {
        guard text.utf16.count > sectionLimit else { return text }
        var cut = String(TextClipping.clipped(text, limit: sectionLimit) { $0.utf16.count }.dropLast())
        if let amp = cut.lastIndex(of: "&"), !cut[amp...].contains(";") { cut = String(cut[..<amp]) }
        if let open = cut.lastIndex(of: "<"), !cut[open...].contains(">") { cut = String(cut[..<open]) }
        return cut + "…"
    }
}
