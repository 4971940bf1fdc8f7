import FristConfig
import FristCore

/// The `frist upcoming` table for people: Danish by default, English with `language: en`.
struct UpcomingTable {
    let plan: Plan
    let language: Language
    /// Person names by id, so an escalation says who it goes to.
    let names: [String: String]

    /// Widest project name and milestone title shown; longer ones end in "…".
    static let projectWidth = 32
    static let titleWidth = 60

    private var headers: [String] {
        language == .da
            ? ["Dato", "Dag", "Uge", "Kl.", "Projekt", "Milepæl", "Påmindelse"]
            : ["Date", "Day", "Week", "Time", "Project", "Milestone", "Reminder"]
    }

    func render(_ reminders: [Reminder], from: Int, to: Int) -> String {
        let first = LocalDate(dayNumber: from), last = LocalDate(dayNumber: to - 1)
        guard !reminders.isEmpty else {
            return language == .da
                ? "Ingen påmindelser \(danish(first)) – \(danish(last)).\n"
                : "No reminders \(first) – \(last).\n"
        }
        var rows = [headers]
        for r in reminders {
            let date = LocalDate(dayNumber: Int(r.date))
            let local = r.instant + Int64(r.utcOffset)
            let seconds = Int((local % 86_400 + 86_400) % 86_400)
            let time = LocalTime(hour: seconds / 3600, minute: seconds % 3600 / 60)?.description ?? ""
            let pm = plan.milestone(of: r)
            rows.append([
                language == .da ? danish(date) : date.description,
                weekday(date.weekday),
                (language == .da ? "uge " : "week ") + String(date.isoWeek),
                time,
                Self.clip(plan.project(of: r).name, Self.projectWidth),
                Self.clip(pm.milestone.title, Self.titleWidth),
                describe(r),
            ])
        }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for (n, row) in rows.enumerated() {
            let line = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
            out += line + "\n"
            if n == 0 { out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        let count = reminders.count
        out += language == .da
            ? "\(count) \(count == 1 ? "påmindelse" : "påmindelser") \(danish(first)) – \(danish(last)).\n"
            : "\(count) \(count == 1 ? "reminder" : "reminders") \(first) – \(last).\n"
        return out
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    private func danish(_ d: LocalDate) -> String {
        (d.day < 10 ? "0" : "") + "\(d.day)." + (d.month < 10 ? "0" : "") + "\(d.month).\(d.year)"
    }

    private func weekday(_ w: Weekday) -> String {
        let names = language == .da
            ? ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
            : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return names[w.rawValue - 1]
    }

    private func recipientNames(_ r: Reminder) -> String {
        plan.recipients(of: r).map { names[$0] ?? $0 }.joined(separator: ", ")
    }

    /// What the reminder is, in words: "14 dage før", "frist i dag", "2. rykker", "eskalering".
    func describe(_ r: Reminder) -> String {
        switch (r.kind, language) {
        case (.before(.calendarDays(let n)), .da): return n == 1 ? "1 dag før" : "\(n) dage før"
        case (.before(.workingDays(let n)), .da): return n == 1 ? "1 arbejdsdag før" : "\(n) arbejdsdage før"
        case (.due, .da): return "frist i dag"
        case (.overdue(let k), .da): return "overskredet, \(k). rykker"
        case (.escalation, .da): return "eskalering til " + recipientNames(r)
        case (.before(.calendarDays(let n)), .en): return n == 1 ? "1 day before" : "\(n) days before"
        case (.before(.workingDays(let n)), .en): return n == 1 ? "1 working day before" : "\(n) working days before"
        case (.due, .en): return "due today"
        case (.overdue(let k), .en): return "overdue, reminder \(k)"
        case (.escalation, .en): return "escalation to " + recipientNames(r)
        }
    }
}
