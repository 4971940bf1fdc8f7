import Testing
@testable import FristCore

/// One expansion case: a rule from a start date, the dates in a window, and the expected dates
/// (from a calendar, and where RFC 5545 gives an example, from the RFC).
struct ExpansionCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let start: String
    var until: String? = nil
    var from: String? = nil
    let through: String
    let expected: [String]
    var testDescription: String { "\(rule) from \(start)" }
}

let expansionCases: [ExpansionCase] = [
    // Quarter ends.
    .init(rule: "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", start: "2021-03-31", until: "2023-12-31", through: "2025-12-31",
          expected: ["2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31", "2022-03-31", "2022-06-30",
                     "2022-09-30", "2022-12-31", "2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]),
    // The 31st: months without one are skipped, not clamped.
    .init(rule: "FREQ=MONTHLY;BYMONTHDAY=31", start: "2021-01-31", through: "2021-12-31",
          expected: ["2021-01-31", "2021-03-31", "2021-05-31", "2021-07-31", "2021-08-31", "2021-10-31", "2021-12-31"]),
    // Plain MONTHLY from the 31st behaves the same (the day is taken from the start).
    .init(rule: "FREQ=MONTHLY", start: "2021-01-31", through: "2021-07-31",
          expected: ["2021-01-31", "2021-03-31", "2021-05-31", "2021-07-31"]),
    // The last day of the month, through a leap February.
    .init(rule: "FREQ=MONTHLY;BYMONTHDAY=-1", start: "2023-11-30", through: "2024-04-30",
          expected: ["2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]),
    .init(rule: "FREQ=MONTHLY;BYMONTHDAY=-1", start: "2023-01-31", through: "2023-03-31",
          expected: ["2023-01-31", "2023-02-28", "2023-03-31"]),
    // Last Friday of each month.
    .init(rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29", through: "2021-12-31",
          expected: ["2021-01-29", "2021-02-26", "2021-03-26", "2021-04-30", "2021-05-28", "2021-06-25",
                     "2021-07-30", "2021-08-27", "2021-09-24", "2021-10-29", "2021-11-26", "2021-12-31"]),
    // Last weekday (Monday–Friday) of each month.
    .init(rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", start: "2021-01-29", through: "2021-12-31",
          expected: ["2021-01-29", "2021-02-26", "2021-03-31", "2021-04-30", "2021-05-31", "2021-06-30",
                     "2021-07-30", "2021-08-31", "2021-09-30", "2021-10-29", "2021-11-30", "2021-12-31"]),
    // Last Tuesday of March and September.
    .init(rule: "FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU", start: "2021-03-30", through: "2025-12-31",
          expected: ["2021-03-30", "2021-09-28", "2022-03-29", "2022-09-27", "2023-03-28", "2023-09-26",
                     "2024-03-26", "2024-09-24", "2025-03-25", "2025-09-30"]),
    // 29 February: leap years only.
    .init(rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start: "2024-02-29", through: "2040-12-31",
          expected: ["2024-02-29", "2028-02-29", "2032-02-29", "2036-02-29", "2040-02-29"]),
    .init(rule: "FREQ=YEARLY", start: "2024-02-29", through: "2040-12-31",
          expected: ["2024-02-29", "2028-02-29", "2032-02-29", "2036-02-29", "2040-02-29"]),
    // Every other week on Monday and Thursday.
    .init(rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", start: "2021-09-02", through: "2021-10-31",
          expected: ["2021-09-02", "2021-09-13", "2021-09-16", "2021-09-27", "2021-09-30", "2021-10-11",
                     "2021-10-14", "2021-10-25", "2021-10-28"]),
    // RFC 5545 §3.3.10: the WKST example.
    .init(rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start: "1997-08-05", through: "1997-12-31",
          expected: ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]),
    .init(rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start: "1997-08-05", through: "1997-12-31",
          expected: ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"]),
    // COUNT: the first Monday of the month, five times.
    .init(rule: "FREQ=MONTHLY;COUNT=5;BYDAY=1MO", start: "2021-01-04", through: "2022-12-31",
          expected: ["2021-01-04", "2021-02-01", "2021-03-01", "2021-04-05", "2021-05-03"]),
    // UNTIL is inclusive.
    .init(rule: "FREQ=WEEKLY;UNTIL=20211015;BYDAY=FR", start: "2021-09-03", through: "2021-12-31",
          expected: ["2021-09-03", "2021-09-10", "2021-09-17", "2021-09-24", "2021-10-01", "2021-10-08", "2021-10-15"]),
    // Every tenth day.
    .init(rule: "FREQ=DAILY;INTERVAL=10", start: "2021-01-01", through: "2021-04-30",
          expected: ["2021-01-01", "2021-01-11", "2021-01-21", "2021-01-31", "2021-02-10", "2021-02-20",
                     "2021-03-02", "2021-03-12", "2021-03-22", "2021-04-01", "2021-04-11", "2021-04-21"]),
    // The 20th Monday of the year; the last Monday of the year.
    .init(rule: "FREQ=YEARLY;BYDAY=20MO", start: "2021-05-17", through: "2025-12-31",
          expected: ["2021-05-17", "2022-05-16", "2023-05-15", "2024-05-13", "2025-05-19"]),
    .init(rule: "FREQ=YEARLY;BYDAY=-1MO", start: "2021-12-27", through: "2025-12-31",
          expected: ["2021-12-27", "2022-12-26", "2023-12-25", "2024-12-30", "2025-12-29"]),
    // Second and second-to-last Tuesday.
    .init(rule: "FREQ=MONTHLY;BYDAY=2TU,-2TU", start: "2021-01-12", through: "2021-04-30",
          expected: ["2021-01-12", "2021-01-19", "2021-02-09", "2021-02-16", "2021-03-09", "2021-03-23",
                     "2021-04-13", "2021-04-20"]),
    // YEARLY with BYMONTHDAY only: every month.
    .init(rule: "FREQ=YEARLY;BYMONTHDAY=1", start: "2021-01-01", through: "2021-12-31",
          expected: ["2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01", "2021-05-01", "2021-06-01",
                     "2021-07-01", "2021-08-01", "2021-09-01", "2021-10-01", "2021-11-01", "2021-12-01"]),
    // BYSETPOS picks from each month's set.
    .init(rule: "FREQ=MONTHLY;BYMONTHDAY=1,15;BYSETPOS=2", start: "2021-01-15", through: "2021-04-30",
          expected: ["2021-01-15", "2021-02-15", "2021-03-15", "2021-04-15"]),
    // First and third Tuesday of every other month.
    .init(rule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU,3TU", start: "2021-01-05", through: "2021-07-31",
          expected: ["2021-01-05", "2021-01-19", "2021-03-02", "2021-03-16", "2021-05-04", "2021-05-18",
                     "2021-07-06", "2021-07-20"]),
    // Friday the 13th.
    .init(rule: "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "2021-08-13", through: "2023-12-31",
          expected: ["2021-08-13", "2022-05-13", "2023-01-13", "2023-10-13"]),
    // A window that starts after the first occurrence.
    .init(rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29", from: "2021-06-01", through: "2021-08-31",
          expected: ["2021-06-25", "2021-07-30", "2021-08-27"]),
    // A milestone `until` earlier than the rule's UNTIL wins.
    .init(rule: "FREQ=WEEKLY;UNTIL=20211231;BYDAY=FR", start: "2021-09-03", until: "2021-09-20", through: "2021-12-31",
          expected: ["2021-09-03", "2021-09-10", "2021-09-17"]),
    // COUNT and a milestone `until`: whichever ends first.
    .init(rule: "FREQ=MONTHLY;COUNT=5;BYDAY=1MO", start: "2021-01-04", until: "2021-03-15", through: "2022-12-31",
          expected: ["2021-01-04", "2021-02-01", "2021-03-01"]),
    // COUNT with a window inside the counted range.
    .init(rule: "FREQ=MONTHLY;COUNT=5;BYDAY=1MO", start: "2021-01-04", from: "2021-03-01", through: "2022-12-31",
          expected: ["2021-03-01", "2021-04-05", "2021-05-03"]),
]

/// Windows in 2040 (and later) of rules started in 2021 or earlier: the planner jumps there directly.
let farWindowCases: [ExpansionCase] = [
    .init(rule: "FREQ=DAILY;INTERVAL=10", start: "2021-01-01", from: "2040-01-01", through: "2040-03-31",
          expected: ["2040-01-02", "2040-01-12", "2040-01-22", "2040-02-01", "2040-02-11", "2040-02-21",
                     "2040-03-02", "2040-03-12", "2040-03-22"]),
    .init(rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29", from: "2040-01-01", through: "2040-12-31",
          expected: ["2040-01-27", "2040-02-24", "2040-03-30", "2040-04-27", "2040-05-25", "2040-06-29",
                     "2040-07-27", "2040-08-31", "2040-09-28", "2040-10-26", "2040-11-30", "2040-12-28"]),
    .init(rule: "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", start: "2021-03-31", from: "2040-01-01", through: "2040-12-31",
          expected: ["2040-03-31", "2040-06-30", "2040-09-30", "2040-12-31"]),
    .init(rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", start: "2021-09-02", from: "2040-01-01", through: "2040-02-29",
          expected: ["2040-01-09", "2040-01-12", "2040-01-23", "2040-01-26", "2040-02-06", "2040-02-09",
                     "2040-02-20", "2040-02-23"]),
    .init(rule: "FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU", start: "2021-03-30", from: "2040-01-01", through: "2041-12-31",
          expected: ["2040-03-27", "2040-09-25", "2041-03-26", "2041-09-24"]),
    .init(rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", start: "2021-01-29", from: "2040-01-01", through: "2040-12-31",
          expected: ["2040-01-31", "2040-02-29", "2040-03-30", "2040-04-30", "2040-05-31", "2040-06-29",
                     "2040-07-31", "2040-08-31", "2040-09-28", "2040-10-31", "2040-11-30", "2040-12-31"]),
    .init(rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU", start: "1997-08-05", from: "2040-01-01", through: "2040-03-01",
          expected: ["2040-01-08", "2040-01-10", "2040-01-22", "2040-01-24", "2040-02-05", "2040-02-07",
                     "2040-02-19", "2040-02-21"]),
    .init(rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start: "2024-02-29", from: "2040-01-01", through: "2049-12-31",
          expected: ["2040-02-29", "2044-02-29", "2048-02-29"]),
    .init(rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29", from: "2091-01-01", through: "2091-12-31",
          expected: ["2091-01-26", "2091-02-23", "2091-03-30", "2091-04-27", "2091-05-25", "2091-06-29",
                     "2091-07-27", "2091-08-31", "2091-09-28", "2091-10-26", "2091-11-30", "2091-12-28"]),
]

@Suite("Recurrence expansion")
struct RecurrenceExpansionTests {
    @Test("occurrences match the calendar", arguments: expansionCases)
    func occurrences(c: ExpansionCase) {
        #expect(expand(c.rule, start: c.start, until: c.until, from: c.from, through: c.through) == c.expected)
    }

    @Test("a window far in the future gives the calendar's dates", arguments: farWindowCases)
    func farWindow(c: ExpansionCase) {
        #expect(expand(c.rule, start: c.start, from: c.from, through: c.through) == c.expected)
    }

    @Test("a window query equals the same dates cut from a full expansion from start",
          arguments: farWindowCases + expansionCases.filter { $0.from == nil })
    func windowEqualsFullExpansion(c: ExpansionCase) {
        let r = recurrence(c.rule, start: c.start, until: c.until)
        let full = r.occurrences(from: r.start, through: day(c.through))
        // Every window of a few sizes and offsets inside the span agrees with the full expansion.
        let lo = day(c.from ?? c.start), hi = day(c.through)
        for width in [1, 6, 7, 30, 95, 400] {
            var a = lo - 3
            var windows = 0
            while a <= hi && windows < 150 {
                windows += 1
                let b = min(a + width - 1, hi)
                let window = r.occurrences(from: a, through: b)
                let cut = full.filter { $0 >= a && $0 <= b }
                #expect(window == cut, "window \(iso(a))…\(iso(b))")
                if window != cut { return }
                a += width
            }
        }
    }

    @Test("forEach visits the same occurrences as occurrences(from:through:)")
    func forEachAgrees() {
        let r = recurrence("FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29")
        var seen: [Int] = []
        r.forEach(from: day("2021-01-01"), through: day("2021-06-30")) { seen.append($0) }
        #expect(isos(seen) == ["2021-01-29", "2021-02-26", "2021-03-26", "2021-04-30", "2021-05-28", "2021-06-25"])
    }

    @Test("nothing before start, nothing after until")
    func bounds() {
        #expect(expand("FREQ=MONTHLY;BYDAY=-1FR", start: "2021-03-26", from: "2020-01-01", through: "2021-04-30")
                == ["2021-03-26", "2021-04-30"])
        #expect(expand("FREQ=MONTHLY;BYDAY=-1FR", start: "2021-03-26", until: "2021-04-29", through: "2021-12-31")
                == ["2021-03-26"])
        #expect(expand("FREQ=MONTHLY;BYDAY=-1FR", start: "2021-03-26", from: "2021-03-27", through: "2021-04-29")
                == [])
    }

    @Test("WKST changes which weeks an every-other-week rule hits (RFC 5545 example)")
    func weekStartMatters() {
        let mo = expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start: "1997-08-05", through: "1997-12-31")
        let su = expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start: "1997-08-05", through: "1997-12-31")
        #expect(mo == ["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"])
        #expect(su == ["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"])
    }

    @Test("a big COUNT ends where it should")
    func bigCount() {
        let r = recurrence("FREQ=DAILY;COUNT=1000", start: "2021-01-01")
        let all = r.occurrences(from: day("2021-01-01"), through: day("2030-12-31"))
        #expect(all.count == 1000)
        #expect(all.last.map { iso($0) } == "2023-09-27")
    }

    @Test("startMatchesRule", arguments: [
        ("FREQ=MONTHLY;BYDAY=-1FR", "2021-01-29", true),
        ("FREQ=MONTHLY;BYDAY=-1FR", "2021-01-28", false),
        ("FREQ=MONTHLY;BYDAY=-1FR", "2021-01-22", false),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", "2021-03-31", true),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", "2021-03-30", false),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2021-09-02", true),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2021-09-01", false),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2021-01-29", true),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2021-01-28", false),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2024-02-29", true),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2024-02-28", false),
        ("FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU", "2021-09-28", true),
        ("FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU", "2021-09-21", false),
        ("FREQ=WEEKLY", "2021-09-01", true),
        ("FREQ=DAILY;INTERVAL=10", "2021-09-01", true),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2021-10-30", false),
        ("FREQ=WEEKLY;UNTIL=20210101;BYDAY=MO", "2021-09-06", false),  // UNTIL before start
        ("FREQ=MONTHLY;COUNT=5;BYDAY=1MO", "2021-01-04", true),
        ("FREQ=MONTHLY;COUNT=5;BYDAY=1MO", "2021-01-05", false),
    ])
    func startMatchesRule(text: String, start: String, matches: Bool) {
        #expect(recurrence(text, start: start).startMatchesRule == matches)
    }
}
