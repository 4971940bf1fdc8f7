/// HTML escaping, shared by every writer of HTML (the overview page, e-mail and Matrix bodies),
/// for text that comes from the config: a title such as `Budget <2022> & "plan"` must print as
/// written, never become markup.
public enum HTMLEscaping {
    /// `text` safe inside an element and inside a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
