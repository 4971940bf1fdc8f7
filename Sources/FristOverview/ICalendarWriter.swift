import FristCore

/// RFC 5545 text mechanics: content lines ending in CRLF and folded at 75 octets, TEXT
/// escaping, and the value formats the calendar feed writes.
struct ICalendarWriter {
    /// The most octets a line may have before its CRLF (RFC 5545 §3.1).
    static let maxLineOctets = 75

    /// Everything written so far.
    private(set) var output = ""

    mutating func begin(_ component: String) { line("BEGIN:" + component) }

    mutating func end(_ component: String) { line("END:" + component) }

    /// A property whose value is already in its RFC 5545 form (a date, a code, a rule);
    /// `name` may carry parameters (`DUE;VALUE=DATE`).
    mutating func property(_ name: String, _ value: String) { line(name + ":" + value) }

    /// A TEXT property: the value is escaped.
    mutating func text(_ name: String, _ value: String) { property(name, Self.escaped(value)) }

    private mutating func line(_ contentLine: String) { output += Self.folded(contentLine) }

    /// A content line folded so that no line exceeds ``maxLineOctets`` octets, with CRLF after
    /// each piece: a continuation starts with one space, which counts. Folds fall between
    /// characters, so no program that unfolds after decoding sees one cut in two; only a
    /// character longer than a line is split, between its Unicode scalars, never inside a
    /// UTF-8 sequence.
    static func folded(_ contentLine: String) -> String {
        var out = ""
        out.reserveCapacity(contentLine.utf8.count + contentLine.utf8.count / 40 * 3 + 2)
        var used = 0
        for character in contentLine {
            let size = character.utf8.count
            if used + size > maxLineOctets && used > 1 {
                out += "\r\n "
                used = 1
            }
            if used + size <= maxLineOctets {
                out.append(character)
                used += size
                continue
            }
            for scalar in character.unicodeScalars {
                let width = UTF8.width(scalar)
                if used + width > maxLineOctets {
                    out += "\r\n "
                    used = 1
                }
                out.unicodeScalars.append(scalar)
                used += width
            }
        }
        return out + "\r\n"
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks
    /// (LF, CRLF or CR) as `\n`; other control characters, which TEXT cannot hold, dropped.
    static func escaped(_ text: String) -> String {
        var out = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !afterCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: break
            default: out.unicodeScalars.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return out
    }

    // MARK: Values

    /// A DATE: `20210930`.
    static func date(_ day: Int) -> String { basicFormat(LocalDate(dayNumber: day).description) }

    /// A DATE-TIME in UTC: `20210916T070000Z`.
    static func utcDateTime(_ instant: Int64) -> String { basicFormat(Timestamps.utc(instant)) }

    /// A local DATE-TIME, its zone given by a TZID parameter or implied: `20220608T140000`.
    /// - Parameter localSeconds: the wall time as seconds since 1970-01-01T00:00 local.
    static func localDateTime(_ localSeconds: Int64) -> String { String(utcDateTime(localSeconds).dropLast()) }

    /// A UTC-OFFSET: `+0100`, `-0500`, seconds only when there are any (`+001212`).
    static func utcOffset(_ seconds: Int) -> String {
        let a = abs(seconds)
        let hhmm = (seconds < 0 ? "-" : "+") + two(a / 3600) + two(a % 3600 / 60)
        return a % 60 == 0 ? hhmm : hhmm + two(a % 60)
    }

    /// RFC 5545 writes ISO 8601's basic format: the extended one without `-` and `:`.
    private static func basicFormat(_ iso: String) -> String { iso.filter { $0 != "-" && $0 != ":" } }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
