/// Cutting text to a limit cleanly: Discord's 2,000 code points, Slack's
/// 3,000-character sections and 150-character headers, values quoted in error messages.
public enum TextClipping {
    /// `text` as it is if `measure(text) <= limit`; else its longest beginning that fits with a
    /// final "…", cut after whole characters (never inside a grapheme, so never between the
    /// halves of a surrogate pair or an emoji sequence): at the last line break if that keeps
    /// at least half, else at the last space, else wherever the limit falls. Trailing
    /// whitespace before the "…" is dropped. `measure` must add up over characters (code
    /// points, UTF-16 units, UTF-8 bytes all do).
    public static func clipped(_ text: String, limit: Int, measure: (String) -> Int) -> String {
        guard measure(text) > limit else { return text }
        let ellipsis = "…"
        let budget = limit - measure(ellipsis)
        var used = 0
        var fit = text.startIndex
        var lastNewline: String.Index?
        var lastSpace: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let size = measure(String(c))
            if used + size > budget { break }
            used += size
            if c.isNewline { lastNewline = index } else if c.isWhitespace { lastSpace = index }
            index = text.index(after: index)
            fit = index
        }
        // A break right after the part that fits counts too ("en to tre| fire" keeps "en to tre").
        if index < text.endIndex, text[index].isWhitespace {
            if text[index].isNewline { lastNewline = fit } else { lastSpace = fit }
        }
        let half = text.index(text.startIndex, offsetBy: text[..<fit].count / 2)
        let lastBreak = [lastNewline, lastSpace].compactMap { $0 }.max()
        let cut: String.Index
        if let n = lastNewline, n >= half {
            cut = n
        } else if let s = lastBreak, s > text.startIndex {
            cut = s
        } else {
            cut = fit
        }
        var head = text[..<cut]
        while let last = head.last, last.isWhitespace { head = head.dropLast() }
        return head + ellipsis
    }
}
