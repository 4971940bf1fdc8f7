import Foundation
import Testing
@testable import FristCore

/// A local wall time in a zone and the UTC instant it must map to, worked out by hand from the
/// zone's published rules (EU: last Sunday of March 01:00 UTC / last Sunday of October 01:00 UTC;
/// US: second Sunday of March 02:00 local / first Sunday of November 02:00 local; Australia/NSW:
/// first Sunday of October 02:00 local / first Sunday of April 03:00 local).
struct WallTimeCase: Sendable, CustomTestStringConvertible {
    let zone: String
    let date: String
    let time: String
    let expected: String
    let note: String
    var testDescription: String { "\(zone) \(date) \(time) → \(expected) (\(note))" }
}

/// Copenhagen: (spring-forward Sunday, the day before, fall-back Sunday, the day before).
let copenhagenNights: [(String, String, String, String)] = [
    ("2021-03-28", "2021-03-27", "2021-10-31", "2021-10-30"),
    ("2022-03-27", "2022-03-26", "2022-10-30", "2022-10-29"),
    ("2023-03-26", "2023-03-25", "2023-10-29", "2023-10-28"),
    ("2024-03-31", "2024-03-30", "2024-10-27", "2024-10-26"),
    ("2025-03-30", "2025-03-29", "2025-10-26", "2025-10-25"),
    ("2026-03-29", "2026-03-28", "2026-10-25", "2026-10-24"),
    ("2027-03-28", "2027-03-27", "2027-10-31", "2027-10-30"),
]

/// New York: (spring-forward Sunday, the day before, fall-back Sunday, the day before).
let newYorkNights: [(String, String, String, String)] = [
    ("2021-03-14", "2021-03-13", "2021-11-07", "2021-11-06"),
    ("2022-03-13", "2022-03-12", "2022-11-06", "2022-11-05"),
    ("2023-03-12", "2023-03-11", "2023-11-05", "2023-11-04"),
    ("2024-03-10", "2024-03-09", "2024-11-03", "2024-11-02"),
    ("2025-03-09", "2025-03-08", "2025-11-02", "2025-11-01"),
    ("2026-03-08", "2026-03-07", "2026-11-01", "2026-10-31"),
    ("2027-03-14", "2027-03-13", "2027-11-07", "2027-11-06"),
]

let copenhagenCases: [WallTimeCase] = copenhagenNights.flatMap { spring, springEve, fall, fallEve in
    let z = "Europe/Copenhagen"
    return [
        WallTimeCase(zone: z, date: springEve, time: "09:00", expected: "\(springEve)T08:00:00Z", note: "winter, +01:00"),
        WallTimeCase(zone: z, date: spring, time: "01:30", expected: "\(spring)T00:30:00Z", note: "before the gap"),
        WallTimeCase(zone: z, date: spring, time: "02:00", expected: "\(spring)T01:00:00Z", note: "gap start → 03:00+02:00"),
        WallTimeCase(zone: z, date: spring, time: "02:30", expected: "\(spring)T01:30:00Z", note: "in the gap → 03:30+02:00"),
        WallTimeCase(zone: z, date: spring, time: "03:30", expected: "\(spring)T01:30:00Z", note: "after the gap"),
        WallTimeCase(zone: z, date: spring, time: "09:00", expected: "\(spring)T07:00:00Z", note: "summer, +02:00"),
        WallTimeCase(zone: z, date: fallEve, time: "09:00", expected: "\(fallEve)T07:00:00Z", note: "summer, +02:00"),
        WallTimeCase(zone: z, date: fall, time: "00:30", expected: "\(fallEve)T22:30:00Z", note: "before the fold"),
        WallTimeCase(zone: z, date: fall, time: "02:00", expected: "\(fall)T00:00:00Z", note: "fold start, first"),
        WallTimeCase(zone: z, date: fall, time: "02:30", expected: "\(fall)T00:30:00Z", note: "in the fold, first (+02:00)"),
        WallTimeCase(zone: z, date: fall, time: "03:00", expected: "\(fall)T02:00:00Z", note: "after the fold"),
        WallTimeCase(zone: z, date: fall, time: "09:00", expected: "\(fall)T08:00:00Z", note: "winter, +01:00"),
    ]
}

let newYorkCases: [WallTimeCase] = newYorkNights.flatMap { spring, springEve, fall, fallEve in
    let z = "America/New_York"
    return [
        WallTimeCase(zone: z, date: springEve, time: "09:00", expected: "\(springEve)T14:00:00Z", note: "EST"),
        WallTimeCase(zone: z, date: spring, time: "01:30", expected: "\(spring)T06:30:00Z", note: "before the gap"),
        WallTimeCase(zone: z, date: spring, time: "02:30", expected: "\(spring)T07:30:00Z", note: "in the gap → 03:30 EDT"),
        WallTimeCase(zone: z, date: spring, time: "03:30", expected: "\(spring)T07:30:00Z", note: "after the gap"),
        WallTimeCase(zone: z, date: spring, time: "09:00", expected: "\(spring)T13:00:00Z", note: "EDT"),
        WallTimeCase(zone: z, date: fallEve, time: "09:00", expected: "\(fallEve)T13:00:00Z", note: "EDT"),
        WallTimeCase(zone: z, date: fall, time: "00:30", expected: "\(fall)T04:30:00Z", note: "before the fold"),
        WallTimeCase(zone: z, date: fall, time: "01:30", expected: "\(fall)T05:30:00Z", note: "in the fold, first (EDT)"),
        WallTimeCase(zone: z, date: fall, time: "02:30", expected: "\(fall)T07:30:00Z", note: "after the fold, EST"),
        WallTimeCase(zone: z, date: fall, time: "09:00", expected: "\(fall)T14:00:00Z", note: "EST"),
    ]
}

let otherZoneCases: [WallTimeCase] = [
    // Southern hemisphere: summer time ends in April, starts in October.
    .init(zone: "Australia/Sydney", date: "2021-01-15", time: "09:00", expected: "2021-01-14T22:00:00Z", note: "AEDT +11"),
    .init(zone: "Australia/Sydney", date: "2021-04-04", time: "01:30", expected: "2021-04-03T14:30:00Z", note: "before the fold"),
    .init(zone: "Australia/Sydney", date: "2021-04-04", time: "02:30", expected: "2021-04-03T15:30:00Z", note: "in the fold, first (+11)"),
    .init(zone: "Australia/Sydney", date: "2021-04-04", time: "03:30", expected: "2021-04-03T17:30:00Z", note: "after the fold (+10)"),
    .init(zone: "Australia/Sydney", date: "2021-07-01", time: "09:00", expected: "2021-06-30T23:00:00Z", note: "AEST +10"),
    .init(zone: "Australia/Sydney", date: "2021-10-03", time: "01:30", expected: "2021-10-02T15:30:00Z", note: "before the gap"),
    .init(zone: "Australia/Sydney", date: "2021-10-03", time: "02:30", expected: "2021-10-02T16:30:00Z", note: "in the gap → 03:30+11"),
    .init(zone: "Australia/Sydney", date: "2021-10-03", time: "03:30", expected: "2021-10-02T16:30:00Z", note: "after the gap"),
    .init(zone: "Australia/Sydney", date: "2021-12-24", time: "09:00", expected: "2021-12-23T22:00:00Z", note: "AEDT +11"),
    // No daylight saving time, a half-hour offset.
    .init(zone: "Asia/Kolkata", date: "2021-06-01", time: "09:00", expected: "2021-06-01T03:30:00Z", note: "+05:30"),
    .init(zone: "Asia/Kolkata", date: "2021-01-01", time: "00:00", expected: "2020-12-31T18:30:00Z", note: "+05:30"),
    .init(zone: "Asia/Kolkata", date: "2021-03-28", time: "02:30", expected: "2021-03-27T21:00:00Z", note: "no gap here"),
    .init(zone: "Asia/Kolkata", date: "2021-10-31", time: "02:30", expected: "2021-10-30T21:00:00Z", note: "no fold here"),
    .init(zone: "UTC", date: "2021-03-28", time: "02:30", expected: "2021-03-28T02:30:00Z", note: "UTC"),
    // Leap day.
    .init(zone: "Europe/Copenhagen", date: "2024-02-29", time: "09:00", expected: "2024-02-29T08:00:00Z", note: "leap day"),
    // Beyond the transition table (Foundation answers): the same EU rules.
    .init(zone: "Europe/Copenhagen", date: "2150-07-01", time: "09:00", expected: "2150-07-01T07:00:00Z", note: "2150 summer"),
    .init(zone: "Europe/Copenhagen", date: "2150-12-01", time: "09:00", expected: "2150-12-01T08:00:00Z", note: "2150 winter"),
    .init(zone: "Europe/Copenhagen", date: "2150-03-29", time: "02:30", expected: "2150-03-29T01:30:00Z", note: "2150 gap"),
]

@Suite("Time zones and DST")
struct ZoneRulesTests {
    private func check(_ c: WallTimeCase) {
        let t = time(c.time)
        let instant = Zones.named(c.zone).instant(day: day(c.date), secondsOfDay: t.secondsOfDay)
        #expect(utcText(instant) == c.expected, "\(c.note)")
        #expect(instant == utc(c.expected))
    }

    @Test("Europe/Copenhagen 2021–2027: gap moves forward, fold takes the first", arguments: copenhagenCases)
    func copenhagen(c: WallTimeCase) { check(c) }

    @Test("America/New_York 2021–2027: gap moves forward, fold takes the first", arguments: newYorkCases)
    func newYork(c: WallTimeCase) { check(c) }

    @Test("Sydney, Kolkata, UTC, leap day and far-future instants", arguments: otherZoneCases)
    func otherZones(c: WallTimeCase) { check(c) }

    @Test("the UTC offset flips exactly at the transition instant", arguments: [
        ("Europe/Copenhagen", "2021-03-28T00:59:59Z", 3600),
        ("Europe/Copenhagen", "2021-03-28T01:00:00Z", 7200),
        ("Europe/Copenhagen", "2021-10-31T00:59:59Z", 7200),
        ("Europe/Copenhagen", "2021-10-31T01:00:00Z", 3600),
        ("Europe/Copenhagen", "2027-10-31T00:59:59Z", 7200),
        ("Europe/Copenhagen", "2027-10-31T01:00:00Z", 3600),
        ("America/New_York", "2021-03-14T06:59:59Z", -18000),
        ("America/New_York", "2021-03-14T07:00:00Z", -14400),
        ("America/New_York", "2021-11-07T05:59:59Z", -14400),
        ("America/New_York", "2021-11-07T06:00:00Z", -18000),
        ("Australia/Sydney", "2021-04-03T15:59:59Z", 39600),
        ("Australia/Sydney", "2021-04-03T16:00:00Z", 36000),
        ("Australia/Sydney", "2021-10-02T15:59:59Z", 36000),
        ("Australia/Sydney", "2021-10-02T16:00:00Z", 39600),
        ("Asia/Kolkata", "2021-06-01T00:00:00Z", 19800),
    ])
    func offsets(zone: String, at: String, expected: Int) {
        #expect(Zones.named(zone).offset(at: utc(at)) == expected)
    }

    @Test("an unknown zone is rejected")
    func unknownZone() {
        #expect(ZoneRules(identifier: "Europe/Atlantis") == nil)
        #expect(ZoneRules(identifier: "") == nil)
    }

    @Test("every half hour of 2021 in Copenhagen maps to the hand-computed instant")
    func everyHalfHourOf2021() {
        // +01:00 until 2021-03-28T01:00Z and from 2021-10-31T01:00Z, +02:00 between.
        let zone = Zones.copenhagen
        let springLocal = Int64(day("2021-03-28")) * 86_400 + 2 * 3600  // 02:00 local
        let fallLocal = Int64(day("2021-10-31")) * 86_400 + 2 * 3600    // 02:00 local (fold starts)
        var problems: [String] = []
        for d in days("2021-01-01", through: "2021-12-31") {
            for half in 0..<48 {
                let local = Int64(d) * 86_400 + Int64(half) * 1800
                let expected: Int64
                if local < springLocal {
                    expected = local - 3600
                } else if local < springLocal + 3600 {
                    expected = local - 3600  // in the gap: forward by an hour = (local + 1 h) − 2 h
                } else if local < fallLocal + 3600 {
                    expected = local - 7200  // summer; the fold hour takes its first (summer) instant
                } else {
                    expected = local - 3600
                }
                let got = zone.instant(localSeconds: local)
                if got != expected { problems.append("\(iso(d)) +\(half * 30)min: \(utcText(got)) ≠ \(utcText(expected))") }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    // MARK: Agreement with the zone's own data (Foundation's tz database)

    private func foundationOffset(_ zone: TimeZone, _ instant: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    @Test("offsets agree with the tz database every six hours, 2021–2030", arguments: [
        "Europe/Copenhagen", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham",
        "America/Santiago", "Africa/Casablanca", "Asia/Tehran",
    ])
    func agreesWithTzDatabase(id: String) throws {
        let tz = try #require(TimeZone(identifier: id))
        let zone = try #require(ZoneRules(identifier: id))
        var problems: [String] = []
        var t = utc("2021-01-01T00:00:00Z")
        while t < utc("2031-01-01T00:00:00Z") {
            let expected = foundationOffset(tz, t)
            if zone.offset(at: t) != expected { problems.append("\(utcText(t)): \(zone.offset(at: t)) ≠ \(expected)") }
            t += 6 * 3600
        }
        let problemCount = problems.count
        #expect(problemCount == 0, "e.g. \(problems.prefix(3))")
    }

    /// The tz database (2023 and later releases) predicts Palestine's summer time pausing for
    /// Ramadan: in October 2040 Gaza and Hebron switch to +03:00 on the 20th (00:00 UTC) and back
    /// to +02:00 on the 26th (23:00 UTC), under seven days apart. On systems whose tz data does
    /// not predict this the test passes trivially.
    @Test("a summer-time period shorter than a week is not missed (Asia/Gaza, Asia/Hebron 2040, 2054, 2072)",
          arguments: ["Asia/Gaza", "Asia/Hebron"])
    func shortSummerTime(id: String) throws {
        let tz = try #require(TimeZone(identifier: id))
        let zone = try #require(ZoneRules(identifier: id))
        var problems: [String] = []
        for (from, to) in [("2040-10-10", "2040-11-05"), ("2054-03-20", "2054-04-10"), ("2072-10-15", "2072-11-05")] {
            for d in days(from, through: to) {
                for hour in 0..<24 {
                    let t = Int64(d) * 86_400 + Int64(hour) * 3600
                    let expected = foundationOffset(tz, t)
                    if zone.offset(at: t) != expected {
                        problems.append("offset at \(utcText(t)): \(zone.offset(at: t)) ≠ \(expected)")
                    }
                }
                // 09:00 local is far from any transition: its instant is 09:00 minus that day's offset.
                let local = Int64(d) * 86_400 + 9 * 3600
                let expectedInstant = local - Int64(foundationOffset(tz, local - 3 * 3600))
                let got = zone.instant(day: d, secondsOfDay: 9 * 3600)
                if got != expectedInstant {
                    problems.append("\(iso(d)) 09:00 local → \(utcText(got)), expected \(utcText(expectedInstant))")
                }
            }
        }
        let problemCount = problems.count
        #expect(problemCount == 0, "e.g. \(problems.prefix(3))")
    }
}
