import ArgumentParser
import FristConfig
import FristCore
import FristStore
import Foundation

/// `frist status`: what is queued, failing and dead-lettered, and what comes next.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show what is outstanding, failing and dead-lettered.")

    @OptionGroup var options: ConfigOptions

    /// Rows of each list shown at most: a status is for reading.
    static let listed = 20

    func run() async throws {
        let config = try options.load()
        Output.write(try await StateAccess.with(config, creating: false) { store in try await Self.report(config, store) })
    }

    /// What `frist status` prints for `store`.
    static func report(_ config: FristConfig, _ store: any OutboxStore) async throws -> String {
        let summary = try await store.summary()
        let zone = config.schedule.zone
        func local(_ t: Double) -> String { Timestamps.local(Int64(t), offset: zone.offset(at: Int64(t))) }
        var out = "state: \(store.path)\n"
        let counts = Store.State.allCases.map { "\($0.rawValue) \(summary.counts[$0] ?? 0)" }.joined(separator: ", ")
        out += "outbox: \(counts)\n"
        if store.isShared { out += try await cluster(config, store) }
        let lastPlanned = try await store.lastPlanned()
        if let last = lastPlanned { out += "planned through: \(local(Double(last)))\n" }
        let plan = Plan(config.schedule)
        var timeline = plan.timeline(startingAt: max(SystemClock().now(), (lastPlanned ?? 0) + 1))
        let acks = try await store.acknowledgementSet()
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
        let acknowledged = try await store.acknowledgements()
        if !acknowledged.isEmpty {
            out += "\nacknowledged (no more reminders):\n"
            for ack in acknowledged.sorted(by: { $0.at > $1.at }).prefix(Self.listed) {
                out += "  \(ack.target): done \(ack.doneOn)\(ack.note.map { " — \($0)" } ?? "")\n"
            }
        }
        let skipped = summary.counts[.skipped] ?? 0
        if skipped > 0 {
            out += "\nskipped (not sent), latest first\(skipped > Self.listed ? ", \(Self.listed) of \(skipped)" : ""):\n"
            for item in try await store.skipped(limit: Self.listed) {
                out += "  \(item.key) via \(item.channel): \(item.lastError ?? "")\n"
            }
        }
        return out
    }

    /// The nodes of a cluster as the shared store knows them: alive or silent, their last beat,
    /// what they have in flight, and whether they run this configuration.
    static func cluster(_ config: FristConfig, _ store: any OutboxStore) async throws -> String {
        let nodes = try await store.nodes()
        let alive = nodes.filter(\.alive)
        var out = "nodes: \(alive.count) alive" + (nodes.count > alive.count ? ", \(nodes.count - alive.count) silent" : "") + "\n"
        for node in nodes.sorted(by: { ($0.alive ? 0 : 1, $0.name) < ($1.alive ? 0 : 1, $1.name) }) {
            let beat = node.silentFor < 1 ? "beat just now" : "last beat \(Int(node.silentFor)) s ago"
            let state = node.alive ? "alive" : "silent"
            let same = node.configDigest == config.digest ? "" : ", runs a different configuration"
            out += "  \(node.name): \(state), \(beat), \(node.inflight) in flight, frist \(node.version)\(same)\n"
        }
        return out
    }
}

/// `frist history`: what was sent.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the reminders that were sent.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "From this local date on (YYYY-MM-DD); default: the last 30 days.")
    var since: String?

    func run() async throws {
        let config = try options.load()
        let zone = config.schedule.zone
        var from = Double(SystemClock().now() - 30 * 86_400)
        if let since {
            guard let day = LocalDate(iso: since) else { throw ValidationError("--since '\(since)' is not a date (YYYY-MM-DD)") }
            from = Double(zone.instant(day: day.dayNumber, secondsOfDay: 0))
        }
        let since = from
        let items = try await StateAccess.with(config, creating: false) { try await $0.history(since: since, limit: 10_000) }
        var out = ""
        for item in items {
            let sent = item.sentAt.map { Timestamps.local(Int64($0), offset: zone.offset(at: Int64($0))) } ?? "?"
            out += "\(sent)  \(item.channel)  \(item.key)\n"
        }
        Output.write(out.isEmpty ? "nothing sent since \(Timestamps.local(Int64(from), offset: zone.offset(at: Int64(from))))\n" : out)
    }
}
