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

    public init(config: FristConfig, plan: Plan) {
        self.config = config
        self.plan = plan
    }

    /// The message for `reminder` on `channel`.
    public func message(for reminder: Reminder, channel: ChannelConfig) -> Message {
        let pm = plan.milestone(of: reminder)
        let project = plan.project(of: reminder)
        let language = config.language.rawValue
        let words = DateWords(language: language)
        let due = LocalDate(dayNumber: Int(reminder.due))
        let days = Int(reminder.due) - Int(reminder.date)
        let overdueCount: Int = if case .overdue(let k) = reminder.kind { k } else { 0 }
        let facts = MessageFacts(
            key: plan.key(of: reminder), kind: reminder.kind.name, projectId: project.id, projectName: project.name,
            milestoneId: pm.milestone.id, title: pm.milestone.title, due: due.description, dueText: words.date(due),
            week: words.week(due), occurrence: LocalDate(dayNumber: Int(reminder.occurrence)).description,
            at: Timestamps.utc(reminder.instant), local: Timestamps.local(reminder.instant, offset: Int(reminder.utcOffset)),
            days: days, when: words.distance(days: days), overdueCount: overdueCount,
            recipients: people(plan.recipients(of: reminder)), owners: people(pm.recipients), language: language)
        let builtIn = BuiltInTexts.templates(kind: facts.kind, language: language)
        let projectTemplates = config.projectTemplates[project.id] ?? [:]
        let subject = channel.templates["subject"] ?? projectTemplates["subject"] ?? builtIn.subject
        let text = channel.templates[facts.kind] ?? projectTemplates[facts.kind] ?? builtIn.text
        return build(key: facts.key, kind: reminder.kind, facts: facts, subject: subject, text: text, extra: [:])
    }

    /// A test message for `frist send-test`, addressed to `recipients`, with made-up facts.
    public func testMessage(channel: ChannelConfig, recipients: [String], now: Int64) -> Message {
        let texts = BuiltInTexts.test(language: config.language.rawValue)
        return synthetic(kind: .due, key: "frist/send-test@{{day}}#\(channel.name)", recipients: recipients, now: now,
                         subject: texts.subject, text: texts.text, extra: ["channel": channel.name])
    }

    /// A made-up reminder of `kind` worded as `channel` (and `project`, if given) would word it:
    /// `frist check` renders every template this way before any real reminder needs it.
    public func sampleMessage(kind: ReminderKind, channel: ChannelConfig, project: String?, now: Int64) -> Message {
        let builtIn = BuiltInTexts.templates(kind: kind.name, language: config.language.rawValue)
        let projectTemplates = project.flatMap { config.projectTemplates[$0] } ?? [:]
        return synthetic(kind: kind, key: "\(project ?? "frist")/sample@{{day}}#\(kind.keySuffix)",
                         recipients: Array(config.people.keys.sorted().prefix(2)), now: now,
                         subject: channel.templates["subject"] ?? projectTemplates["subject"] ?? builtIn.subject,
                         text: channel.templates[kind.name] ?? projectTemplates[kind.name] ?? builtIn.text, extra: [:])
    }

    private func synthetic(kind: ReminderKind, key template: String, recipients: [String], now: Int64,
                           subject: String, text: String, extra: [String: String]) -> Message {
        let language = config.language.rawValue
        let words = DateWords(language: language)
        let offset = plan.schedule.zone.offset(at: now)
        let today = LocalDate(dayNumber: Int((now + Int64(offset)) / 86_400))
        let key = template.replacingOccurrences(of: "{{day}}", with: today.description)
        let facts = MessageFacts(
            key: key, kind: kind.name, projectId: "frist", projectName: "Frist", milestoneId: "sample",
            title: language == "en" ? "Test message" : "Testbesked", due: today.description,
            dueText: words.date(today), week: words.week(today), occurrence: today.description,
            at: Timestamps.utc(now), local: Timestamps.local(now, offset: offset), days: 0, when: words.distance(days: 0),
            overdueCount: kind == .overdue(1) ? 1 : 0, recipients: people(recipients), owners: people(recipients),
            language: language)
        return build(key: key, kind: kind, facts: facts, subject: subject, text: text, extra: extra)
    }

    /// The report about `reminder` given up on `channel`, for the `dead_letters` channels.
    public func deadLetterMessage(for reminder: Reminder, channel: String, reason: String) -> Message {
        let original = message(for: reminder, channel: ChannelConfig(name: channel, kind: .console))
        let texts = BuiltInTexts.deadLetter(language: config.language.rawValue)
        return build(key: original.key + "#dead-letter", kind: .escalation, facts: original.facts,
                     subject: texts.subject, text: texts.text, extra: ["channel": channel, "reason": reason])
    }

    private func build(key: String, kind: ReminderKind, facts: MessageFacts, subject: String, text: String,
                       extra: [String: String]) -> Message {
        var values = facts.variables
        for (k, v) in extra { values[k] = v }
        let subjectText = cache.render(subject, values).trimmingCharacters(in: .whitespacesAndNewlines)
        let body = cache.render(text, values).trimmingCharacters(in: .whitespacesAndNewlines)
        return Message(key: key, kind: kind, facts: facts, subject: subjectText, text: body,
                       markdown: "**\(Self.markdownEscaped(subjectText))**\n\n\(Self.markdownEscaped(body))",
                       html: Self.html(subject: subjectText, text: body, facts: facts))
    }

    private func people(_ ids: [String]) -> [MessageFacts.Recipient] {
        ids.map { id in
            let p = config.people[id]
            return MessageFacts.Recipient(id: id, name: p?.name ?? id, email: p?.email)
        }
    }

    /// Characters Markdown would read as formatting, escaped so titles print as written.
    static func markdownEscaped(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "\\", "*", "_", "`", "[", "]", "<", ">", "#", "|", "~":
                out.append("\\")
                out.append(u)
            default:
                out.append(u)
            }
        }
        return String(out)
    }

    static func htmlEscaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A small, self-contained HTML body: the subject, the text, and the key facts.
    static func html(subject: String, text: String, facts: MessageFacts) -> String {
        let danish = facts.language != "en"
        let rows = [
            (danish ? "Projekt" : "Project", facts.projectName),
            (danish ? "Frist" : "Due", "\(facts.dueText) (\(facts.week))"),
            (danish ? "Nøgle" : "Key", facts.key),
        ]
        let table = rows.map { "<tr><th align=\"left\">\(htmlEscaped($0.0))</th><td>\(htmlEscaped($0.1))</td></tr>" }
            .joined()
        let paragraphs = text.components(separatedBy: "\n").map { "<p>\(htmlEscaped($0))</p>" }.joined()
        return "<p><strong>\(htmlEscaped(subject))</strong></p>\(paragraphs)<table>\(table)</table>"
    }
}

/// Compiled templates by their text: a channel's templates compile once, not per message.
final class TemplateCache: Sendable {
    private let compiled = Mutex<[String: CompiledTemplate]>([:])

    func render(_ text: String, _ values: [String: Any]) -> String {
        if let t = compiled.withLock({ $0[text] }) { return t.render(values) }
        // The config loader compiled every template already; one that fails here renders as written.
        guard let t = try? Templates.compile(text) else { return text }
        compiled.withLock { $0[text] = t }
        return t.render(values)
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
            "overdue_count": overdueCount, "language": language,
            "recipients": recipients.map { ["id": $0.id, "name": $0.name, "email": $0.email ?? ""] },
            "recipient_names": recipients.map(\.name).joined(separator: ", "),
            "owners": owners.map { ["id": $0.id, "name": $0.name, "email": $0.email ?? ""] },
            "owner_names": owners.map(\.name).joined(separator: ", "),
        ]
    }
}
