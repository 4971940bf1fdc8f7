public import FristCore

/// One reminder as people will read it: the facts, and the texts rendered from them.
///
/// Notifiers turn it into a gateway's payload; they never decide wording themselves.
public struct Message: Sendable {
    /// The idempotency key (`project/milestone@date#kind`); also the base of Matrix
    /// transaction ids and e-mail Message-IDs.
    public let key: String
    public let kind: ReminderKind
    public let facts: MessageFacts
    /// A short line: an e-mail subject, a chat title, a push notification's title.
    public let subject: String
    /// The plain-text body.
    public let text: String
    /// The body as Markdown (Slack, Mattermost, Discord, Teams, ntfy, Matrix), with the title bold.
    public var markdown: String { renderings?.markdown ?? MessageRenderings.markdown(subject: subject, text: text) }
    /// The body as a small HTML fragment (e-mail, Matrix `formatted_body`).
    public var html: String { renderings?.html ?? MessageRenderings.html(subject: subject, text: text, facts: facts) }
    /// Renderings given explicitly; nil derives them from the text when a notifier asks (most
    /// channels need one of them, or none: a burst should not build all three).
    private let renderings: (markdown: String, html: String)?

    /// A message with its own Markdown and HTML renderings.
    public init(key: String, kind: ReminderKind, facts: MessageFacts, subject: String, text: String,
                markdown: String, html: String) {
        self.key = key
        self.kind = kind
        self.facts = facts
        self.subject = subject
        self.text = text
        self.renderings = (markdown, html)
    }

    /// A message whose Markdown and HTML are Frist's renderings of `subject` and `text`.
    public init(key: String, kind: ReminderKind, facts: MessageFacts, subject: String, text: String) {
        self.key = key
        self.kind = kind
        self.facts = facts
        self.subject = subject
        self.text = text
        self.renderings = nil
    }

    /// How urgent, for gateways that have a notion of priority (ntfy 1–5, Gotify 0–10).
    public var urgency: Urgency {
        switch kind {
        case .before, .digest: return .normal
        case .due: return .high
        case .overdue, .escalation: return .urgent
        }
    }

    public enum Urgency: Sendable { case normal, high, urgent }
}

/// What a message is about, as plain values: the variables of built-in texts and templates.
public struct MessageFacts: Sendable {
    public let key: String
    /// `before`, `due`, `overdue`, `escalation`.
    public let kind: String
    public let projectId: String
    public let projectName: String
    public let milestoneId: String
    public let title: String
    /// The due date (after `shift`), ISO and in words: "30. september 2021".
    public let due: String
    public let dueText: String
    /// "uge 39" / "week 39".
    public let week: String
    /// The occurrence's own date (names it in the key).
    public let occurrence: String
    /// When the reminder goes out: UTC ISO 8601 and local with offset.
    public let at: String
    public let local: String
    /// Days from the reminder's date to the due date (negative once overdue), and in words:
    /// "om 3 dage", "i dag", "for 7 dage siden".
    public let days: Int
    public let when: String
    /// For overdue reminders: which nag this is (1, 2, …); 0 otherwise.
    public let overdueCount: Int
    /// Who the reminder goes to, and who owns the milestone (for escalations they differ).
    public let recipients: [Recipient]
    public let owners: [Recipient]
    public let language: String
    /// The signed link that marks the occurrence done (`http.public_url`); empty when links are off.
    public let ackURL: String

    public struct Recipient: Sendable {
        public let id: String
        public let name: String
        public let email: String?

        public init(id: String, name: String, email: String?) {
            self.id = id
            self.name = name
            self.email = email
        }
    }

    public init(key: String, kind: String, projectId: String, projectName: String, milestoneId: String,
                title: String, due: String, dueText: String, week: String, occurrence: String, at: String,
                local: String, days: Int, when: String, overdueCount: Int, recipients: [Recipient],
                owners: [Recipient], language: String, ackURL: String = "") {
        self.key = key
        self.kind = kind
        self.projectId = projectId
        self.projectName = projectName
        self.milestoneId = milestoneId
        self.title = title
        self.due = due
        self.dueText = dueText
        self.week = week
        self.occurrence = occurrence
        self.at = at
        self.local = local
        self.days = days
        self.when = when
        self.overdueCount = overdueCount
        self.recipients = recipients
        self.owners = owners
        self.language = language
        self.ackURL = ackURL
    }
}
