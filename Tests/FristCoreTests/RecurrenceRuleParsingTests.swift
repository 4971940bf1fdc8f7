import Testing
@testable import FristCore

@Suite("Recurrence rule parsing")
struct RecurrenceRuleParsingTests {
    /// The error message for a rule, or nil when it parses.
    private func parseError(_ text: String) -> String? {
        do {
            _ = try RecurrenceRule.parse(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("the quarter-end rule parses into its parts")
    func quarterEnd() throws {
        let r = try RecurrenceRule.parse("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1")
        #expect(r.frequency == .monthly)
        #expect(r.interval == 3)
        #expect(r.byMonthDay == [-1])
        #expect(r.count == nil && r.until == nil)
        #expect(r.byDay.isEmpty && r.byMonth.isEmpty && r.bySetPos.isEmpty)
        #expect(r.weekStart == .monday)
    }

    @Test("BYDAY with ordinals, BYSETPOS, BYMONTH, WKST, COUNT and UNTIL")
    func allParts() throws {
        let r = try RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU,+2WE,FR;BYSETPOS=1,-1;WKST=SU;COUNT=10")
        #expect(r.frequency == .yearly)
        #expect(r.byMonth == [3, 9])
        #expect(r.byDay == [.init(ordinal: -1, weekday: .tuesday), .init(ordinal: 2, weekday: .wednesday),
                            .init(ordinal: nil, weekday: .friday)])
        #expect(r.bySetPos == [1, -1])
        #expect(r.weekStart == .sunday)
        #expect(r.count == 10)
        let u = try RecurrenceRule.parse("FREQ=WEEKLY;UNTIL=20231231;BYDAY=MO")
        #expect(u.until == day("2023-12-31"))
        let ut = try RecurrenceRule.parse("FREQ=WEEKLY;UNTIL=20231231T235959Z;BYDAY=MO")
        #expect(ut.until == day("2023-12-31"))
    }

    @Test("an RRULE: prefix, lower case and surrounding spaces are accepted", arguments: [
        "RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        "rrule:freq=monthly;interval=3;bymonthday=-1",
        "  FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1\n",
        "BYMONTHDAY=-1;INTERVAL=3;FREQ=MONTHLY",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;",
    ])
    func lenientSpellings(text: String) throws {
        let r = try RecurrenceRule.parse(text)
        #expect(r.description == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1")
    }

    @Test("description is canonical and parses back to the same rule", arguments: [
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYDAY=-1TU;BYMONTH=3,9",
        "FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2",
        "FREQ=DAILY;INTERVAL=10;UNTIL=20211231",
        "FREQ=MONTHLY;BYDAY=-1FR",
    ])
    func roundTrip(text: String) throws {
        let r = try RecurrenceRule.parse(text)
        #expect(r.description == text)
        #expect(try RecurrenceRule.parse(r.description) == r)
    }

    @Test("bad rules are rejected with a message naming the offending part", arguments: [
        ("FREQ=HOURLY", "FREQ"),
        ("FREQ=FORTNIGHTLY", "FORTNIGHTLY"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=MO,XX", "XX"),
        ("FREQ=WEEKLY;BYDAY=MO,", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=0FR", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=+FR", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=2MO", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=2MO", "MONTHLY"),
        ("FREQ=DAILY;BYDAY=-1FR", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "BYDAY"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20211231", "COUNT"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20211231", "UNTIL"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR"),
        ("FREQ=DAILY;BYMINUTE=30", "BYMINUTE"),
        ("FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO"),
        ("FREQ=YEARLY;BYYEARDAY=100", "BYYEARDAY"),
        ("FREQ=DAILY;UNTIL=20210231", "UNTIL"),
        ("FREQ=DAILY;UNTIL=2021-12-31", "UNTIL"),
        ("FREQ=DAILY;UNTIL=202112", "UNTIL"),
        ("", "empty"),
        ("   ", "empty"),
        ("RRULE:", "empty"),
        ("INTERVAL=2", "FREQ"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=x", "INTERVAL"),
        ("FREQ=DAILY;COUNT=0", "COUNT"),
        ("FREQ=DAILY;COUNT=", "COUNT"),
        ("FREQ=DAILY;COUNT", "COUNT"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
        ("FREQ=YEARLY;BYMONTH=-1", "BYMONTH"),
        ("FREQ=MONTHLY;BYSETPOS=-1", "BYSETPOS"),
        ("FREQ=WEEKLY;WKST=XX", "WKST"),
        ("FREQ=DAILY;FOO=1", "FOO"),
    ])
    func rejects(text: String, mentions: String) {
        let message = parseError(text)
        #expect(message != nil, "'\(text)' should be rejected")
        if let message {
            #expect(message.contains(mentions), "message '\(message)' should mention \(mentions)")
        }
    }

    @Test("ordinals are allowed with MONTHLY and YEARLY", arguments: [
        "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=5MO", "FREQ=YEARLY;BYDAY=20MO", "FREQ=YEARLY;BYDAY=-53SU",
        "FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU", "FREQ=MONTHLY;BYDAY=+1MO",
    ])
    func ordinalsAllowed(text: String) {
        #expect(parseError(text) == nil)
    }
}
