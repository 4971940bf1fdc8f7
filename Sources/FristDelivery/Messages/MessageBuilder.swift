public import FristConfig
public import FristCore
import Foundation
import Synchronization

/// Turns a planned reminder into the ``Message`` one channel sends: the facts from the plan
/// and the config, worded by the channel's template, else the project's, else Frist's own.
public final class MessageBuilder: Sendable {
    private let config: FristConfig
    private let plan: Plan
    private let cache = TemplateCache()

    /// Signed "mark it done" links, when the config offers them.
    private let links: AckLinks?

    public init(config: FristConfig, plan: Plan, links: AckLinks? = nil) {
        self.config = config
        self.plan = plan
        self.links = links
    }

    /// The message for `reminder` on `channel`.
    public func message(for reminder: Reminder, channel: ChannelConfig) -> Message {
        let pm = plan.milestone(of: reminder)
        let project = plan.project(of: reminder)
        let language = config.language
        let words = language.messageTexts
        let due = LocalDate(dayNumber: Int(reminder.due))
        let days = Int(reminder.due) - Int(reminder.date)
        let overdueCount: Int = if case .overdue(let k) = reminder.kind { k } else { 0 }
        let facts = MessageFacts(
            key: plan.key(of: reminder), kind: reminder.kind.name, projectId: project.id, projectName: project.name,
            milestoneId: pm.milestone.id, title: pm.milestone.title, due: due.description, dueText: words.date(due),
            week: words.week(due), occurrence: LocalDate(dayNumber: Int(reminder.occurrence)).description,
            at: Timestamps.utc(reminder.instant), local: Timestamps.local(reminder.instant, offset: Int(reminder.utcOffset)),
            days: days, when: words.distance(days: days), overdueCount: overdueCount,
            recipients: people(plan.recipients(of: reminder)), owners: people(pm.recipients), language: language,
            ackURL: links.map { $0.url(target: plan.occurrenceTarget(of: reminder),
                                       expires: reminder.instant + Int64($0.lifetime)) } ?? "",
            overviewURL: overviewURL)
        let builtIn = words.templates(kind: facts.kind)
        let projectTemplates = config.projectTemplates[project.id] ?? [:]
        let subject = channel.templates["subject"] ?? projectTemplates["subject"] ?? builtIn.subject
        // Frist's own texts end with what to do: the link when there is one, else whom to tell.
        // An admin's template words the whole body (placing `{{ack_url}}` where it wants it).
        if let own = channel.templates[facts.kind] ?? projectTemplates[facts.kind] {
            return build(key: facts.key, kind: reminder.kind, facts: facts, subject: subject, text: own, extra: [:])
        }
        let closing: Message.Closing = facts.ackURL.isEmpty
            ? .tell(words.tellLine(contact: config.contact, many: false))
            : .ackLink(line: cache.render(words.ackLine, facts, extra: [:]))
        return build(key: facts.key, kind: reminder.kind, facts: facts, subject: subject, text: builtIn.text,
                     extra: [:], closing: closing)
    }

    /// The overview page, when the config says where people reach the listener.
    private var overviewURL: String { config.http?.overviewURL ?? "" }

    /// A test message for `frist send-test`, addressed to `recipients`, with made-up facts.
    public func testMessage(channel: ChannelConfig, recipients: [String], now: Int64) -> Message {
        let texts = config.language.messageTexts.test
        return synthetic(kind: .due, key: "frist/send-test@{{day}}#\(channel.name)", recipients: recipients, now: now,
                         subject: texts.subject, text: texts.text, extra: ["channel": channel.name])
    }

    /// A made-up reminder of `kind` worded as `channel` (and `project`, if given) would word it:
    /// `frist check` renders every template this way before any real reminder needs it.
    public func sampleMessage(kind: ReminderKind, channel: ChannelConfig, project: String?, now: Int64) -> Message {
        let builtIn = config.language.messageTexts.templates(kind: kind.name)
        let projectTemplates = project.flatMap { config.projectTemplates[$0] } ?? [:]
        return synthetic(kind: kind, key: "\(project ?? "frist")/sample@{{day}}#\(kind.keySuffix)",
                         recipients: Array(config.people.keys.sorted().prefix(2)), now: now,
                         subject: channel.templates["subject"] ?? projectTemplates["subject"] ?? builtIn.subject,
                         text: channel.templates[kind.name] ?? projectTemplates[kind.name] ?? builtIn.text, extra: [:])
    }

    private func synthetic(kind: ReminderKind, key template: String, recipients: [String], now: Int64,
                           subject: String, text: String, extra: [String: String]) -> Message {
        let language = config.language
        let words = language.messageTexts
        let offset = plan.schedule.zone.offset(at: now)
        let today = LocalDate(dayNumber: Int((now + Int64(offset)) / 86_400))
        let key = template.replacingOccurrences(of: "{{day}}", with: today.description)
        let facts = MessageFacts(
            key: key, kind: kind.name, projectId: "frist", projectName: "Frist", milestoneId: "sample",
            title: words.test.title, due: today.description,
            dueText: words.date(today), week: words.week(today), occurrence: today.description,
            at: Timestamps.utc(now), local: Timestamps.local(now, offset: offset), days: 0, when: words.distance(days: 0),
            overdueCount: kind == .overdue(1) ? 1 : 0, recipients: people(recipients), owners: people(recipients),
            language: language, overviewURL: overviewURL)
        return build(key: key, kind: kind, facts: facts, subject: subject, text: text, extra: extra)
    }

    /// The report about `original` (a reminder's or a digest's message) given up on `channel`,
    /// for the `dead_letters` channels.
    public func deadLetterMessage(for original: Message, channel: String, reason: String) -> Message {
        let texts = config.language.messageTexts.deadLetter
        // The report is for the admin: no "Meld færdig" button for someone else's deadline.
        var facts = original.facts
        facts.ackURL = ""
        return build(key: original.key + "#dead-letter", kind: .escalation, facts: facts,
                     subject: texts.subject, text: texts.text, extra: ["channel": channel, "reason": reason])
    }

    private func build(key: String, kind: ReminderKind, facts: MessageFacts, subject: String, text: String,
                       extra: [String: String], closing: Message.Closing? = nil) -> Message {
        let subjectText = String(cache.render(subject, facts, extra: extra).trimmingSpaces)
        let body = String(cache.render(text, facts, extra: extra).trimmingSpaces)
        return Message(key: key, kind: kind, facts: facts, subject: subjectText, body: body, closing: closing)
    }

    private func people(_ ids: [String]) -> [MessageFacts.Recipient] { config.recipients(ids) }
}

/// Compiled templates by their text: a channel's templates compile once, not per message.
final class TemplateCache: Sendable {
    private enum Compiled: Sendable {
        case plain(PlainTemplate)
        case mustache(CompiledTemplate)
        /// Does not compile (the config loader reported it already): rendered as written.
        case verbatim
    }

    private let compiled = Mutex<[String: Compiled]>([:])

    func render(_ text: String, _ facts: MessageFacts, extra: [String: String]) -> String {
        let template = compiled.withLock { cache in
            if let known = cache[text] { return known }
            let made: Compiled = if let plain = PlainTemplate(text) { .plain(plain) }
                else if let t = try? Templates.compile(text) { .mustache(t) } else { .verbatim }
            cache[text] = made
            return made
        }
        switch template {
        case .plain(let plain):
            return plain.render(facts, extra: extra)
        case .mustache(let t):
            var values = facts.variables
            for (k, v) in extra { values[k] = v }
            return t.render(values)
        case .verbatim:
            return text
        }
    }
}

extension MessageFacts {
    /// The names templates use: `{{title}}`, `{{due_text}}`, `{{when}}`,
    /// `{{#recipients}}{{name}}{{/recipients}}`…
    public var variables: [String: Any] {
        [
            "key": key, "kind": kind, "project": projectId, "project_name": projectName,
            "milestone": milestoneId, "title": title, "due": due, "due_text": dueText, "week": week,
            "occurrence": occurrence, "at": at, "local": local, "days": days, "when": when,
            "overdue_count": overdueCount, "language": language.rawValue,
            "recipients": recipients.map { ["id": $0.id, "name": $0.name, "email": $0.email ?? ""] },
            "recipient_names": recipients.map(\.name).joined(separator: ", "),
            "owners": owners.map { ["id": $0.id, "name": $0.name, "email": $0.email ?? ""] },
            "owner_names": owners.map(\.name).joined(separator: ", "),
            "ack_url": ackURL, "overview_url": overviewURL,
        ]
    }
}
