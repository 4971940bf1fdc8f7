import Testing
@testable import FristCore

/// Easter Sunday and the days derived from it, 2021–2030, as published in Danish almanacs
/// (e.g. the Danish national calendar, "helligdage" tables).
struct EasterYear: Sendable, CustomTestStringConvertible {
    let year: Int
    let skaertorsdag: String
    let langfredag: String
    let paaskedag: String
    let andenPaaskedag: String
    let storeBededag: String?
    let kristiHimmelfart: String
    let pinsedag: String
    let andenPinsedag: String
    var testDescription: String { "\(year)" }
}

let easterTable: [EasterYear] = [
    .init(year: 2021, skaertorsdag: "2021-04-01", langfredag: "2021-04-02", paaskedag: "2021-04-04",
          andenPaaskedag: "2021-04-05", storeBededag: "2021-04-30", kristiHimmelfart: "2021-05-13",
          pinsedag: "2021-05-23", andenPinsedag: "2021-05-24"),
    .init(year: 2022, skaertorsdag: "2022-04-14", langfredag: "2022-04-15", paaskedag: "2022-04-17",
          andenPaaskedag: "2022-04-18", storeBededag: "2022-05-13", kristiHimmelfart: "2022-05-26",
          pinsedag: "2022-06-05", andenPinsedag: "2022-06-06"),
    .init(year: 2023, skaertorsdag: "2023-04-06", langfredag: "2023-04-07", paaskedag: "2023-04-09",
          andenPaaskedag: "2023-04-10", storeBededag: "2023-05-05", kristiHimmelfart: "2023-05-18",
          pinsedag: "2023-05-28", andenPinsedag: "2023-05-29"),
    .init(year: 2024, skaertorsdag: "2024-03-28", langfredag: "2024-03-29", paaskedag: "2024-03-31",
          andenPaaskedag: "2024-04-01", storeBededag: nil, kristiHimmelfart: "2024-05-09",
          pinsedag: "2024-05-19", andenPinsedag: "2024-05-20"),
    .init(year: 2025, skaertorsdag: "2025-04-17", langfredag: "2025-04-18", paaskedag: "2025-04-20",
          andenPaaskedag: "2025-04-21", storeBededag: nil, kristiHimmelfart: "2025-05-29",
          pinsedag: "2025-06-08", andenPinsedag: "2025-06-09"),
    .init(year: 2026, skaertorsdag: "2026-04-02", langfredag: "2026-04-03", paaskedag: "2026-04-05",
          andenPaaskedag: "2026-04-06", storeBededag: nil, kristiHimmelfart: "2026-05-14",
          pinsedag: "2026-05-24", andenPinsedag: "2026-05-25"),
    .init(year: 2027, skaertorsdag: "2027-03-25", langfredag: "2027-03-26", paaskedag: "2027-03-28",
          andenPaaskedag: "2027-03-29", storeBededag: nil, kristiHimmelfart: "2027-05-06",
          pinsedag: "2027-05-16", andenPinsedag: "2027-05-17"),
    .init(year: 2028, skaertorsdag: "2028-04-13", langfredag: "2028-04-14", paaskedag: "2028-04-16",
          andenPaaskedag: "2028-04-17", storeBededag: nil, kristiHimmelfart: "2028-05-25",
          pinsedag: "2028-06-04", andenPinsedag: "2028-06-05"),
    .init(year: 2029, skaertorsdag: "2029-03-29", langfredag: "2029-03-30", paaskedag: "2029-04-01",
          andenPaaskedag: "2029-04-02", storeBededag: nil, kristiHimmelfart: "2029-05-10",
          pinsedag: "2029-05-20", andenPinsedag: "2029-05-21"),
    .init(year: 2030, skaertorsdag: "2030-04-18", langfredag: "2030-04-19", paaskedag: "2030-04-21",
          andenPaaskedag: "2030-04-22", storeBededag: nil, kristiHimmelfart: "2030-05-30",
          pinsedag: "2030-06-09", andenPinsedag: "2030-06-10"),
]

@Suite("Danish holidays")
struct HolidayTests {
    @Test("Easter Sunday matches the published dates", arguments: easterTable)
    func easterSunday(row: EasterYear) {
        #expect(iso(DanishHolidays.easterSunday(year: row.year)) == row.paaskedag)
    }

    @Test("the holidays of a year are exactly the legal ones, by name and date, in date order",
          arguments: easterTable)
    func holidaysOfYear(row: EasterYear) {
        let y = row.year
        var expected: [(String, String)] = [
            ("\(y)-01-01", "Nytårsdag"),
            (row.skaertorsdag, "Skærtorsdag"),
            (row.langfredag, "Langfredag"),
            (row.paaskedag, "Påskedag"),
            (row.andenPaaskedag, "2. påskedag"),
        ]
        if let sb = row.storeBededag { expected.append((sb, "Store Bededag")) }
        expected += [
            (row.kristiHimmelfart, "Kristi Himmelfartsdag"),
            (row.pinsedag, "Pinsedag"),
            (row.andenPinsedag, "2. pinsedag"),
            ("\(y)-12-25", "Juledag"),
            ("\(y)-12-26", "2. juledag"),
        ]
        let actual = DanishHolidays.holidays(year: y).map { "\($0.date) \($0.name)" }
        #expect(actual == expected.map { "\($0.0) \($0.1)" })
    }

    @Test("every holiday is a closed day in the Danish calendar", arguments: easterTable)
    func holidaysAreClosed(row: EasterYear) {
        let cal = Calendars.denmark
        var dates = [row.skaertorsdag, row.langfredag, row.paaskedag, row.andenPaaskedag,
                     row.kristiHimmelfart, row.pinsedag, row.andenPinsedag,
                     "\(row.year)-01-01", "\(row.year)-12-25", "\(row.year)-12-26"]
        if let sb = row.storeBededag { dates.append(sb) }
        for d in dates {
            #expect(cal.isClosed(day(d)), "\(d) should be closed")
            #expect(!cal.isWorkingDay(day(d)), "\(d) should not be a working day")
        }
        // The weekdays around Easter that are not holidays stay working days.
        let wednesdayBefore = day(row.skaertorsdag) - 1
        let tuesdayAfter = day(row.andenPaaskedag) + 1
        #expect(cal.isWorkingDay(wednesdayBefore), "\(iso(wednesdayBefore))")
        #expect(cal.isWorkingDay(tuesdayAfter), "\(iso(tuesdayAfter))")
        // The Friday after Kristi Himmelfartsdag (a customary bridge day) is a working day by law.
        #expect(cal.isWorkingDay(day(row.kristiHimmelfart) + 1))
    }

    @Test("Store Bededag 2023-05-05 is closed (last year it was a holiday)")
    func storeBededag2023() {
        #expect(Calendars.denmark.isClosed(day("2023-05-05")))
        #expect(DanishHolidays.holidays(year: 2023).contains { $0.name == "Store Bededag" && $0.date.description == "2023-05-05" })
    }

    @Test("Store Bededag is abolished from 2024: 2024-04-26 is an ordinary working Friday")
    func storeBededag2024() {
        #expect(LocalDate(iso: "2024-04-26")?.weekday == .friday)
        #expect(Calendars.denmark.isWorkingDay(day("2024-04-26")))
        #expect(Calendars.denmark.workingDay(onOrBefore: day("2024-04-26")) == day("2024-04-26"))
        for y in 2024...2030 {
            #expect(!DanishHolidays.holidays(year: y).contains { $0.name == "Store Bededag" }, "\(y)")
        }
    }

    @Test("holiday counts: eleven per year until 2023, ten from 2024", arguments: 2021...2030)
    func holidayCounts(year: Int) {
        #expect(DanishHolidays.holidays(year: year).count == (year <= 2023 ? 11 : 10))
    }

    @Test("Grundlovsdag, juleaften and nytårsaften are working days on weekdays", arguments: [
        // Years in which each of these falls on a weekday.
        "2024-06-05", "2025-06-05", "2026-06-05", "2024-12-24", "2025-12-24", "2024-12-31", "2025-12-31",
        "2021-12-24", "2021-12-31", "2023-06-05",
    ])
    func customaryDaysAreNotHolidays(text: String) {
        let d = day(text)
        #expect(LocalDate(dayNumber: d).weekday.rawValue <= 5, "test date \(text) must be a weekday")
        #expect(Calendars.denmark.isWorkingDay(d))
    }

    @Test("Grundlovsdag, juleaften and nytårsaften are closed when listed under closed")
    func customaryDaysClosedWhenConfigured() {
        let closed: Set<Int> = [day("2024-06-05"), day("2024-12-24"), day("2024-12-31")]
        let cal = WorkingCalendar(holidays: .denmark, closed: closed)
        #expect(cal.isClosed(day("2024-06-05")))
        #expect(cal.isClosed(day("2024-12-24")))
        #expect(cal.isClosed(day("2024-12-31")))
        // Only the dates listed: the same days a year later stay open.
        #expect(cal.isWorkingDay(day("2025-06-05")))
        #expect(cal.isWorkingDay(day("2025-12-24")))
    }

    @Test("fixed holidays 1 January, 25 and 26 December are closed every year", arguments: 2021...2030)
    func fixedHolidays(year: Int) {
        for text in ["\(year)-01-01", "\(year)-12-25", "\(year)-12-26"] {
            #expect(Calendars.denmark.isClosed(day(text)), "\(text)")
        }
        #expect(Calendars.denmark.isWorkingDay(day("\(year)-12-27")) == (LocalDate(iso: "\(year)-12-27")!.weekday.rawValue <= 5))
    }

    @Test("holidays outside the calendar's tables are still known", arguments: [
        "2200-01-01", "2200-04-04", "2200-04-07", "2299-12-25", "2350-12-25", "1969-12-25", "1951-01-01",
    ])
    func holidaysOutsideTables(text: String) {
        #expect(Calendars.denmark.isClosed(day(text)))
    }

    @Test("with holidays: none, only the weekend is closed")
    func noHolidays() {
        let cal = WorkingCalendar(holidays: .none)
        for row in easterTable {
            #expect(cal.isWorkingDay(day(row.skaertorsdag)))
            #expect(cal.isWorkingDay(day(row.langfredag)))
            #expect(cal.isWorkingDay(day(row.andenPaaskedag)))
            #expect(cal.isWorkingDay(day(row.kristiHimmelfart)))
            #expect(cal.isClosed(day(row.paaskedag)))  // a Sunday
        }
        #expect(cal.isWorkingDay(day("2024-12-25")))  // Wednesday
        #expect(cal.isWorkingDay(day("2200-01-01")))  // Wednesday, outside the tables
    }
}
