import FristCore

/// One reminder as a `--json` line (a contract: keys in this order, no spaces).
enum ReminderJSON {
    static func line(_ r: Reminder, in plan: Plan) -> String {
        let pm = plan.milestone(of: r)
        var s = "{\"key\":"
        s.reserveCapacity(320)
        quote(plan.key(of: r), into: &s)
        s += ",\"at\":\"" + Timestamps.utc(r.instant)
        s += "\",\"local\":\"" + Timestamps.local(r.instant, offset: Int(r.utcOffset))
        s += "\",\"kind\":\"" + r.kind.name + "\",\"project\":"
        quote(plan.project(of: r).id, into: &s)
        s += ",\"milestone\":"
        quote(pm.milestone.id, into: &s)
        s += ",\"occurrence\":\"" + LocalDate(dayNumber: Int(r.occurrence)).description
        s += "\",\"due\":\"" + LocalDate(dayNumber: Int(r.due)).description + "\",\"recipients\":"
        array(plan.recipients(of: r), into: &s)
        s += ",\"channels\":"
        array(plan.channels(of: r), into: &s)
        s += "}"
        return s
    }

    private static func array(_ items: [String], into s: inout String) {
        s += "["
        for (i, item) in items.enumerated() {
            if i > 0 { s += "," }
            quote(item, into: &s)
        }
        s += "]"
    }

    /// A JSON string literal (UTF-8 kept as is, control characters escaped).
    static func quote(_ text: String, into s: inout String) {
        s += "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": s += "\\\""
            case "\\": s += "\\\\"
            case "\n": s += "\\n"
            case "\r": s += "\\r"
            case "\t": s += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                s += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: s.unicodeScalars.append(u)
            }
        }
        s += "\""
    }
}
