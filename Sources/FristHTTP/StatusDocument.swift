import FristBoard
import FristCore
import FristOverview
import FristStore
import Foundation

/// `/status.json`: what is outstanding, overdue, failing and dead-lettered, and what goes out
/// next — for scripts and dashboards. Instants are UTC ISO 8601, dates local `YYYY-MM-DD`.
struct StatusDocument: Encodable {
    struct Deadline: Encodable {
        let target: String
        let project: String
        let milestone: String
        let title: String
        let due: String
        let owners: [String]
        /// Done deadlines only (nil values are left out, so the other lists are as before).
        let doneOn: String?
        /// The note of its acknowledgement (`frist ack --note`), if it has one.
        let note: String?
    }

    struct Delivery: Encodable {
        let key: String
        let channel: String
        let attempts: Int
        let lastError: String?
        /// When a failing row is tried again; nil for dead letters.
        let nextAttemptAt: String?
    }

    struct NextReminder: Encodable {
        let key: String
        let at: String
        let local: String
        let kind: String
        let project: String
        let title: String
        let recipients: [String]
        let channels: [String]
    }

    let now: String
    let today: String
    /// Deadlines by state (done, overdue, open): every one, also when the lists are cut.
    let deadlines: [String: Int]
    /// How many entries ``overdue``, ``outstanding`` and ``done`` list at most.
    let listLimit: Int
    /// Outbox rows by state.
    let outbox: [String: Int]
    /// Overdue deadlines, most recent first (at most ``listLimit``).
    let overdue: [Deadline]
    /// Open deadlines, earliest first (at most ``listLimit``).
    let outstanding: [Deadline]
    /// Done deadlines with the day and any note, most recently done first (at most ``listLimit``).
    let done: [Deadline]
    let failing: [Delivery]
    let deadLetters: [Delivery]
    let next: [NextReminder]

    /// A big config has hundreds of thousands of deadlines: the lists stop at `listLimit`, the
    /// ones nearest today; the counts stay whole.
    init(board: Board, summary: Store.Summary, listLimit: Int = 1_000) {
        func deadline(_ d: Board.Deadline) -> Deadline {
            Deadline(target: d.target, project: d.projectID, milestone: d.milestoneID, title: d.title,
                     due: LocalDate(dayNumber: d.due).description, owners: d.owners,
                     doneOn: d.doneOn.map { LocalDate(dayNumber: $0).description }, note: d.note)
        }
        func delivery(_ item: Store.Item, retrying: Bool) -> Delivery {
            Delivery(key: item.key, channel: item.channel, attempts: item.attempts, lastError: item.lastError,
                     nextAttemptAt: retrying ? Timestamps.utc(Int64(item.nextAttemptAt)) : nil)
        }
        let all = board.deadlines
        now = Timestamps.utc(board.now)
        today = LocalDate(dayNumber: board.today).description
        deadlines = Dictionary(uniqueKeysWithValues: Board.Deadline.State.allCases.map { state in
            (state.rawValue, all.reduce(0) { $0 + ($1.state == state ? 1 : 0) })
        })
        outbox = Dictionary(uniqueKeysWithValues: summary.counts.map { ($0.key.rawValue, $0.value) })
        self.listLimit = listLimit
        overdue = all.filter { $0.state == .overdue }.sorted { ($0.due, $0.target) > ($1.due, $1.target) }
            .prefix(listLimit).map(deadline)
        outstanding = all.filter { $0.state == .open }.sorted { ($0.due, $0.target) < ($1.due, $1.target) }
            .prefix(listLimit).map(deadline)
        done = all.filter { $0.state == .done }.sorted { ($0.doneOn ?? 0, $0.target) > ($1.doneOn ?? 0, $1.target) }
            .prefix(listLimit).map(deadline)
        failing = summary.failing.map { delivery($0, retrying: true) }
        deadLetters = summary.dead.map { delivery($0, retrying: false) }
        next = board.next.map { n in
            NextReminder(key: n.key, at: Timestamps.utc(n.reminder.instant),
                         local: Timestamps.local(n.reminder.instant, offset: Int(n.reminder.utcOffset)),
                         kind: n.reminder.kind.name, project: n.projectID, title: n.title,
                         recipients: n.recipients, channels: n.channels)
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
