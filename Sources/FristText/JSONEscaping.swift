/// JSON string escaping, shared by every writer of JSON: the `--json` lines, gateway payloads
/// and webhook body templates.
public enum JSONEscaping {
    /// The inside of a JSON string literal for `text`: quotes, backslashes and control
    /// characters escaped, everything else (æøå included) kept as UTF-8.
    public static func escape(_ text: String) -> String {
        // Most text needs no escaping at all: hand it back without copying.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the escaped UTF-8 of `text` to `out`; works on bytes, since every byte that
    /// needs escaping is ASCII.
    public static func escape(_ text: String, into out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]          // \"
            case 0x5C: out += [0x5C, 0x5C]          // \\
            case 0x0A: out += [0x5C, 0x6E]          // \n
            case 0x0D: out += [0x5C, 0x72]          // \r
            case 0x09: out += [0x5C, 0x74]          // \t
            case ..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String { "\"" + escape(text) + "\"" }
}
