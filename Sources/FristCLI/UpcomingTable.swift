import FristConfig
import FristCore
import FristText

/// The `frist upcoming` table for people: Danish by default, English with `language: en`.
struct UpcomingTable {
    let plan: Plan
    let digests: DigestPlan
    let language: Language
    /// Person names by id, so each line says who gets it.
    let names: [String: String]
    /// Characters a line may take (the terminal's width).
    var width = 120

    /// Widest project name and milestone title shown; longer ones end in "…".
    static let projectWidth = 32
    static let titleWidth = 60

    private var text: any UpcomingTableText { language.upcomingTableText }

    /// Names, titles and recipients give up width first; the weekday and week go when even that is not enough.
    private var layout: TableLayout {
        let headers = text.headers
        let narrowest: [(comfortable: Int, minimum: Int)?] = [nil, nil, nil, nil, (16, 8), (20, 12), (12, 12), (24, 10)]
        return TableLayout(columns: headers.indices.map { i in
            TableLayout.Column(header: headers[i], narrowest: narrowest[i], optional: i == 1 || i == 2)
        })
    }

    /// The table of `reminders` and `digests` (each ordered by instant, then key) in one order.
    func render(_ reminders: [Reminder], digests occurrences: [DigestPlan.Occurrence], from: Int, to: Int) -> String {
        let first = LocalDate(dayNumber: from), last = LocalDate(dayNumber: to - 1)
        guard !reminders.isEmpty || !occurrences.isEmpty else {
            return text.none(from: first, through: last)
        }
        var rows: [[String]] = []
        var pending = occurrences[...]
        for r in reminders {
            rows += pending.removeDigests(before: r, in: plan).map(row)
            rows.append(row(date: Int(r.date), instant: r.instant, utcOffset: Int(r.utcOffset),
                            project: plan.project(of: r).name, title: plan.milestone(of: r).milestone.title,
                            what: describe(r.kind), to: plan.recipients(of: r)))
        }
        rows += pending.map(row)
        var out = layout.render(rows, width: width).map { $0 + "\n" }.joined()
        let count = reminders.count, digestCount = occurrences.count
        // Digests are counted only when there are any, so a config without them reads as before.
        out += text.total(reminders: count, digests: digestCount, from: first, through: last)
        return out
    }

    /// A digest's line: its projects (or all), its title, who it goes to.
    private func row(_ o: DigestPlan.Occurrence) -> [String] {
        let digest = digests.digests[o.digest]
        let projects = digest.projects.isEmpty
            ? text.allProjects
            : digest.projects.map { id in plan.schedule.projects.first { $0.id == id }?.name ?? id }.joined(separator: ", ")
        return row(date: o.date, instant: o.instant, utcOffset: o.utcOffset, project: projects, title: digest.title,
                   what: describe(.digest), to: digest.people)
    }

    /// One line of the table.
    private func row(date day: Int, instant: Int64, utcOffset: Int, project: String, title: String,
                     what: String, to people: [String]) -> [String] {
        let date = LocalDate(dayNumber: day)
        let local = instant + Int64(utcOffset)
        let seconds = Int((local % 86_400 + 86_400) % 86_400)
        let time = LocalTime(hour: seconds / 3600, minute: seconds % 3600 / 60)?.description ?? ""
        return [
            text.date(date),
            text.weekdays[date.weekday.rawValue - 1],
            text.week(date),
            time,
            TableLayout.clip(project, Self.projectWidth),
            TableLayout.clip(title, Self.titleWidth),
            what,
            people.map { names[$0] ?? $0 }.joined(separator: ", "),
        ]
    }

    /// What a reminder or digest is, in words: "14 dage før", "frist i dag", "2. rykker",
    /// "eskalering", "oversigt" (who gets it has its own column).
    func describe(_ kind: ReminderKind) -> String {
        text.calendar.reminder(kind)
    }
}
