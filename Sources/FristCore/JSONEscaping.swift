/// JSON string escaping, shared by every writer of JSON: the `--json` lines, gateway payloads
/// and webhook body templates.
public enum JSONEscaping {
    /// The inside of a JSON string literal for `text`: quotes, backslashes and control
    /// characters escaped, everything else (æøå included) kept as UTF-8.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String { "\"" + escape(text) + "\"" }
}
