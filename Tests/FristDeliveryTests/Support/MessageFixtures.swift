import FristConfig
import FristCore
import FristDelivery
import FristText

/// Sample messages for payload tests: the Task Force reminder from the reference case, in
/// Danish, with a title that has æøå, a typographic dash, double quotes and an ampersand, and
/// a two-line text. Texts are written out here (not built by ``MessageBuilder``) so payload
/// tests see exactly what they compare against.
enum MessageFixtures {
    static let key = "taskforce/apv-handleplan@2021-09-30#before-14d"
    static let title = #"Handleplan for psykisk APV godkendt – "trin 2" & opfølgning"#
    static let projectName = "Task Force – Afdeling for Børn og Familie"
    static let subject = "Frist om 14 dage: " + title
    static let text = "Påmindelse: »\(title)« (\(projectName)) har frist 30. september 2021 (uge 39) – om 14 dage.\n"
        + "Meld den færdig, når den er nået."
    static let markdown = "**\(subject)**\n\n\(text)"
    static let htmlBody = "<p>Påmindelse: »Handleplan for psykisk APV godkendt – &quot;trin 2&quot; &amp; opfølgning« (Task Force – Afdeling for Børn og Familie) har frist 30. september 2021 (uge 39) – om 14 dage.</p>"
        + "<p>Meld den færdig, når den er nået.</p>"
    static let html = "<p><strong>Frist om 14 dage: Handleplan for psykisk APV godkendt – &quot;trin 2&quot; &amp; opfølgning</strong></p>"
        + htmlBody

    /// A signed link as the daemon makes them, and the overview page it links to.
    static let ackURL = "https://frist.kommune.dk/ack/link?t=taskforce%2Fapv-handleplan%402021-09-30&e=1634367600&s=5f2c9a0d"
    static let overviewURL = "https://frist.kommune.dk/"

    static let anne = MessageFacts.Recipient(id: "anne", name: "Anne Jensen", email: "anne@example.dk")
    /// Anne with a handle in every chat system.
    static let mentionable = MessageFacts.Recipient(
        id: "anne", name: "Anne Jensen", email: "anne@example.dk",
        handles: ChatHandles(slack: "U024BE7LH", teams: "anne@kommune.dk", mattermost: "anne.jensen",
                             discord: "80351110224678912"))

    /// The 14-days-ahead reminder; `kind`, the Markdown body and `language` can be varied.
    /// `linked`: with the ack link (and its closing line), the overview, and Anne's chat handles.
    static func danish(kind: ReminderKind = .before(.calendarDays(14)), markdownBody: String = text,
                       language: Language = .da, linked: Bool = false) -> Message {
        let facts = MessageFacts(
            key: key, kind: kind.name, projectId: "taskforce", projectName: projectName,
            milestoneId: "apv-handleplan", title: title, due: "2021-09-30", dueText: "30. september 2021",
            week: "uge 39", occurrence: "2021-09-30", at: "2021-09-16T07:00:00Z",
            local: "2021-09-16T09:00:00+02:00", days: 14, when: "om 14 dage", overdueCount: 0,
            recipients: [linked ? mentionable : anne], owners: [anne], language: language,
            ackURL: linked ? ackURL : "", overviewURL: linked ? overviewURL : "")
        return Message(key: key, kind: kind, facts: facts, subject: subject, body: text,
                       closing: linked ? .ackLink(line: "Meld færdig: " + ackURL) : nil,
                       markdownBody: markdownBody, htmlBody: htmlBody)
    }
}
