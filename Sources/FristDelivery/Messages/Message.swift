public import FristConfig
public import FristCore
public import FristText

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
    /// What the message says, without its closing: the rendered template.
    public let body: String
    /// What the reader should do about it, as Frist's own texts end; nil when an admin's
    /// template words the whole body.
    public let closing: Closing?
    /// The plain-text message: the body, then the closing line ("Meld færdig: <link>").
    public let text: String
    /// Renderings of the body given explicitly; nil derives them from the body when a notifier
    /// asks (most channels need one of them, or none: a burst should not build all of them).
    private let renderings: (markdown: String, html: String)?

    /// A message with `body` ending in `closing`. Without `markdownBody` and `htmlBody` the
    /// Markdown and HTML are Frist's renderings of the body as plain text.
    public init(key: String, kind: ReminderKind, facts: MessageFacts, subject: String, body: String,
                closing: Closing? = nil, markdownBody: String? = nil, htmlBody: String? = nil) {
        self.key = key
        self.kind = kind
        self.facts = facts
        self.subject = subject
        self.body = body
        self.closing = closing
        self.text = closing.map { body + "\n\n" + $0.line } ?? body
        if let markdownBody, let htmlBody { renderings = (markdownBody, htmlBody) } else { renderings = nil }
    }

    /// The links a reader acts on: "Meld færdig" (the signed ack link) and "Se oversigt" (the
    /// overview page), whichever the config offers. Channels show them in their own form — a
    /// button, a click action, a Markdown link — whether Frist's text or an admin's template
    /// words the body.
    public var links: [Link] {
        var links: [Link] = []
        let labels = facts.language.messageTexts.linkLabels
        if !facts.ackURL.isEmpty { links.append(Link(label: labels.markDone, url: facts.ackURL)) }
        if !facts.overviewURL.isEmpty { links.append(Link(label: labels.overview, url: facts.overviewURL)) }
        return links
    }

    /// The plain text a channel with its own link buttons shows beside them: the body and a
    /// "tell" line, without the "Meld færdig: <link>" line the button stands for.
    public var textBesideLinks: String {
        if case .tell? = closing { return text }
        return body
    }

    /// ``textBesideLinks`` as Markdown: the body and a "tell" line.
    public var markdownBesideLinks: String {
        if case .tell(let line)? = closing { return markdownBody + "\n\n" + MessageRenderings.markdownEscaped(line) }
        return markdownBody
    }

    /// The body as Markdown, without the subject: escaped so titles print as written.
    public var markdownBody: String { renderings?.markdown ?? MessageRenderings.markdownEscaped(body) }

    /// The whole message as Markdown (Mattermost, Discord, ntfy, Gotify): the subject bold, the
    /// body, the "tell" line, and the links as Markdown links.
    public var markdown: String { MessageRenderings.markdown(self) }

    /// The body as an HTML fragment of bare `<p>`, `<ul>`, `<li>`, `<strong>` and `<a>` tags.
    public var htmlBody: String { renderings?.html ?? MessageRenderings.htmlParagraphs(body, linking: facts.ackURL) }

    /// The whole message as a small HTML fragment (Matrix `formatted_body`, a webhook's `{{html}}`).
    public var html: String { MessageRenderings.html(self) }

    /// The HTML part of an e-mail: a whole document laid out for mail clients.
    public var emailHTML: String { MailLayout(self).document }

    /// How urgent, for gateways that have a notion of priority (ntfy 1–5, Gotify 0–10).
    public var urgency: Urgency {
        switch kind {
        case .before, .digest: return .normal
        case .due: return .high
        case .overdue, .escalation: return .urgent
        }
    }

    public enum Urgency: Sendable { case normal, high, urgent }

    /// A labelled link: a button in chat cards and e-mail, a Markdown link elsewhere.
    public struct Link: Sendable, Equatable {
        public let label: String
        public let url: String
    }

    /// How Frist's own texts end: what the project manager should do once the deadline is met.
    public enum Closing: Sendable, Equatable {
        /// "Meld færdig: <link>" in plain text; where a channel has buttons or links, those
        /// stand for the line.
        case ackLink(line: String)
        /// No link to offer: whom to tell (the config's `contact:`), or a neutral sentence.
        /// The same line everywhere.
        case tell(String)

        public var line: String {
            switch self {
            case .ackLink(let line), .tell(let line): return line
            }
        }
    }
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
    public let language: Language
    /// The signed link that marks the occurrence done (`http.public_url`); empty when links are off.
    public internal(set) var ackURL: String
    /// The overview page (`http.public_url` + `/`); empty without a public address.
    public let overviewURL: String

    public struct Recipient: Sendable {
        public let id: String
        public let name: String
        public let email: String?
        /// Where to mention them in shared chat channels.
        public let handles: ChatHandles

        public init(id: String, name: String, email: String?, handles: ChatHandles = ChatHandles()) {
            self.id = id
            self.name = name
            self.email = email
            self.handles = handles
        }
    }

    public init(key: String, kind: String, projectId: String, projectName: String, milestoneId: String,
                title: String, due: String, dueText: String, week: String, occurrence: String, at: String,
                local: String, days: Int, when: String, overdueCount: Int, recipients: [Recipient],
                owners: [Recipient], language: Language, ackURL: String = "", overviewURL: String = "") {
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
        self.overviewURL = overviewURL
    }
}

extension FristConfig {
    /// The people with these ids as a message names them; an id the config lacks stays as written.
    func recipients(_ ids: [String]) -> [MessageFacts.Recipient] {
        ids.map { id in
            let p = people[id]
            return MessageFacts.Recipient(id: id, name: p?.name ?? id, email: p?.email, handles: p?.handles ?? ChatHandles())
        }
    }
}
