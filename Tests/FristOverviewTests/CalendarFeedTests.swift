import FristBoard
import FristConfig
import FristCore
import FristOverview
import FristTestSupport
import Testing

/// One project in a temporary config (zone and language as given), its plan, and the feed of
/// its board at an instant.
struct FeedFixture {
    let plan: Plan
    let board: Board

    init(_ milestones: String, at iso: String, zone: String = "Europe/Copenhagen", language: String = "da",
         acks: [Acknowledgements.Entry] = []) throws {
        let folder = try TemporaryFolder([
            "frist.yaml": """
                timezone: \(zone)
                language: \(language)
                people:
                  anne: {name: Anne Jensen}
                include: [schedules/*.yaml]
                """,
            "schedules/taskforce.yaml": """
                project: {id: taskforce, name: Task Force, owner: anne}
                milestones:
                \(milestones)
                """,
        ])
        let config = try ConfigLoader.load(path: folder.path + "/frist.yaml").get()
        plan = Plan(config.schedule)
        board = Board(config: config, plan: plan, acknowledgements: Acknowledgements(acks),
                      now: try #require(Instant.parse(iso)))
    }

    func feed(_ style: CalendarFeed.Style = .todos) -> Feed { Feed(CalendarFeed.render(board, plan: plan, style: style)) }
}

/// A feed's text, and its content lines unfolded, as a calendar program reads them.
struct Feed {
    let text: String
    let lines: [String]

    /// Unfolds octets, as RFC 5545 says: a fold may fall inside a character made of several scalars.
    init(_ text: String) {
        self.text = text
        lines = Array(text.utf8).replacing(Array("\r\n ".utf8), with: []).split(separator: Array("\r\n".utf8))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The lines of each `name` component, BEGIN to END, nested components included.
    func components(_ name: String) -> [[String]] {
        var result: [[String]] = []
        var current: [String]?
        for line in lines {
            if line == "BEGIN:" + name { current = [] }
            current?.append(line)
            if line == "END:" + name, let done = current {
                result.append(done)
                current = nil
            }
        }
        return result
    }

    /// The to-do or event whose UID is `target@frist`.
    func item(_ target: String) -> [String]? {
        (components("VTODO") + components("VEVENT")).first { $0.contains("UID:" + target + "@frist") }
    }
}

extension [String] {
    /// The values of the property `name` (with or without parameters): `DUE;VALUE=DATE:20210930`
    /// gives `;VALUE=DATE:20210930` under `DUE`.
    func values(_ name: String) -> [String] {
        filter { $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";") }.map { String($0.dropFirst(name.count)) }
    }
}

@Suite("The calendar feed")
struct CalendarFeedTests {
    @Test("Long titles fold at 75 octets between characters and unfold to the exact title", arguments: [
        "Kvartalsvis status til Børne- og Ungeudvalget (de fire fokuspunkter) – økonomi og sagstal samt kompetencer og fysiske rammer",
        "ææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææææ",
        "Frist – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – – –",
        "Ombygning 🏗️ af Torvegade 22-26 🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️🏗️ gennemført",
        // One character longer than a line: split between its scalars.
        "Z" + String(repeating: "\u{301}", count: 80) + " APV",
    ])
    func folding(title: String) throws {
        let fixture = try FeedFixture("  - {id: lang, title: '\(title)', due: 2021-09-30}", at: "2021-09-01T08:00:00Z")
        let feed = fixture.feed()
        let physical = Array(feed.text.utf8).split(separator: Array("\r\n".utf8))
        for line in physical {
            #expect(line.count <= 75)
            // Each physical line is whole UTF-8: no character was cut in two.
            #expect(String(validating: line, as: UTF8.self) != nil)
        }
        #expect(feed.text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(feed.item("taskforce/lang@2021-09-30")?.values("SUMMARY") == [":" + title])
        // The title did need folding.
        #expect(feed.text.contains("\r\n "))
    }

    @Test("Text is escaped: backslash, semicolon, comma and line breaks")
    func escaping() throws {
        let fixture = try FeedFixture(#"  - {id: a, title: "Budget; plan, del 1\\2\nAfsnit B", due: 2021-09-30}"#,
                                      at: "2021-09-01T08:00:00Z")
        let todo = try #require(fixture.feed().item("taskforce/a@2021-09-30"))
        #expect(todo.values("SUMMARY") == [#":Budget\; plan\, del 1\\2\nAfsnit B"#])
        #expect(todo.values("DESCRIPTION").first ==
            #":Projekt: Task Force\nAnsvarlig: Anne Jensen\nMarkér som udført: frist ack taskforce/a@2021-09-30"#)
        // The alarms' texts too (14 and 3 days before, and on the day).
        #expect(todo.values("DESCRIPTION").count == 4)
        #expect(todo.values("DESCRIPTION").dropFirst().allSatisfy { $0 == #":Frist 30.09.2021: Budget\; plan\, del 1\\2\nAfsnit B"# })
        #expect(todo.values("CATEGORIES") == [":Task Force"])
    }

    @Test("DUE is a date for a date-only deadline, the local time in the zone for a timed one", arguments: [
        ("due: 2021-09-30", "taskforce/m@2021-09-30", ";VALUE=DATE:20210930"),
        ("due: 2021-09-30T12:00", "taskforce/m@2021-09-30", ";TZID=Europe/Copenhagen:20210930T120000"),
        // Saturday: due on the Friday before (shift: before), still named by its own date.
        ("due: 2021-10-02", "taskforce/m@2021-10-02", ";VALUE=DATE:20211001"),
    ])
    func dueForms(due: String, target: String, expected: String) throws {
        let fixture = try FeedFixture("  - {id: m, title: M, \(due)}", at: "2021-09-01T08:00:00Z")
        let todo = try #require(fixture.feed().item(target))
        #expect(todo.values("DUE") == [expected])
        #expect(todo.values("STATUS") == [":NEEDS-ACTION"])
        let event = try #require(fixture.feed(.events).item(target))
        #expect(event.values("DTSTART") == [expected])
        #expect(event.values("DUE").isEmpty)
        #expect(event.values("TRANSP") == [":TRANSPARENT"])
    }

    @Test("A shifted deadline says where it was moved from")
    func shifted() throws {
        let fixture = try FeedFixture("  - {id: m, title: M, due: 2021-10-02}", at: "2021-09-01T08:00:00Z", language: "en")
        let todo = try #require(fixture.feed().item("taskforce/m@2021-10-02"))
        #expect(todo.values("DESCRIPTION").first ==
            #":Project: Task Force\nOwner: Anne Jensen\nMoved from 2021-10-02\, a closed day\nMark done: frist ack taskforce/m@2021-10-02"#)
        #expect(todo.values("DESCRIPTION").last == ":Due 2021-10-01: M")
    }

    @Test("An all-day event lasts its day; a timed one has no end")
    func eventSpan() throws {
        let fixture = try FeedFixture("""
              - {id: dag, title: Dag, due: 2021-09-30}
              - {id: tid, title: Tid, due: 2021-09-30T12:00}
            """, at: "2021-09-01T08:00:00Z")
        let feed = fixture.feed(.events)
        #expect(feed.item("taskforce/dag@2021-09-30")?.values("DTEND") == [";VALUE=DATE:20211001"])
        #expect(feed.item("taskforce/tid@2021-09-30")?.values("DTEND") == [])
        #expect(feed.components("VTODO").isEmpty)
    }

    @Test("A done deadline is completed on its day, without alarms; as an event it is ticked")
    func completed() throws {
        let ack = Acknowledgements.Entry(target: "taskforce/kvitteret@2021-11-30",
                                         doneOn: LocalDate(year: 2021, month: 11, day: 25)!.dayNumber)
        let fixture = try FeedFixture("""
              - {id: handleplan, title: Handleplan godkendt, due: 2021-09-30, done: 2021-09-20}
              - {id: kvitteret, title: Kursus afholdt, due: 2021-11-30}
            """, at: "2021-12-01T08:00:00Z", acks: [ack])
        let feed = fixture.feed()
        let handleplan = try #require(feed.item("taskforce/handleplan@2021-09-30"))
        #expect(handleplan.values("STATUS") == [":COMPLETED"])
        // The start of 20 September in Copenhagen (summer time).
        #expect(handleplan.values("COMPLETED") == [":20210919T220000Z"])
        #expect(handleplan.values("PERCENT-COMPLETE") == [":100"])
        #expect(!handleplan.contains("BEGIN:VALARM"))
        let kvitteret = try #require(feed.item("taskforce/kvitteret@2021-11-30"))
        #expect(kvitteret.values("STATUS") == [":COMPLETED"])
        #expect(kvitteret.values("COMPLETED") == [":20211124T230000Z"])
        #expect(kvitteret.values("DESCRIPTION").first?.hasSuffix(#"\nUdført 25.11.2021"#) == true)

        let event = try #require(fixture.feed(.events).item("taskforce/handleplan@2021-09-30"))
        #expect(event.values("SUMMARY") == [":✓ Handleplan godkendt"])
        #expect(event.values("STATUS").isEmpty)
        #expect(!event.contains("BEGIN:VALARM"))
    }

    @Test("A done deadline's description carries its acknowledgement's note, escaped as TEXT")
    func acknowledgementNote() throws {
        let ack = Acknowledgements.Entry(target: "taskforce/kvitteret@2021-11-30", doneOn: day("2021-11-25"),
                                         note: "Afholdt; 12 deltagere, se referat\nNæste: marts")
        let fixture = try FeedFixture("  - {id: kvitteret, title: Kursus afholdt, due: 2021-11-30}",
                                      at: "2021-12-01T08:00:00Z", language: "en", acks: [ack])
        let todo = try #require(fixture.feed().item("taskforce/kvitteret@2021-11-30"))
        #expect(todo.values("DESCRIPTION") == [
            #":Project: Task Force\nOwner: Anne Jensen\nDone 2021-11-25\nNote: Afholdt\; 12 deltagere\, se referat\nNæste: marts"#,
        ])
    }

    @Test("Alarms go off at the planned reminders before and on the day, as absolute UTC times", arguments: [
        // before 14d and 3d, on the day, at 09:00 local; the 3-day one moves from Saturday to Friday.
        ("due: 2021-10-05, before: [14d, 3d]", "taskforce/m@2021-10-05",
         ["20210921T070000Z", "20211001T070000Z", "20211005T070000Z"]),
        // Winter time, working days, no alarm on the day.
        ("due: 2021-11-30, before: [2bd], on_due: false", "taskforce/m@2021-11-30", ["20211126T080000Z"]),
        // A timed deadline's reminders keep its time of day.
        ("due: 2021-11-30T13:30, before: [1d]", "taskforce/m@2021-11-30",
         ["20211129T123000Z", "20211130T123000Z"]),
    ])
    func alarms(milestone: String, target: String, expected: [String]) throws {
        let fixture = try FeedFixture("  - {id: m, title: M, \(milestone)}", at: "2021-09-01T08:00:00Z")
        let todo = try #require(fixture.feed().item(target))
        #expect(todo.values("TRIGGER") == expected.map { ";VALUE=DATE-TIME:" + $0 })
        // Exactly the plan's reminders of those kinds: nags and escalations are not alarms.
        let deadline = try #require(fixture.board.deadlines.first)
        let planned = fixture.plan.reminders(ofMilestone: deadline.milestoneIndex, occurrence: deadline.occurrence)
            .filter { $0.kind.name == "before" || $0.kind.name == "due" }
            .map { ";VALUE=DATE-TIME:" + Timestamps.utc($0.instant).filter { $0 != "-" && $0 != ":" } }
        #expect(todo.values("TRIGGER") == planned)
        #expect(todo.filter { $0 == "ACTION:DISPLAY" }.count == expected.count)
        #expect(todo.values("DESCRIPTION").last?.hasPrefix(":Frist ") == true)
    }

    @Test("The time zone's observances follow from its rules", arguments: [
        ("Europe/Copenhagen", [
            "BEGIN:DAYLIGHT", "DTSTART:20200329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "DTSTART:20201025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        ]),
        ("America/New_York", [
            "BEGIN:DAYLIGHT", "DTSTART:20200308T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "DTSTART:20201101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
            "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
        ]),
        ("UTC", ["BEGIN:STANDARD", "DTSTART:20200101T000000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000", "END:STANDARD"]),
        ("Asia/Tokyo", ["BEGIN:STANDARD", "DTSTART:20200101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:STANDARD"]),
    ])
    func timeZone(zone: String, observances: [String]) throws {
        let fixture = try FeedFixture("  - {id: m, title: M, due: 2021-09-30T12:00}", at: "2021-09-01T08:00:00Z", zone: zone)
        let feed = fixture.feed()
        let vtimezone = try #require(feed.components("VTIMEZONE").first)
        #expect(vtimezone == ["BEGIN:VTIMEZONE", "TZID:" + zone] + observances + ["END:VTIMEZONE"])
        #expect(feed.lines.contains("X-WR-TIMEZONE:" + zone))
        #expect(feed.item("taskforce/m@2021-09-30")?.values("DUE") == [";TZID=\(zone):20210930T120000"])
    }

    @Test("A zone that changed its rules within the years gets each rule for its own years")
    func ruleChange() throws {
        // The US moved summer time from April–October to March–November in 2007.
        let fixture = try FeedFixture("  - {id: m, title: M, due: 2008-06-02T12:00}", at: "2006-01-10T12:00:00Z",
                                      zone: "America/New_York")
        let vtimezone = try #require(fixture.feed().components("VTIMEZONE").first)
        #expect(vtimezone.values("DTSTART") == [":20050403T020000", ":20051030T020000", ":20070311T020000", ":20071104T020000"])
        #expect(vtimezone.values("RRULE") == [
            ":FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z",
            ":FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z",
            ":FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
            ":FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        ])
    }

    @Test("The calendar says what it is, in the config's language", arguments: [("da", "Frister"), ("en", "Deadlines")])
    func header(language: String, name: String) throws {
        let fixture = try FeedFixture("  - {id: m, title: M, due: 2021-09-30}", at: "2021-09-01T08:00:00Z", language: language)
        let feed = fixture.feed()
        #expect(Array(feed.lines.prefix(10)) == [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Frist//Frist//\(language.uppercased())", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:\(name)", "X-WR-TIMEZONE:Europe/Copenhagen",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H", "BEGIN:VTIMEZONE",
        ])
        #expect(feed.item("taskforce/m@2021-09-30")?.values("DTSTAMP") == [":20210901T080000Z"])
    }
}
