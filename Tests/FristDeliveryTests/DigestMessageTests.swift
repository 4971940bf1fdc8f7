import Foundation
import Testing
@testable import FristConfig
@testable import FristCore
@testable import FristDelivery

/// What a digest says: overdue deadlines oldest first, then what falls due in its next days,
/// with dates in words, for its people and projects, Danish or English.
@Suite struct DigestMessageTests {
    /// Two projects as they stand on Monday 13 September 2021, and four digests of them.
    final class Fixture {
        let folder: String
        let config: FristConfig
        let plan: Plan
        let digests: DigestPlan

        /// - Parameter extra: more top-level lines for `frist.yaml` (`contact:`, `http:`).
        init(language: String = "da", extra: String = "") throws {
            folder = NSTemporaryDirectory() + "frist-digest-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder + "/schedules", withIntermediateDirectories: true)
            try """
                timezone: Europe/Copenhagen
                language: \(language)
                people:
                  anne: {name: Anne Jensen, email: anne@example.dk}
                  soeren: {name: Søren Ærø-Østergård, email: soeren@example.dk}
                  chef: {name: Social- og Projektchef, email: chef@example.dk}
                channels:
                  mail: {type: email, url: "smtp://127.0.0.1:2525", from: "Frist <frist@example.dk>"}
                include: [schedules/*.yaml]
                digests:
                  - {id: alle, every: monday, time: "08:00", days: 14, notify: [console]}
                  - {id: anne, every: monday, time: "08:00", days: 14, to: [anne]}
                  - {id: ledelse, every: monday, time: "08:00", days: 14, notify: [console], projects: [ledelse]}
                  - {id: i-dag, every: monday, time: "08:00", days: 1, notify: [console], projects: [ledelse]}
                \(extra)

                """.write(toFile: folder + "/frist.yaml", atomically: true, encoding: .utf8)
            try """
                project: {id: taskforce, name: Task Force, owner: anne}
                milestones:
                  - {id: sager, title: Ca. 25 sager pr. socialrådgiver er praksis, due: 2021-09-01}
                  - {id: gammel, title: Gammel rapport, due: 2021-08-20}
                  - {id: apv, title: Handleplan for psykisk APV godkendt, due: 2021-09-16}
                  - {id: tidsplan, title: Tidsplan for ombygningen & budget, due: "2021-09-24T12:00"}
                  - {id: klaret, title: Allerede klaret, due: 2021-09-15, done: 2021-09-10}
                  - {id: senere, title: Senere, due: 2021-10-15}

                """.write(toFile: folder + "/schedules/taskforce.yaml", atomically: true, encoding: .utf8)
            try """
                project: {id: ledelse, name: Ledelse, owner: soeren}
                milestones:
                  - {id: budget, title: Budget 2022, due: 2021-09-14, escalate: {after: 14d, to: [anne]}}
                  - {id: moede, title: Ledermøde, due: 2021-09-20}

                """.write(toFile: folder + "/schedules/ledelse.yaml", atomically: true, encoding: .utf8)
            switch ConfigLoader.load(path: folder + "/frist.yaml") {
            case .success(let c): config = c
            case .failure(let e): throw e
            }
            plan = Plan(config.schedule)
            digests = DigestPlan(config.digests, schedule: config.schedule)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        /// Digest `id` of Monday 13 September 2021 at 08:00, as the daemon builds it.
        func message(_ id: String, acknowledgements: Acknowledgements = Acknowledgements([])) throws -> Message {
            let monday = LocalDate(iso: "2021-09-13")!.dayNumber
            let o = try #require(digests.occurrences(from: monday, to: monday + 1).first { $0.key.hasPrefix("digest/\(id)@") })
            return DigestMessageBuilder(config: config, plan: plan)
                .message(for: o, of: digests.digests[o.digest], acknowledgements: acknowledgements)
        }
    }

    @Test func aPersonsDigestListsTheirOverdueAndComingDeadlinesInDanish() throws {
        let message = try Fixture().message("anne")
        #expect(message.key == "digest/anne@2021-09-13#digest")
        #expect(message.kind == .digest && message.urgency == .normal)
        #expect(message.subject == "Ugens frister – uge 37")
        // Her own deadlines and the one that escalates to her; not Søren's meeting, nothing done
        // or beyond 14 days.
        #expect(message.text == """
            Overskredet (2):
            - fredag 20. august 2021 (for 24 dage siden): Gammel rapport – Task Force – Anne Jensen
            - onsdag 1. september 2021 (for 12 dage siden): Ca. 25 sager pr. socialrådgiver er praksis – Task Force – Anne Jensen

            De næste 14 dage (3):
            - tirsdag 14. september 2021 (i morgen): Budget 2022 – Ledelse – Søren Ærø-Østergård
            - torsdag 16. september 2021 (om 3 dage): Handleplan for psykisk APV godkendt – Task Force – Anne Jensen
            - fredag 24. september 2021 kl. 12:00 (om 11 dage): Tidsplan for ombygningen & budget – Task Force – Anne Jensen

            Er en af fristerne nået, så giv den, der administrerer Frist hos jer, besked, så stopper påmindelserne om den.
            """)
        // Mailed to her: the e-mail channel takes the recipients' addresses from the facts.
        #expect(message.facts.recipients.map(\.email) == ["anne@example.dk"])
        #expect(message.facts.kind == "digest")
        #expect(message.facts.owners.map(\.id) == ["anne", "soeren"])
    }

    @Test func markdownAndHTMLCarryTheSameListsEscaped() throws {
        let message = try Fixture().message("anne")
        #expect(message.markdown.hasPrefix("**Ugens frister – uge 37**\n\n**Overskredet (2)**\n- fredag 20. august 2021"))
        #expect(message.markdown.contains("\n\n**De næste 14 dage (3)**\n- tirsdag 14. september 2021 (i morgen): Budget 2022"))
        #expect(message.html.hasPrefix("<p><strong>Ugens frister – uge 37</strong></p><p><strong>Overskredet (2)</strong></p><ul><li>fredag 20. august 2021"))
        #expect(message.html.contains("<li>fredag 24. september 2021 kl. 12:00 (om 11 dage): Tidsplan for ombygningen &amp; budget – Task Force – Anne Jensen</li></ul>"))
    }

    @Test func aDigestForEveryoneListsEveryProjectsDeadlines() throws {
        let message = try Fixture().message("alle")
        #expect(message.text.contains("De næste 14 dage (4):"))
        #expect(message.text.contains("- mandag 20. september 2021 (om 7 dage): Ledermøde – Ledelse – Søren Ærø-Østergård"))
        #expect(message.facts.recipients.isEmpty)
    }

    @Test func aProjectFilterKeepsToItsProjects() throws {
        let message = try Fixture().message("ledelse")
        #expect(message.text == """
            De næste 14 dage (2):
            - tirsdag 14. september 2021 (i morgen): Budget 2022 – Ledelse – Søren Ærø-Østergård
            - mandag 20. september 2021 (om 7 dage): Ledermøde – Ledelse – Søren Ærø-Østergård

            Er en af fristerne nået, så giv den, der administrerer Frist hos jer, besked, så stopper påmindelserne om den.
            """)
    }

    @Test func nothingDueSaysSoInOneLine() throws {
        let message = try Fixture().message("i-dag")
        #expect(message.text == "Ingen frister i dag.")
        #expect(message.html == "<p><strong>Ugens frister – uge 37</strong></p><p>Ingen frister i dag.</p>")
    }

    @Test func anAcknowledgedDeadlineIsNoLongerListed() throws {
        let acks = Acknowledgements([.init(target: "taskforce/sager@2021-09-01", doneOn: LocalDate(iso: "2021-09-10")!.dayNumber)])
        let message = try Fixture().message("anne", acknowledgements: acks)
        #expect(message.text.hasPrefix("Overskredet (1):\n- fredag 20. august 2021"))
        #expect(!message.text.contains("Ca. 25 sager"))
    }

    @Test func inEnglish() throws {
        let message = try Fixture(language: "en").message("anne")
        #expect(message.subject == "This week's deadlines – week 37")
        #expect(message.text == """
            Overdue (2):
            - Friday 20 August 2021 (24 days ago): Gammel rapport – Task Force – Anne Jensen
            - Wednesday 1 September 2021 (12 days ago): Ca. 25 sager pr. socialrådgiver er praksis – Task Force – Anne Jensen

            Next 14 days (3):
            - Tuesday 14 September 2021 (tomorrow): Budget 2022 – Ledelse – Søren Ærø-Østergård
            - Thursday 16 September 2021 (in 3 days): Handleplan for psykisk APV godkendt – Task Force – Anne Jensen
            - Friday 24 September 2021 at 12:00 (in 11 days): Tidsplan for ombygningen & budget – Task Force – Anne Jensen

            When one of these is done, tell whoever runs Frist for you so its reminders stop.
            """)
        #expect(try Fixture(language: "en").message("i-dag").text == "Nothing falls due today.")
    }

    @Test func theWebhookPayloadNamesTheDigest() throws {
        let message = try Fixture().message("anne")
        let body = WebhookNotifier.defaultBody(message).serialized
        #expect(body.hasPrefix(#"{"key":"digest/anne@2021-09-13#digest","kind":"digest","project":"digest","milestone":"anne","title":"Ugens frister","due":"2021-09-13","at":"2021-09-13T06:00:00Z","recipients":["anne"],"text":"Overskredet (2):\n- fredag 20. august 2021"#))
    }
}
