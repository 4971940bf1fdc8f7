import Testing
@testable import FristCore

@Suite("LocalDate, Weekday, LocalTime")
struct LocalDateTests {
    @Test("day numbers of known dates", arguments: [
        ("1970-01-01", 0),
        ("1969-12-31", -1),
        ("2000-01-01", 10_957),
        ("2021-09-30", 18_900),
        ("1900-03-01", -25_508),
        ("9999-12-31", 2_932_896),
    ])
    func knownDayNumbers(text: String, expected: Int) {
        let d = LocalDate(iso: text)
        #expect(d?.dayNumber == expected)
        #expect(LocalDate(dayNumber: expected).description == text)
    }

    @Test("day numbers agree with plain counting, 1900–2100, both directions")
    func dayNumbersAgreeWithCounting() {
        var expected = naiveDayNumber(1900, 1, 1)
        var mismatches: [String] = []
        for y in 1900...2100 {
            for m in 1...12 {
                for d in 1...31 {
                    guard let date = LocalDate(year: y, month: m, day: d) else { continue }
                    if date.dayNumber != expected { mismatches.append("\(date) → \(date.dayNumber), expected \(expected)") }
                    let back = LocalDate(dayNumber: expected)
                    if back != date { mismatches.append("\(expected) → \(back), expected \(date)") }
                    expected += 1
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(expected == naiveDayNumber(2101, 1, 1))
    }

    @Test("impossible dates are rejected", arguments: [
        "2021-02-29", "1900-02-29", "2021-04-31", "2021-13-01", "2021-00-10", "2021-01-00", "0000-01-01",
        "2021-9-30", "21-09-30", "2021/09/30", "2021-09-30T09:00", " 2021-09-30", "2021-09-3a", "",
    ])
    func rejectsBadDates(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test("leap days exist only in leap years", arguments: [
        (2000, true), (1900, false), (2100, false), (2024, true), (2023, false), (2028, true), (2400, true),
    ])
    func leapYears(year: Int, leap: Bool) {
        #expect(LocalDate.isLeap(year) == leap)
        #expect((LocalDate(year: year, month: 2, day: 29) != nil) == leap)
        #expect(LocalDate.daysIn(month: 2, year: year) == (leap ? 29 : 28))
    }

    @Test("weekdays of known dates", arguments: [
        ("1970-01-01", Weekday.thursday),
        ("1969-12-31", .wednesday),
        ("2021-10-31", .sunday),
        ("2022-12-31", .saturday),
        ("2024-04-26", .friday),
        ("2024-02-29", .thursday),
        ("1997-08-05", .tuesday),
        ("1899-12-31", .sunday),
    ])
    func weekdays(text: String, weekday: Weekday) {
        #expect(LocalDate(iso: text)?.weekday == weekday)
    }

    @Test("ISO week numbers around year ends", arguments: [
        ("2021-01-01", 53), ("2021-01-03", 53), ("2021-01-04", 1), ("2020-12-31", 53),
        ("2024-12-30", 1), ("2024-12-29", 52), ("2022-01-02", 52), ("2026-12-31", 53), ("2021-09-30", 39),
    ])
    func isoWeeks(text: String, week: Int) {
        #expect(LocalDate(iso: text)?.isoWeek == week)
    }

    @Test("description pads to YYYY-MM-DD")
    func padding() {
        #expect(LocalDate(year: 5, month: 1, day: 2)?.description == "0005-01-02")
        #expect(LocalDate(year: 2021, month: 9, day: 3)?.description == "2021-09-03")
    }

    @Test("dates order chronologically")
    func ordering() throws {
        let a = try #require(LocalDate(iso: "2021-12-31"))
        let b = try #require(LocalDate(iso: "2022-01-01"))
        let c = try #require(LocalDate(iso: "2022-02-01"))
        #expect(a < b && b < c && a < c)
        #expect(!(b < a))
        #expect([c, a, b].sorted() == [a, b, c])
    }

    @Test("weekday names in English and Danish, any case", arguments: [
        ("saturday", Weekday.saturday), ("Saturday", .saturday), ("lørdag", .saturday), ("LØRDAG", .saturday),
        ("fredag", .friday), ("søndag", .sunday), ("Mandag", .monday), ("tirsdag", .tuesday),
        ("onsdag", .wednesday), ("torsdag", .thursday),
    ])
    func weekdayNames(name: String, weekday: Weekday) {
        #expect(Weekday(name: name) == weekday)
    }

    @Test("unknown weekday names are rejected", arguments: ["sat", "", "lordag", "weekend"])
    func badWeekdayNames(name: String) {
        #expect(Weekday(name: name) == nil)
    }

    @Test("RFC 5545 weekday codes round-trip")
    func rfcCodes() {
        for w in Weekday.allCases {
            #expect(Weekday(rfc5545Code: Substring(w.rfc5545Code)) == w)
        }
        #expect(Weekday.monday.rfc5545Code == "MO")
        #expect(Weekday.sunday.rfc5545Code == "SU")
        #expect(Weekday(rfc5545Code: "mo") == nil)
    }

    @Test("times of day parse as HH:MM or H:MM", arguments: [
        ("09:00", 9, 0), ("9:00", 9, 0), ("00:00", 0, 0), ("23:59", 23, 59), ("14:30", 14, 30),
    ])
    func parsesTimes(text: String, hour: Int, minute: Int) {
        let t = LocalTime(text: Substring(text))
        #expect(t?.hour == hour && t?.minute == minute)
        #expect(t?.secondsOfDay == hour * 3600 + minute * 60)
    }

    @Test("bad times of day are rejected", arguments: [
        "24:00", "09:60", "0900", "09:0", "009:00", "09:00:00", "-1:00", "9h00", "", ":",
    ])
    func rejectsBadTimes(text: String) {
        #expect(LocalTime(text: Substring(text)) == nil)
    }

    @Test("time description pads")
    func timeDescription() {
        #expect(time("9:05").description == "09:05")
        #expect(time("9:05") < time("10:00"))
    }

    @Test("the UTC helpers used by these tests agree with known instants")
    func utcHelper() {
        #expect(utc("1970-01-01T00:00:00Z") == 0)
        #expect(utc("2021-09-16T07:00:00Z") == 1_631_775_600)
        #expect(utc("2000-03-01T12:34:56Z") == 951_914_096)
        #expect(utcText(1_631_775_600) == "2021-09-16T07:00:00Z")
        #expect(utcText(-1) == "1969-12-31T23:59:59Z")
        #expect(utcText(utc("2024-02-29T23:59:59Z")) == "2024-02-29T23:59:59Z")
    }
}
