import ArgumentParser
import FristConfig
import FristCore
import FristStore
import Foundation

/// `frist status`: what is queued, failing and dead-lettered, and what comes next.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show what is outstanding, failing and dead-lettered.")

    @OptionGroup var options: ConfigOptions

    /// Rows of each list shown at most: a status is for reading.
    static let listed = 20

    func run() throws {
        let config = try options.load()
        let store = try StateAccess.open(config, creating: false)
        let summary = try store.summary()
        let zone = config.schedule.zone
        func local(_ t: Double) -> String { Timestamps.local(Int64(t), offset: zone.offset(at: Int64(t))) }
        var out = "state: \(store.path)\n"
        let counts = Store.State.allCases.map { "\($0.rawValue) \(summary.counts[$0] ?? 0)" }.joined(separator: ", ")
        out += "outbox: \(counts)\n"
        if let last = try store.lastPlanned() { out += "planned through: \(local(Double(last)))\n" }
        let plan = Plan(config.schedule)
        var timeline = plan.timeline(startingAt: max(SystemClock().now(), (try store.lastPlanned() ?? 0) + 1))
        let acks = try store.acknowledgementSet()
        var next = timeline.next()
        while let r = next, !acks.isEmpty, acks.covers(r, in: plan) { next = timeline.next() }
        if let r = next {
            out += "next reminder: \(Timestamps.local(r.instant, offset: Int(r.utcOffset))) \(plan.key(of: r))\n"
        }
        if !summary.failing.isEmpty {
            out += "\nfailing (will be retried):\n"
            for item in summary.failing {
                out += "  \(item.key) via \(item.channel): \(item.attempts) attempts, next \(local(item.nextAttemptAt)) — \(item.lastError ?? "")\n"
            }
        }
        if !summary.dead.isEmpty {
            out += "\ndead letters (not delivered):\n"
            for item in summary.dead {
                out += "  \(item.key) via \(item.channel): \(item.lastError ?? "")\n"
            }
        }
        let acknowledged = try store.acknowledgements()
        if !acknowledged.isEmpty {
            out += "\nacknowledged (no more reminders):\n"
            for ack in acknowledged.sorted(by: { $0.at > $1.at }).prefix(Self.listed) {
                out += "  \(ack.target): done \(ack.doneOn)\(ack.note.map { " — \($0)" } ?? "")\n"
            }
        }
        let skipped = summary.counts[.skipped] ?? 0
        if skipped > 0 {
            out += "\nskipped (not sent), latest first\(skipped > Self.listed ? ", \(Self.listed) of \(skipped)" : ""):\n"
            for item in try store.skipped(limit: Self.listed) {
                out += "  \(item.key) via \(item.channel): \(item.lastError ?? "")\n"
            }
        }
        Output.write(out)
    }
}

/// `frist history`: what was sent.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the reminders that were sent.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "From this local date on (YYYY-MM-DD); default: the last 30 days.")
    var since: String?

    func run() throws {
        let config = try options.load()
        let zone = config.schedule.zone
        var from = Double(SystemClock().now() - 30 * 86_400)
        if let since {
            guard let day = LocalDate(iso: since) else { throw ValidationError("--since '\(since)' is not a date (YYYY-MM-DD)") }
            from = Double(zone.instant(day: day.dayNumber, secondsOfDay: 0))
        }
        let store = try StateAccess.open(config, creating: false)
        let items = try store.history(since: from, limit: 10_000)
        var out = ""
        for item in items {
            let sent = item.sentAt.map { Timestamps.local(Int64($0), offset: zone.offset(at: Int64($0))) } ?? "?"
            out += "\(sent)  \(item.channel)  \(item.key)\n"
        }
        Output.write(out.isEmpty ? "nothing sent since \(Timestamps.local(Int64(from), offset: zone.offset(at: Int64(from))))\n" : out)
    }
}
