import Testing
import FristConfig
import FristCore

/// `digests:` in frist.yaml: a valid digest loads with its defaults; each mistake is one line
/// at its place.
@Suite struct DigestConfigTests {
    static let schedule = scheduleFile("  - id: a\n    title: A\n    due: 2021-09-30\n")

    /// `baseMain` (8 lines) with `digests:` on line 9 and `items` from line 10.
    static func fixture(_ items: String, main: String = baseMain) throws -> ConfigFixture {
        try ConfigFixture(main: main + "digests:\n" + items, schedules: ["p.yaml": schedule])
    }

    @Test func aDigestLoadsWithWhatItSays() throws {
        let config = try Self.fixture("""
              - id: ugens-frister
                title: Ugens frister for Anne
                every: [mandag, thursday]
                time: "08:00"
                days: 14
                to: [anne]
                notify: [console, mail]
                projects: [taskforce]

            """).config()
        let digest = try #require(config.digests.first)
        #expect(config.digests.count == 1)
        #expect(digest.id == "ugens-frister")
        #expect(digest.title == "Ugens frister for Anne")
        #expect(digest.time == LocalTime(hour: 8, minute: 0))
        #expect(digest.days == 14)
        #expect(digest.people == ["anne"])
        #expect(digest.channels == ["console", "mail"])
        #expect(digest.projects == ["taskforce"])
        // Danish and English day names both count: Monday 13 and Thursday 16 September 2021.
        let plan = DigestPlan(config.digests, schedule: config.schedule)
        let from = LocalDate(iso: "2021-09-13")!.dayNumber
        #expect(plan.occurrences(from: from, to: from + 7).map(\.key)
            == ["digest/ugens-frister@2021-09-13#digest", "digest/ugens-frister@2021-09-16#digest"])
    }

    @Test(arguments: [("da", "Ugens frister"), ("en", "This week's deadlines")])
    func withoutNotifyItIsMailedToItsPeopleAndTheTitleFollowsTheLanguage(language: String, title: String) throws {
        let config = try Self.fixture("  - {id: anne, every: monday, to: [anne]}\n",
                                      main: baseMain + "language: \(language)\n").config()
        let digest = try #require(config.digests.first)
        #expect(digest.title == title)
        #expect(digest.channels == ["mail"])
        #expect(digest.days == 7)
        #expect(digest.time == nil)
        #expect(digest.projects.isEmpty)
    }

    @Test func aRepeatRuleWithAStartAndADateTimeGivesItsTime() throws {
        let config = try Self.fixture("""
              - id: hver-anden-fredag
                repeat: FREQ=WEEKLY;INTERVAL=2;BYDAY=FR
                start: 2021-09-03T13:30
                until: 2021-12-31
                notify: [console]

            """).config()
        let digest = try #require(config.digests.first)
        #expect(digest.time == LocalTime(hour: 13, minute: 30))
        #expect(digest.recurrence.start == LocalDate(iso: "2021-09-03")!.dayNumber)
        #expect(digest.recurrence.until == LocalDate(iso: "2021-12-31")!.dayNumber)
    }

    /// A named mistake: the digest items (from line 10) and the one line `frist check` prints.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "unknown key", yaml: "  - id: d\n    every: monday\n    notify: [console]\n    dayz: 14\n",
              expected: "frist.yaml:13:5: unknown key 'dayz' in digest (did you mean 'days'?)"),
        .init(name: "weekday typo", yaml: "  - id: d\n    every: munday\n    notify: [console]\n",
              expected: "frist.yaml:11:12: every 'munday' is not a weekday (monday … sunday, or mandag … søndag) (did you mean 'monday'?)"),
        .init(name: "not a weekday in a list", yaml: "  - id: d\n    every: [monday, tosdag]\n    notify: [console]\n",
              expected: "frist.yaml:11:21: every 'tosdag' is not a weekday (monday … sunday, or mandag … søndag)"),
        .init(name: "no weekday", yaml: "  - id: d\n    every: []\n    notify: [console]\n",
              expected: "frist.yaml:11:12: every names no weekday"),
        .init(name: "bad time", yaml: "  - id: d\n    every: monday\n    time: \"8.00\"\n    notify: [console]\n",
              expected: "frist.yaml:12:11: time '8.00' is not a time of day (HH:MM, e.g. \"08:00\")"),
        .init(name: "time out of range", yaml: "  - id: d\n    every: monday\n    time: \"24:00\"\n    notify: [console]\n",
              expected: "frist.yaml:12:11: time '24:00' is not a time of day (HH:MM, e.g. \"08:00\")"),
        .init(name: "zero days", yaml: "  - id: d\n    every: monday\n    days: 0\n    notify: [console]\n",
              expected: "frist.yaml:12:11: days must be a whole number from 1 to 366, found '0'"),
        .init(name: "negative days", yaml: "  - id: d\n    every: monday\n    days: -7\n    notify: [console]\n",
              expected: "frist.yaml:12:11: days must be a whole number from 1 to 366, found '-7'"),
        .init(name: "days in words", yaml: "  - id: d\n    every: monday\n    days: two weeks\n    notify: [console]\n",
              expected: "frist.yaml:12:11: days must be a whole number from 1 to 366, found 'two weeks'"),
        .init(name: "unknown person", yaml: "  - id: d\n    every: monday\n    to: [ane]\n",
              expected: "frist.yaml:12:10: unknown person 'ane' in to (did you mean 'anne'?)"),
        .init(name: "unknown channel", yaml: "  - id: d\n    every: monday\n    notify: [teams]\n",
              expected: "frist.yaml:12:14: unknown channel 'teams' in notify"),
        .init(name: "unknown project", yaml: "  - id: d\n    every: monday\n    notify: [console]\n    projects: [taskforse]\n",
              expected: "frist.yaml:13:16: unknown project 'taskforse' in projects (did you mean 'taskforce'?)"),
        .init(name: "bad id", yaml: "  - id: Ugens Frister\n    every: monday\n    notify: [console]\n",
              expected: "frist.yaml:10:9: digest id 'Ugens Frister' may only use a-z, 0-9 and '-' (at most 64 characters)"),
        .init(name: "no id", yaml: "  - every: monday\n    notify: [console]\n",
              expected: "frist.yaml:10:5: digest needs 'id'"),
        .init(name: "duplicate id",
              yaml: "  - id: d\n    every: monday\n    notify: [console]\n  - id: d\n    every: friday\n    notify: [console]\n",
              expected: "frist.yaml:13:9: duplicate digest id 'd' (first at line 10)"),
        .init(name: "neither every nor repeat", yaml: "  - id: d\n    notify: [console]\n",
              expected: "frist.yaml:10:5: digest needs 'every' (weekdays, e.g. monday) or 'repeat' (a rule with 'start')"),
        .init(name: "every and repeat",
              yaml: "  - id: d\n    every: monday\n    repeat: FREQ=WEEKLY\n    notify: [console]\n",
              expected: "frist.yaml:12:5: give either 'every' (weekdays) or 'repeat' (a rule with 'start'), not both"),
        .init(name: "start with every", yaml: "  - id: d\n    every: monday\n    start: 2021-09-06\n    notify: [console]\n",
              expected: "frist.yaml:12:5: 'start' belongs to a 'repeat' rule; this digest has 'every'"),
        .init(name: "repeat without start", yaml: "  - id: d\n    repeat: FREQ=WEEKLY;BYDAY=MO\n    notify: [console]\n",
              expected: "frist.yaml:10:5: a repeating digest needs 'start' (its first occurrence)"),
        .init(name: "start not matching its rule",
              yaml: "  - id: d\n    repeat: FREQ=WEEKLY;BYDAY=MO\n    start: 2021-09-07\n    notify: [console]\n",
              expected: "frist.yaml:12:12: start 2021-09-07 is not an occurrence of 'FREQ=WEEKLY;BYDAY=MO'; the first on or after it is 2021-09-13"),
        .init(name: "time given twice",
              yaml: "  - id: d\n    repeat: FREQ=WEEKLY\n    start: 2021-09-06T08:00\n    time: \"09:00\"\n    notify: [console]\n",
              expected: "frist.yaml:13:11: give the time of day in 'time' or in 'start', not both"),
        .init(name: "nobody and no channel", yaml: "  - id: d\n    every: monday\n",
              expected: "frist.yaml:10:5: digest needs 'to' (people to mail) or 'notify' (channels), or both"),
        .init(name: "to names nobody", yaml: "  - id: d\n    every: monday\n    to: []\n",
              expected: "frist.yaml:12:9: to names nobody"),
        .init(name: "an e-mail channel without people", yaml: "  - id: d\n    every: monday\n    notify: [console, mail]\n",
              expected: "frist.yaml:12:13: notify 'mail' is an email channel: name the people to mail in 'to'"),
        .init(name: "no projects", yaml: "  - id: d\n    every: monday\n    notify: [console]\n    projects: []\n",
              expected: "frist.yaml:13:15: projects names no project (leave it out for all projects)"),
        .init(name: "not a list", yaml: "  id: d\n",
              expected: "frist.yaml:10:3: digests must be a list, found a mapping"),
    ]

    @Test(arguments: cases)
    func aMistakeIsOneLineAtItsPlace(_ c: Case) throws {
        #expect(try Self.fixture(c.yaml).errors() == [c.expected])
    }

    /// Without `notify`, `to` needs exactly one e-mail channel; an e-mail channel needs someone
    /// with an address. People are on lines 1–3, channels from line 4, then the digest.
    @Test(arguments: [
        ("  console: {type: console}\n", "    to: [anne]\n",
         "frist.yaml:9:5: 'to' without 'notify' needs an email channel to mail through, and there is none: add one, or name channels in 'notify'"),
        ("  a: {type: email, url: \"smtp://127.0.0.1\", from: f@example.dk}\n  b: {type: email, url: \"smtp://127.0.0.1\", from: f@example.dk}\n",
         "    to: [anne]\n",
         "frist.yaml:10:5: 'to' without 'notify' is mailed through the email channel, but there are several (a, b): name one in 'notify'"),
        ("  a: {type: email, url: \"smtp://127.0.0.1\", from: f@example.dk}\n", "    to: [nomail]\n    notify: [a]\n",
         "frist.yaml:9:9: none of nomail has an e-mail address for channel 'a'"),
    ])
    func mailingPeopleNeedsAnEmailChannelAndAnAddress(channels: String, digest: String, expected: String) throws {
        let main = "people:\n  anne: {name: Anne, email: anne@example.dk}\n  nomail: {name: Uden Post}\n"
            + "channels:\n" + channels + "digests:\n  - id: d\n    every: monday\n" + digest
        #expect(try ConfigFixture(main: main).errors() == [expected])
    }

    @Test func aProjectMayNotBeCalledDigest() throws {
        let file = scheduleFile("  - id: a\n    title: A\n    due: 2021-09-30\n", project: "  id: digest\n  name: Digest\n")
        let fixture = try ConfigFixture(main: baseMain, schedules: ["p.yaml": file])
        #expect(fixture.errors() == ["schedules/p.yaml:2:7: project id 'digest' is reserved: digest keys start with 'digest/'"])
    }
}
