/// Which days are working days: not a weekend day, not a public holiday, not a closed date.
///
/// Built once per config into tables over ``tableYears`` so that "is this a working day",
/// "previous/next working day" and "the N-th working day before" are array look-ups.
/// Days outside the table are answered by direct computation. A class: the tables are shared,
/// never copied, by every plan and query.
public final class WorkingCalendar: Sendable {
    /// Which public holidays apply.
    public enum Holidays: String, Sendable, Hashable, CaseIterable {
        case denmark, none
    }

    public let holidays: Holidays
    public let weekend: Set<Weekday>
    public let closed: Set<Int>

    /// Years covered by the look-up tables.
    public static let tableYears = 1970..<2200

    private let firstDay: Int
    private let closedTable: [Bool]
    /// `workingBefore[i]`: number of working days in the table strictly before `firstDay + i`.
    private let workingBefore: [Int32]
    private let workingDays: [Int32]
    /// Longest run of consecutive non-working days in the table; bounds how far a shift can move a date.
    public let longestClosedRun: Int

    /// - Parameters:
    ///   - holidays: the public-holiday rule.
    ///   - weekend: weekdays that are never working days. Must leave at least one working weekday.
    ///   - closed: extra non-working dates, as day numbers.
    public init(holidays: Holidays = .denmark, weekend: Set<Weekday> = [.saturday, .sunday],
                closed: Set<Int> = []) {
        precondition(weekend.count < 7, "a calendar needs at least one working weekday")
        self.holidays = holidays
        self.weekend = weekend
        self.closed = closed
        let first = LocalDate.dayNumber(year: Self.tableYears.lowerBound, month: 1, day: 1)
        let end = LocalDate.dayNumber(year: Self.tableYears.upperBound, month: 1, day: 1)
        var table = [Bool](repeating: false, count: end - first)
        var isWeekend = [Bool](repeating: false, count: 8)
        for w in weekend { isWeekend[w.rawValue] = true }
        var weekday = Weekday(dayNumber: first).rawValue
        for i in 0..<table.count {
            table[i] = isWeekend[weekday]
            weekday = weekday == 7 ? 1 : weekday + 1
        }
        if holidays == .denmark {
            for year in Self.tableYears {
                for h in DanishHolidays.holidays(year: year) { table[h.date.dayNumber - first] = true }
            }
        }
        for d in closed where d >= first && d < end { table[d - first] = true }
        var before = [Int32](repeating: 0, count: table.count + 1)
        var days: [Int32] = []
        days.reserveCapacity(table.count * 5 / 7 + 1)
        var run = 0
        var longest = 0
        for i in 0..<table.count {
            before[i] = Int32(days.count)
            if table[i] {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
                days.append(Int32(first + i))
            }
        }
        before[table.count] = Int32(days.count)
        firstDay = first
        closedTable = table
        workingBefore = before
        workingDays = days
        longestClosedRun = longest
    }

    private func index(_ day: Int) -> Int? {
        let i = day - firstDay
        return i >= 0 && i < closedTable.count ? i : nil
    }

    /// True for a day that is a weekend day, a public holiday or a closed date.
    public func isClosed(_ day: Int) -> Bool {
        if let i = index(day) { return closedTable[i] }
        if weekend.contains(Weekday(dayNumber: day)) || closed.contains(day) { return true }
        guard holidays == .denmark else { return false }
        let year = LocalDate(dayNumber: day).year
        return DanishHolidays.holidays(year: year).contains { $0.date.dayNumber == day }
    }

    public func isWorkingDay(_ day: Int) -> Bool { !isClosed(day) }

    /// `day` if it is a working day, else the nearest working day before it.
    public func workingDay(onOrBefore day: Int) -> Int {
        if let i = index(day) {
            if !closedTable[i] { return day }
            let k = Int(workingBefore[i])
            if k > 0 { return Int(workingDays[k - 1]) }
        }
        var d = day
        while isClosed(d) { d -= 1 }
        return d
    }

    /// `day` if it is a working day, else the nearest working day after it.
    public func workingDay(onOrAfter day: Int) -> Int {
        if let i = index(day) {
            let k = Int(workingBefore[i])
            if k < workingDays.count { return Int(workingDays[k]) }
        }
        var d = day
        while isClosed(d) { d += 1 }
        return d
    }

    /// The `n`-th working day strictly before `day` (`n` = 1: the latest working day before it).
    /// `n` = 0 returns `day` itself.
    public func workingDay(_ n: Int, before day: Int) -> Int {
        guard n > 0 else { return day }
        if let i = index(day) {
            let k = Int(workingBefore[i]) - n
            if k >= 0 { return Int(workingDays[k]) }
        }
        var d = day
        var left = n
        while left > 0 {
            d -= 1
            if !isClosed(d) { left -= 1 }
        }
        return d
    }

    /// How a due date on a closed day moves.
    public func shifted(_ day: Int, _ shift: Shift) -> Int {
        switch shift {
        case .before: return workingDay(onOrBefore: day)
        case .after: return workingDay(onOrAfter: day)
        case .none: return day
        }
    }
}

/// What happens to a due date that falls on a closed day.
public enum Shift: String, Sendable, Hashable, CaseIterable {
    /// Move to the previous working day (the default: a deadline never moves later).
    case before
    /// Move to the next working day.
    case after
    /// Keep the date.
    case none
}
