import FristCore
import FristDelivery

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
    static let html = "<p><strong>Frist om 14 dage: Handleplan for psykisk APV godkendt – &quot;trin 2&quot; &amp; opfølgning</strong></p>"
        + "<p>Påmindelse: »Handleplan for psykisk APV godkendt – &quot;trin 2&quot; &amp; opfølgning« (Task Force – Afdeling for Børn og Familie) har frist 30. september 2021 (uge 39) – om 14 dage.</p>"
        + "<p>Meld den færdig, når den er nået.</p>"

    static let anne = MessageFacts.Recipient(id: "anne", name: "Anne Jensen", email: "anne@example.dk")

    /// The 14-days-ahead reminder; `kind`, `markdown` and `language` can be varied.
    static func danish(kind: ReminderKind = .before(.calendarDays(14)), markdown: String = markdown,
                       language: String = "da") -> Message {
        let facts = MessageFacts(
            key: key, kind: kind.name, projectId: "taskforce", projectName: projectName,
            milestoneId: "apv-handleplan", title: title, due: "2021-09-30", dueText: "30. september 2021",
            week: "uge 39", occurrence: "2021-09-30", at: "2021-09-16T07:00:00Z",
            local: "2021-09-16T09:00:00+02:00", days: 14, when: "om 14 dage", overdueCount: 0,
            recipients: [anne], owners: [anne], language: language)
        return Message(key: key, kind: kind, facts: facts, subject: subject, text: text, markdown: markdown,
                       html: html)
    }
}
