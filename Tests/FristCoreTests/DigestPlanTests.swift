import Testing
@testable import FristCore

/// When digests go out: the rule's dates at their local time in the zone (the DST rule of
/// reminders), closed days skipped forward, one key per digest and date.
@Suite struct DigestPlanTests {
    static let zone = ZoneRules.named("Europe/Copenhagen")!

    static func plan(_ digests: [Digest], calendar: WorkingCalendar = WorkingCalendar()) -> DigestPlan {
        DigestPlan(digests, schedule: Schedule(zone: zone, sendTime: time("09:00"), calendar: calendar, projects: []))
    }

    static func digest(_ id: String = "ugens-frister", _ recurrence: Recurrence = Digest.weekly(on: [.monday]),
                       at local: String? = "08:00") -> Digest {
        Digest(id: id, title: "Ugens frister", recurrence: recurrence, time: local.map(time), days: 14, people: [],
               channels: ["console"], projects: [])
    }

    /// The digests of every local date from `first` through `last`.
    static func occurrences(_ plan: DigestPlan, _ first: String, through last: String) -> [DigestPlan.Occurrence] {
        plan.occurrences(from: day(first), to: day(last) + 1)
    }

    @Test(arguments: [
        // Last Monday of winter time, first of summer time (DST began Sunday 28 March 2021) …
        ("2021-03-22", "2021-03-22T07:00:00Z", "2021-03-22T08:00:00+01:00"),
        ("2021-03-29", "2021-03-29T06:00:00Z", "2021-03-29T08:00:00+02:00"),
        // … and the last of summer time, first of winter time (it ended Sunday 31 October 2021).
        ("2021-10-25", "2021-10-25T06:00:00Z", "2021-10-25T08:00:00+02:00"),
        ("2021-11-01", "2021-11-01T07:00:00Z", "2021-11-01T08:00:00+01:00"),
    ])
    func mondaysAtEightAcrossADSTChange(date: String, at: String, local: String) throws {
        let plan = Self.plan([Self.digest()])
        let o = try #require(Self.occurrences(plan, date, through: date).first)
        #expect(o.key == "digest/ugens-frister@\(date)#digest")
        #expect(iso(o.date) == date)
        #expect(utcText(o.instant) == at)
        #expect(Timestamps.local(o.instant, offset: o.utcOffset) == local)
    }

    @Test func everyMondayOfAMonthAndNothingElse() {
        let plan = Self.plan([Self.digest()])
        #expect(Self.occurrences(plan, "2021-09-01", through: "2021-09-30").map(\.key) == [
            "digest/ugens-frister@2021-09-06#digest", "digest/ugens-frister@2021-09-13#digest",
            "digest/ugens-frister@2021-09-20#digest", "digest/ugens-frister@2021-09-27#digest",
        ])
    }

    @Test(arguments: [
        // 2. påskedag and 2. pinsedag are Mondays: the digest comes on Tuesday, named by its Monday.
        ("2021-04-05", "2021-04-06", "2021-04-06T06:00:00Z"),
        ("2021-05-24", "2021-05-25", "2021-05-25T06:00:00Z"),
        ("2022-04-18", "2022-04-19", "2022-04-19T06:00:00Z"),
        ("2022-06-06", "2022-06-07", "2022-06-07T06:00:00Z"),
        // Juledag on a Monday and 2. juledag after it: Wednesday.
        ("2023-12-25", "2023-12-27", "2023-12-27T07:00:00Z"),
    ])
    func aHolidayMondayMovesToTheNextWorkingDay(monday: String, goesOut: String, at: String) throws {
        let plan = Self.plan([Self.digest()])
        let o = try #require(Self.occurrences(plan, monday, through: goesOut).first)
        #expect(o.key == "digest/ugens-frister@\(monday)#digest")
        #expect(iso(o.occurrence) == monday)
        #expect(iso(o.date) == goesOut)
        #expect(utcText(o.instant) == at)
        // Looked up by its key, as the daemon does at send time, it is the same digest.
        #expect(plan.occurrence(forKey: o.key) == o)
    }

    @Test func aClosedDateFromTheConfigMovesTheDigestToo() throws {
        let calendar = WorkingCalendar(closed: [day("2021-09-13")])
        let o = try #require(Self.occurrences(Self.plan([Self.digest()], calendar: calendar), "2021-09-13", through: "2021-09-14").first)
        #expect(iso(o.date) == "2021-09-14")
        #expect(o.key == "digest/ugens-frister@2021-09-13#digest")
    }

    @Test func aMovedDateOnTheDigestsOwnNextDayGoesOutOnce() {
        // Mondays and Tuesdays: Easter Monday's digest would land on Tuesday, which has its own.
        let plan = Self.plan([Self.digest("to-gange", Digest.weekly(on: [.monday, .tuesday]))])
        let found = Self.occurrences(plan, "2022-04-18", through: "2022-04-20")
        #expect(found.map(\.key) == ["digest/to-gange@2022-04-19#digest"])
        #expect(plan.occurrence(forKey: "digest/to-gange@2022-04-18#digest") == nil)
    }

    /// A calendar in which every day is a working day, so only the zone moves times.
    static let everyDay = WorkingCalendar(holidays: .none, weekend: [])

    @Test(arguments: [
        // 02:30 does not exist on 28 March 2021: forward by the gap, to 03:30 summer time.
        ("2021-03-28", "2021-03-28T01:30:00Z", "2021-03-28T03:30:00+02:00"),
        // 02:30 happens twice on 31 October 2021: the first, still summer time.
        ("2021-10-31", "2021-10-31T00:30:00Z", "2021-10-31T02:30:00+02:00"),
    ])
    func aDigestInTheNightOfAClockChangeFollowsTheReminderRule(sunday: String, at: String, local: String) throws {
        let rule = try RecurrenceRule.parse("FREQ=WEEKLY;BYDAY=SU")
        let digest = Self.digest("nat", Recurrence(rule: rule, start: day("2021-01-03")), at: "02:30")
        let o = try #require(Self.occurrences(Self.plan([digest], calendar: Self.everyDay), sunday, through: sunday).first)
        #expect(utcText(o.instant) == at)
        #expect(Timestamps.local(o.instant, offset: o.utcOffset) == local)
    }

    @Test func withoutATimeItGoesOutAtSendTime() throws {
        let o = try #require(Self.occurrences(Self.plan([Self.digest(at: nil)]), "2021-09-13", through: "2021-09-13").first)
        #expect(Timestamps.local(o.instant, offset: o.utcOffset) == "2021-09-13T09:00:00+02:00")
    }

    @Test func aRuleWithAStartAndUntilEndsThere() throws {
        let rule = try RecurrenceRule.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR")
        let digest = Self.digest("hver-anden", Recurrence(rule: rule, start: day("2021-09-03"), until: day("2021-10-01")))
        let plan = Self.plan([digest])
        #expect(isos(Self.occurrences(plan, "2021-08-01", through: "2021-12-31").map(\.date))
            == ["2021-09-03", "2021-09-17", "2021-10-01"])
        #expect(plan.next(after: utc("2021-10-01T06:00:00Z")) == nil)
    }

    @Test func theDaemonsWindowsTakeEachDigestOnce() throws {
        let plan = Self.plan([Self.digest(), Self.digest("torsdag", Digest.weekly(on: [.thursday]), at: "12:00")])
        let monday = utc("2021-09-13T06:00:00Z")
        // `next` is strictly after an instant; a round's window is (last, now].
        #expect(plan.next(after: monday - 1)?.key == "digest/ugens-frister@2021-09-13#digest")
        #expect(plan.next(after: monday)?.key == "digest/torsdag@2021-09-16#digest")
        #expect(plan.occurrences(after: monday - 1, through: monday).map(\.key) == ["digest/ugens-frister@2021-09-13#digest"])
        #expect(plan.occurrences(after: monday, through: monday + 4 * 86_400).map(\.key) == ["digest/torsdag@2021-09-16#digest"])
        // Two weeks in one round (the daemon was down): both digests, both weeks, in time order.
        #expect(plan.occurrences(after: monday - 1, through: monday + 14 * 86_400 - 1).map(\.key) == [
            "digest/ugens-frister@2021-09-13#digest", "digest/torsdag@2021-09-16#digest",
            "digest/ugens-frister@2021-09-20#digest", "digest/torsdag@2021-09-23#digest",
        ])
    }

    @Test(arguments: [
        "digest/ugens-frister@2021-09-14#digest",  // a Tuesday: not one of its dates
        "digest/andet@2021-09-13#digest",          // no such digest
        "digest/ugens-frister@2021-09-13#due",     // not a digest's kind
        "taskforce/ugens-frister@2021-09-13#digest",
        "digest/ugens-frister@2021-13-01#digest",
    ])
    func aKeyThatNamesNoDigestFindsNothing(key: String) {
        #expect(Self.plan([Self.digest()]).occurrence(forKey: key) == nil)
    }

    @Test func theKindIsNamedDigest() {
        #expect(ReminderKind.digest.name == "digest")
        #expect(ReminderKind.digest.keySuffix == "digest")
    }
}
