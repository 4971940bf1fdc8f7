public import FristBoard
public import FristConfig
public import FristCore
import FristText

/// Words a digest as one message: what is overdue (oldest first) and what falls due within
/// the digest's next days, for its people and projects. Built at send time from a ``Board``
/// of the digest's instant, so it shows the deadlines as they stand then (acknowledgements
/// included) in the same states the overview page shows.
public struct DigestMessageBuilder: Sendable {
    private let config: FristConfig
    private let plan: Plan

    /// A builder for the digests of `config`, whose deadlines `plan` holds.
    public init(config: FristConfig, plan: Plan) {
        self.config = config
        self.plan = plan
    }

    /// The message for `occurrence` of `digest`, with the acknowledgements known now.
    public func message(for occurrence: DigestPlan.Occurrence, of digest: Digest,
                        acknowledgements: Acknowledgements) -> Message {
        // Repeating deadlines are only needed as far ahead as the digest looks.
        let board = Board(config: config, plan: plan, acknowledgements: acknowledgements, now: occurrence.instant,
                          horizonDays: digest.days, nextLimit: 0)
        return message(for: occurrence, of: digest, board: board)
    }

    /// The message for `occurrence` of `digest` from a board of its instant.
    public func message(for occurrence: DigestPlan.Occurrence, of digest: Digest, board: Board) -> Message {
        let language = config.language
        let words = language.messageTexts
        let texts = words.digest(days: digest.days)
        var overdue: [Board.Deadline] = []
        var coming: [Board.Deadline] = []
        for d in board.deadlines where digest.covers(plan.milestones[d.milestoneIndex], projectID: d.projectID) {
            switch d.state {
            case .overdue: overdue.append(d)
            case .open where d.due < board.today + digest.days: coming.append(d)
            case .open, .done: break
            }
        }
        let earliestFirst = { (a: Board.Deadline, b: Board.Deadline) in (a.deadline, a.target) < (b.deadline, b.target) }
        overdue.sort(by: earliestFirst)
        coming.sort(by: earliestFirst)

        let projectNames = Dictionary(board.projects.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        // "torsdag 16. september 2021 kl. 12:00 (om 3 dage): Handleplan – Task Force – Anne Jensen"
        func line(_ d: Board.Deadline) -> String {
            let time = d.timeOfDay.map { " \(texts.at) \($0)" } ?? ""
            let owners = d.owners.map(board.name(of:)).joined(separator: ", ")
            return "\(words.date(LocalDate(dayNumber: d.due)))\(time) (\(words.distance(days: d.due - board.today))): "
                + "\(d.title) – \(projectNames[d.projectID] ?? d.projectID)" + (owners.isEmpty ? "" : " – \(owners)")
        }
        var sections: [Section] = []
        if !overdue.isEmpty { sections.append(.list("\(texts.overdue) (\(overdue.count))", overdue.map(line))) }
        sections.append(coming.isEmpty ? .line(texts.nothingComing)
                                       : .list("\(texts.coming) (\(coming.count))", coming.map(line)))

        let date = LocalDate(dayNumber: occurrence.date)
        let subject = "\(digest.title) – \(words.week(date))"
        var owners: [String] = []
        for d in overdue + coming { for o in d.owners where !owners.contains(o) { owners.append(o) } }
        let facts = MessageFacts(
            key: occurrence.key, kind: ReminderKind.digest.name, projectId: Digest.namespace, projectName: digest.title,
            milestoneId: digest.id, title: digest.title, due: date.description, dueText: words.date(date),
            week: words.week(date), occurrence: LocalDate(dayNumber: occurrence.occurrence).description,
            at: Timestamps.utc(occurrence.instant), local: Timestamps.local(occurrence.instant, offset: occurrence.utcOffset),
            days: 0, when: words.distance(days: 0), overdueCount: 0, recipients: config.recipients(digest.people),
            owners: config.recipients(owners), language: language, overviewURL: config.http?.overviewURL ?? "")
        // Nothing listed, nothing to tell anyone about.
        let closing = overdue.isEmpty && coming.isEmpty ? nil
            : Message.Closing.tell(words.tellLine(contact: config.contact, many: true))
        return Message(key: occurrence.key, kind: .digest, facts: facts, subject: subject,
                       body: sections.map(\.text).joined(separator: "\n\n"), closing: closing,
                       markdownBody: sections.map(\.markdown).joined(separator: "\n\n"),
                       htmlBody: sections.map(\.html).joined())
    }

    /// A part of the body: a heading with its list, or a line on its own.
    private enum Section {
        case list(String, [String])
        case line(String)

        var text: String {
            switch self {
            case .list(let heading, let items): return heading + ":\n" + items.map { "- " + $0 }.joined(separator: "\n")
            case .line(let line): return line
            }
        }

        var markdown: String {
            switch self {
            case .list(let heading, let items):
                return "**\(MessageRenderings.markdownEscaped(heading))**\n"
                    + items.map { "- " + MessageRenderings.markdownEscaped($0) }.joined(separator: "\n")
            case .line(let line): return MessageRenderings.markdownEscaped(line)
            }
        }

        var html: String {
            switch self {
            case .list(let heading, let items):
                return "<p><strong>\(HTMLEscaping.escape(heading))</strong></p><ul>"
                    + items.map { "<li>\(HTMLEscaping.escape($0))</li>" }.joined() + "</ul>"
            case .line(let line): return "<p>\(HTMLEscaping.escape(line))</p>"
            }
        }
    }
}
