import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// What people read: Frist's own Danish and English texts, and templates that replace them.
@Suite struct MessageTextTests {
    @Test(arguments: [
        ("before-14d", "Frist om 14 dage: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "Påmindelse: »Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist torsdag 30. september 2021 (uge 39) – om 14 dage."),
        ("due", "Frist i dag: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "»Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist i dag, torsdag 30. september 2021. Meld den færdig, når den er nået."),
        ("overdue-2", "Overskredet: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "»Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) havde frist torsdag 30. september 2021 – for 14 dage siden – og er ikke meldt færdig. Rykker nr. 2."),
        ("escalation", "Eskalering: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning",
         "»Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) havde frist torsdag 30. september 2021 – for 14 dage siden – og er stadig ikke meldt færdig. Ansvarlig: Anne Jensen, Søren Ærø-Østergård."),
    ])
    func danishTexts(suffix: String, subject: String, text: String) throws {
        let message = try DeliveryFixture(channel: "{type: console}").message(suffix)
        #expect(message.subject == subject)
        #expect(message.text == text)
    }

    @Test func englishTexts() throws {
        let message = try DeliveryFixture(channel: "{type: console}", language: "en").message("before-3d")
        #expect(message.subject == "Due in 3 days: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning")
        #expect(message.text == "Reminder: “Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning” (Task Force – Afdeling for Børn og Familie) is due Thursday 30 September 2021 (week 39) – in 3 days.")
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
        #expect(message.html.contains("<th align=\"left\">Nøgle</th><td>taskforce/apv-handleplan@2021-09-30#due</td>"))
    }

    @Test func theConsoleWritesOneLinePerReminder() async throws {
        let fixture = try DeliveryFixture(channel: "{type: console}")
        let lines = Lines()
        let context = DeliveryContext(transport: CurlTransport(), secrets: SecretResolver(redactor: Redactor())) { lines.append($0) }
        let attempt = await ConsoleNotifier(channel: fixture.config.channels["out"]!).send(fixture.message("before-14d"), via: context)
        #expect(attempt.outcome == .delivered)
        #expect(lines.all == ["[frist] 2021-09-16T09:00:00+02:00 taskforce/apv-handleplan@2021-09-30#before-14d: Frist om 14 dage: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning — Påmindelse: »Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist torsdag 30. september 2021 (uge 39) – om 14 dage."])
    }
}

/// Lines written from another task, collected for assertions.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
