import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// What people read: Frist's own Danish and English texts, and templates that replace them.
@Suite struct MessageTextTests {
    /// How a reminder ends when there is no link and no `contact:`.
    static let neutral = "Når den er nået, så giv den, der administrerer Frist hos jer, besked, så stopper påmindelserne."

    @Test(arguments: [
        ("before-14d", "Frist om 14 dage: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "Påmindelse: »Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist torsdag 30. september 2021 (uge 39) – om 14 dage." + "\n\n" + MessageTextTests.neutral),
        ("due", "Frist i dag: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "»Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist i dag, torsdag 30. september 2021." + "\n\n" + MessageTextTests.neutral),
        ("overdue-2", "Overskredet: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "»Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) havde frist torsdag 30. september 2021 – for 14 dage siden – og er ikke meldt færdig. Rykker nr. 2." + "\n\n" + MessageTextTests.neutral),
        ("escalation", "Eskalering: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "»Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) havde frist torsdag 30. september 2021 – for 14 dage siden – og er stadig ikke meldt færdig. Ansvarlig: Anne Jensen, Søren Ærø-Østergård." + "\n\n" + MessageTextTests.neutral),
    ])
    func danishTexts(suffix: String, subject: String, text: String) throws {
        let message = try DeliveryFixture(channel: "{type: console}").message(suffix)
        #expect(message.subject == subject)
        #expect(message.text == text)
    }

    @Test func englishTexts() throws {
        let message = try DeliveryFixture(channel: "{type: console}", language: "en").message("before-3d")
        #expect(message.subject == "Due in 3 days: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning")
        #expect(message.text == "Reminder: “Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning” (Task Force – Afdeling for Børn og Familie) is due Thursday 30 September 2021 (week 39) – in 3 days.\n\nOnce it is done, tell whoever runs Frist for you so the reminders stop.")
    }

    static let kinds = ["before-14d", "before-3d", "due", "overdue-1", "escalation"]

    @Test("Without links, every kind ends by naming whom to tell: the contact, with the address", arguments: kinds)
    func everyKindEndsWithTheContact(suffix: String) throws {
        let contact = "contact: {name: Mette Kjærgaard, email: mette.kjaergaard@example.dk}"
        let danish = try DeliveryFixture(channel: "{type: console}", extra: contact).message(suffix)
        #expect(danish.text.hasSuffix(".\n\nNår den er nået, så giv Mette Kjærgaard (mette.kjaergaard@example.dk) besked, så stopper påmindelserne."),
                "\(danish.text)")
        #expect(danish.closing == .tell("Når den er nået, så giv Mette Kjærgaard (mette.kjaergaard@example.dk) besked, så stopper påmindelserne."))
        #expect(danish.links.isEmpty)
        let english = try DeliveryFixture(channel: "{type: console}", language: "en", extra: "contact: {name: IT-servicedesk}").message(suffix)
        #expect(english.text.hasSuffix(".\n\nOnce it is done, tell IT-servicedesk so the reminders stop."), "\(english.text)")
    }

    @Test("With links, every kind ends with \"Meld færdig\" and its link, and offers the overview", arguments: kinds)
    func everyKindEndsWithTheAckLink(suffix: String) throws {
        let message = try DeliveryFixture(channel: "{type: console}", linked: true).message(suffix)
        let link = message.facts.ackURL
        #expect(link.hasPrefix("https://frist.kommune.dk/ack/link?t=taskforce%2Fapv-handleplan%402021-09-30&e="))
        #expect(message.text.hasSuffix(".\n\nMeld færdig: " + link), "\(message.text)")
        #expect(message.closing == .ackLink(line: "Meld færdig: " + link))
        #expect(message.links == [Message.Link(label: "Meld færdig", url: link),
                                  Message.Link(label: "Se oversigt", url: "https://frist.kommune.dk/")])
        // Beside a button the link line goes; the body stays.
        #expect(message.textBesideLinks == message.body)
        #expect(!message.body.contains("Meld færdig"))
        let english = try DeliveryFixture(channel: "{type: console}", language: "en", linked: true).message(suffix)
        #expect(english.text.hasSuffix(".\n\nMark it done: " + english.facts.ackURL))
        #expect(english.links.map(\.label) == ["Mark it done", "See the overview"])
    }

    @Test func anAdminsTemplateWordsTheWholeBodyButKeepsTheButtons() throws {
        let fixture = try DeliveryFixture(channel: "{type: console, templates: {before: \"{{title}}: {{overview_url}}\"}}", linked: true)
        let message = fixture.message("before-14d")
        #expect(message.text == "Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning: https://frist.kommune.dk/")
        #expect(message.closing == nil)
        #expect(message.links.map(\.label) == ["Meld færdig", "Se oversigt"])
    }

    @Test func theDeadLetterReportOffersNoButtonForSomeoneElsesDeadline() throws {
        let fixture = try DeliveryFixture(channel: "{type: console}", linked: true)
        let original = fixture.message("due")
        let report = MessageBuilder(config: fixture.config, plan: fixture.plan)
            .deadLetterMessage(for: original, channel: "out", reason: "HTTP 404")
        #expect(report.links.map(\.label) == ["Se oversigt"])
        #expect(!report.text.contains("/ack/link"))
    }

    @Test func aChannelTemplateReplacesTheTextAndSubject() throws {
        let fixture = try DeliveryFixture(channel: """
            {type: console, templates: {before: "{{title}} – {{when}} ({{due}}, {{#recipients}}{{name}};{{/recipients}})", subject: "[{{project}}] {{milestone}}"}}
            """)
        let message = fixture.message("before-14d")
        #expect(message.subject == "[taskforce] apv-handleplan")
        // Plain text: nothing is HTML-escaped.
        #expect(message.text == "Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning – om 14 dage (2021-09-30, Anne Jensen;Søren Ærø-Østergård;)")
        // Kinds without a template keep Frist's own wording.
        #expect(fixture.message("due").text.hasPrefix("»Handleplan"))
    }

    @Test func aProjectTemplateAppliesUnlessTheChannelHasItsOwn() throws {
        let project = "  templates: {due: \"Projektets tekst: {{title}}\", subject: \"Projekt {{project}}\"}"
        let plain = try DeliveryFixture(channel: "{type: console}", project: project)
        #expect(plain.message("due").text == "Projektets tekst: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning")
        #expect(plain.message("due").subject == "Projekt taskforce")
        let channel = try DeliveryFixture(channel: "{type: console, templates: {due: \"Kanalens tekst\"}}", project: project)
        #expect(channel.message("due").text == "Kanalens tekst")
        #expect(channel.message("due").subject == "Projekt taskforce")
    }

    @Test func markdownAndHTMLShowTitlesAsWritten() throws {
        let message = try DeliveryFixture(channel: "{type: console}").message("due")
        #expect(message.markdown.hasPrefix("**Frist i dag: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning**\n\n"))
        #expect(message.html.contains("&quot;trin 2&quot; &amp; opfølgning"))
        // The key is for admins: in `X-Frist-Key` and the e-mail's footer, not in the text.
        #expect(!message.html.contains("Nøgle") && !message.html.contains("taskforce/apv-handleplan@2021-09-30#due"))
    }

    @Test func theConsoleWritesOneLinePerReminder() async throws {
        let fixture = try DeliveryFixture(channel: "{type: console}")
        let lines = Lines()
        let context = DeliveryContext(transport: CurlTransport(), secrets: SecretResolver(redactor: Redactor())) { lines.append($0) }
        let attempt = await ConsoleNotifier(channel: fixture.config.channels["out"]!).send(fixture.message("before-14d"), via: context)
        #expect(attempt.outcome == .delivered)
        #expect(lines.all == ["[frist] 2021-09-16T09:00:00+02:00 taskforce/apv-handleplan@2021-09-30#before-14d: Frist om 14 dage: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning — Påmindelse: »Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist torsdag 30. september 2021 (uge 39) – om 14 dage. / \(Self.neutral)"])
    }
}

/// Lines written from another task, collected for assertions.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
