import Testing
@testable import FristCore

@Suite("Working calendar")
struct WorkingCalendarTests {
    // MARK: Working days before a date

    @Test("1bd before the Tuesday after Easter 2022 is the Wednesday before Skærtorsdag")
    func oneWorkingDayBeforeEasterTuesday() {
        #expect(iso(Calendars.denmark.workingDay(1, before: day("2022-04-19"))) == "2022-04-13")
    }

    @Test("N working days before a date skip weekends and holidays", arguments: [
        // Tuesday after Easter 2022: Mon 18 (2. påskedag) … Thu 14 (Skærtorsdag) are closed.
        ("2022-04-19", 0, "2022-04-19"),
        ("2022-04-19", 1, "2022-04-13"),
        ("2022-04-19", 2, "2022-04-12"),
        ("2022-04-19", 3, "2022-04-11"),
        ("2022-04-19", 4, "2022-04-08"),
        ("2022-04-19", 5, "2022-04-07"),
        ("2022-04-19", 20, "2022-03-17"),
        // An ordinary Monday.
        ("2021-09-20", 1, "2021-09-17"),
        ("2021-09-20", 5, "2021-09-13"),
        ("2021-09-20", 10, "2021-09-06"),
        // Juleaften is a working day by law.
        ("2021-12-27", 1, "2021-12-24"),
        // Nytårsaften too.
        ("2025-01-02", 1, "2024-12-31"),
        // Counting from a closed day: the working days strictly before it.
        ("2021-10-31", 1, "2021-10-29"),
        ("2022-04-17", 1, "2022-04-13"),
    ])
    func workingDaysBefore(from: String, n: Int, expected: String) {
        #expect(iso(Calendars.denmark.workingDay(n, before: day(from))) == expected)
    }

    // MARK: Nearest working day

    @Test("workingDay(onOrBefore:) moves a closed day back to the previous working day", arguments: [
        ("2021-10-29", "2021-10-29"),  // Friday: already a working day
        ("2021-10-30", "2021-10-29"),
        ("2021-10-31", "2021-10-29"),
        ("2022-04-18", "2022-04-13"),  // 2. påskedag → Wednesday before Skærtorsdag
        ("2022-04-17", "2022-04-13"),
        ("2022-01-01", "2021-12-31"),  // Nytårsdag on a Saturday
        ("2023-05-05", "2023-05-04"),  // Store Bededag 2023
        ("2022-05-26", "2022-05-25"),  // Kristi Himmelfartsdag
        ("2022-06-06", "2022-06-03"),  // 2. pinsedag
        ("2021-12-26", "2021-12-24"),
    ])
    func onOrBefore(input: String, expected: String) {
        #expect(iso(Calendars.denmark.workingDay(onOrBefore: day(input))) == expected)
    }

    @Test("workingDay(onOrAfter:) moves a closed day forward to the next working day", arguments: [
        ("2021-12-24", "2021-12-24"),
        ("2022-04-14", "2022-04-19"),  // Skærtorsdag → Tuesday after Easter
        ("2021-10-30", "2021-11-01"),
        ("2021-12-25", "2021-12-27"),
        ("2022-12-24", "2022-12-27"),  // Saturday, Sunday (Juledag), Monday (2. juledag)
        ("2023-05-05", "2023-05-08"),
        ("2024-05-09", "2024-05-10"),  // Kristi Himmelfartsdag → the bridge Friday
        ("2024-05-19", "2024-05-21"),  // Pinsedag → Tuesday
    ])
    func onOrAfter(input: String, expected: String) {
        #expect(iso(Calendars.denmark.workingDay(onOrAfter: day(input))) == expected)
    }

    @Test("shifting a due date on a closed day", arguments: [
        ("2021-10-31", Shift.before, "2021-10-29"),
        ("2021-10-31", .after, "2021-11-01"),
        ("2021-10-31", .none, "2021-10-31"),
        ("2022-04-15", .before, "2022-04-13"),
        ("2022-04-15", .after, "2022-04-19"),
        ("2021-09-30", .before, "2021-09-30"),
        ("2021-09-30", .after, "2021-09-30"),
        ("2021-09-30", .none, "2021-09-30"),
    ])
    func shifting(input: String, shift: Shift, expected: String) {
        #expect(iso(Calendars.denmark.shifted(day(input), shift)) == expected)
    }

    // MARK: Configurable calendars

    @Test("a Friday–Saturday weekend: Friday closed, Sunday a working day")
    func fridaySaturdayWeekend() {
        let cal = WorkingCalendar(holidays: .none, weekend: [.friday, .saturday])
        #expect(cal.isClosed(day("2024-04-26")))      // Friday
        #expect(cal.isClosed(day("2024-04-27")))      // Saturday
        #expect(cal.isWorkingDay(day("2024-04-28")))  // Sunday
        #expect(cal.isWorkingDay(day("2024-04-25")))  // Thursday
        #expect(iso(cal.workingDay(onOrBefore: day("2024-04-27"))) == "2024-04-25")
        #expect(iso(cal.workingDay(onOrAfter: day("2024-04-26"))) == "2024-04-28")
        #expect(iso(cal.workingDay(1, before: day("2024-04-28"))) == "2024-04-25")
        #expect(iso(cal.workingDay(5, before: day("2024-04-28"))) == "2024-04-21")  // a Sunday
    }

    @Test("a Friday–Saturday weekend combined with Danish holidays")
    func fridaySaturdayWeekendWithHolidays() {
        let cal = WorkingCalendar(holidays: .denmark, weekend: [.friday, .saturday])
        #expect(cal.isClosed(day("2022-04-17")))      // Påskedag (a Sunday, but a holiday)
        #expect(iso(cal.workingDay(onOrAfter: day("2022-04-15"))) == "2022-04-19")
        #expect(cal.isWorkingDay(day("2021-10-31")))  // an ordinary Sunday
        #expect(iso(cal.workingDay(onOrBefore: day("2021-10-30"))) == "2021-10-28")
    }

    @Test("a one-day weekend leaves Saturday working")
    func sundayOnlyWeekend() {
        let cal = WorkingCalendar(holidays: .none, weekend: [.sunday])
        #expect(cal.isWorkingDay(day("2021-10-30")))
        #expect(iso(cal.workingDay(onOrBefore: day("2021-10-31"))) == "2021-10-30")
    }

    @Test("closed dates: juleaften and nytårsaften added by an admin")
    func closedDates() {
        let cal = WorkingCalendar(closed: [day("2024-12-24"), day("2024-12-31")])
        #expect(cal.isClosed(day("2024-12-24")))
        #expect(cal.isClosed(day("2024-12-31")))
        #expect(iso(cal.workingDay(1, before: day("2025-01-02"))) == "2024-12-30")
        #expect(iso(cal.workingDay(onOrAfter: day("2024-12-24"))) == "2024-12-27")
        #expect(iso(cal.workingDay(onOrBefore: day("2025-01-01"))) == "2024-12-30")
    }

    @Test("a closed range: three weeks of summer closing")
    func closedRange() {
        let summer = Set(days("2024-07-08", through: "2024-07-26"))
        let cal = WorkingCalendar(closed: summer)
        for d in summer { #expect(cal.isClosed(d), "\(iso(d))") }
        #expect(cal.isWorkingDay(day("2024-07-05")))
        #expect(cal.isWorkingDay(day("2024-07-29")))
        #expect(iso(cal.workingDay(onOrAfter: day("2024-07-10"))) == "2024-07-29")
        #expect(iso(cal.workingDay(onOrBefore: day("2024-07-10"))) == "2024-07-05")
        #expect(iso(cal.workingDay(1, before: day("2024-07-29"))) == "2024-07-05")
        #expect(iso(cal.workingDay(2, before: day("2024-07-29"))) == "2024-07-04")
        // Saturday 6 July through Sunday 28 July: 23 days in a row without a working day.
        #expect(cal.longestClosedRun >= 23)
    }

    @Test("the Danish calendar's longest closed run is Easter: Thursday to Monday")
    func longestClosedRun() {
        #expect(Calendars.denmark.longestClosedRun == 5)
    }

    @Test("calendar with holidays none: only weekends are closed")
    func calendarNone() {
        let cal = WorkingCalendar(holidays: .none)
        #expect(iso(cal.workingDay(1, before: day("2022-04-19"))) == "2022-04-18")
        #expect(iso(cal.workingDay(onOrAfter: day("2022-04-14"))) == "2022-04-14")
        #expect(iso(cal.workingDay(onOrBefore: day("2022-04-17"))) == "2022-04-15")
        #expect(cal.isWorkingDay(day("2022-01-01")) == false)  // a Saturday
        #expect(cal.isWorkingDay(day("2024-01-01")))           // a Monday
    }

    // MARK: Table edges and agreement with a plain day-by-day reference

    @Test("look-ups near the edges of the calendar's tables (and beyond) are still right")
    func tableEdges() {
        let cal = Calendars.denmark
        // 1970-01-01 (Thursday) is Nytårsdag; 1969-12-31 (Wednesday) a working day.
        #expect(iso(cal.workingDay(1, before: day("1970-01-02"))) == "1969-12-31")
        #expect(iso(cal.workingDay(2, before: day("1970-01-02"))) == "1969-12-30")
        #expect(iso(cal.workingDay(onOrBefore: day("1970-01-01"))) == "1969-12-31")
        // 2200-01-01 (Wednesday) is Nytårsdag.
        #expect(iso(cal.workingDay(1, before: day("2200-01-02"))) == "2199-12-31")
        #expect(iso(cal.workingDay(onOrAfter: day("2200-01-01"))) == "2200-01-02")
        let lastClosed = WorkingCalendar(closed: [day("2199-12-31")])
        #expect(iso(lastClosed.workingDay(onOrAfter: day("2199-12-31"))) == "2200-01-02")
        // 2299-12-31 is a Sunday, 2300-01-01 a Monday (Nytårsdag).
        #expect(iso(cal.workingDay(onOrAfter: day("2299-12-31"))) == "2300-01-02")
        #expect(iso(cal.workingDay(1, before: day("2300-01-02"))) == "2299-12-29")
        #expect(iso(cal.workingDay(onOrBefore: day("2300-01-01"))) == "2299-12-29")
        // 1899-12-31 is a Sunday, 1900-01-01 a Monday (Nytårsdag).
        #expect(iso(cal.workingDay(1, before: day("1900-01-02"))) == "1899-12-29")
        #expect(iso(cal.workingDay(onOrAfter: day("1899-12-30"))) == "1900-01-02")
    }

    @Test("every day 2021–2030 agrees with a day-by-day reference built from the published holiday table")
    func agreesWithReference() {
        var holidays = Set<Int>()
        for row in easterTable {
            for d in [row.skaertorsdag, row.langfredag, row.paaskedag, row.andenPaaskedag,
                      row.kristiHimmelfart, row.pinsedag, row.andenPinsedag,
                      "\(row.year)-01-01", "\(row.year)-12-25", "\(row.year)-12-26"] { holidays.insert(day(d)) }
            if let sb = row.storeBededag { holidays.insert(day(sb)) }
        }
        // 1970-01-01 (day 0) was a Thursday: day % 7 == 2 is a Saturday, 3 a Sunday.
        func closed(_ d: Int) -> Bool {
            let r = ((d % 7) + 7) % 7
            return r == 2 || r == 3 || holidays.contains(d)
        }
        let cal = Calendars.denmark
        var problems: [String] = []
        let range = day("2021-02-01")...day("2030-11-30")  // margins keep the reference inside its table
        for d in range {
            if cal.isClosed(d) != closed(d) { problems.append("isClosed \(iso(d))") }
            var b = d
            while closed(b) { b -= 1 }
            if cal.workingDay(onOrBefore: d) != b { problems.append("onOrBefore \(iso(d))") }
            var a = d
            while closed(a) { a += 1 }
            if cal.workingDay(onOrAfter: d) != a { problems.append("onOrAfter \(iso(d))") }
            var n = d
            var left = 3
            while left > 0 {
                n -= 1
                if !closed(n) { left -= 1 }
            }
            if cal.workingDay(3, before: d) != n { problems.append("3bd before \(iso(d))") }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }
}
