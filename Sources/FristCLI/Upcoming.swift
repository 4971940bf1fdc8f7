import ArgumentParser
import FristConfig
import FristCore

/// `frist upcoming`: the reminders in a window of local dates.
struct Upcoming: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the reminders (and digests) due in a window of days (default: today and the next 29 days).",
        discussion: "The window is [from, to) in local dates of the configured time zone. --json prints one JSON object per line, sorted by time, then key."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "First day, YYYY-MM-DD (default: today).")
    var from: String?

    @Option(help: "Day after the last, YYYY-MM-DD.")
    var to: String?

    @Option(help: "Number of days (default 30).")
    var days: Int?

    @Flag(help: "One JSON object per line.")
    var json = false

    func validate() throws {
        if to != nil && days != nil { throw ValidationError("give --to or --days, not both") }
        if let days, days < 1 || days > 36_600 { throw ValidationError("--days must be 1 to 36600") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, LocalDate(iso: value) == nil {
                throw ValidationError("\(name) '\(value)' is not a date (YYYY-MM-DD)")
            }
        }
    }

    func run() async throws {
        let config = try options.load()
        let plan = Plan(config.schedule)
        let digests = DigestPlan(config.digests, schedule: config.schedule)
        let start = from.flatMap { LocalDate(iso: $0)?.dayNumber }
            ?? Timestamps.localDay(SystemClock().now(), zone: config.schedule.zone)
        let end = to.flatMap { LocalDate(iso: $0)?.dayNumber } ?? start + (days ?? 30)
        guard end > start else { throw ValidationError("--to must be after --from") }
        // What the daemon will not send (frist ack) is left out, as the daemon decides it.
        let acks = try await StateAccess.acknowledgements(config)
        func sent(_ r: Reminder) -> Bool { acks.isEmpty || !acks.covers(r, in: plan) }
        if json {
            // Planned on a second thread while this one formats; memory stays flat however long the window.
            let writer = ReminderJSONWriter(plan: plan)
            let reminders = BackgroundTimeline(plan: plan, from: start, to: end)
            var pending = digests.occurrences(from: start, to: end)[...]
            while let batch = reminders.next() {
                for r in batch where sent(r) {
                    for o in pending.removeDigests(before: r, in: plan) { writer.append(o, of: digests.digests[o.digest]) }
                    writer.append(r)
                }
            }
            for o in pending { writer.append(o, of: digests.digests[o.digest]) }
            writer.flush()
        } else {
            Output.write(UpcomingTable(plan: plan, digests: digests, language: config.language,
                                       names: config.people.mapValues(\.name), width: TableLayout.terminalWidth())
                .render(plan.reminders(from: start, to: end).filter(sent), digests: digests.occurrences(from: start, to: end),
                        from: start, to: end))
        }
    }
}

extension ArraySlice<DigestPlan.Occurrence> {
    /// Removes and returns the leading digests that go out before `reminder`: reminders and
    /// digests are listed in one order, by instant, then key.
    mutating func removeDigests(before reminder: Reminder, in plan: Plan) -> ArraySlice<DigestPlan.Occurrence> {
        let n = prefix { $0.precedes(reminder, in: plan) }.count
        defer { removeFirst(n) }
        return prefix(n)
    }
}
