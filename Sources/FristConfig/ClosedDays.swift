import FristCore

/// The forms of a `calendar.closed` entry, as day numbers: a date (`2021-12-24`), a day every
/// year (`12-24`), or an inclusive range of either (`2022-07-11..2022-07-22`, `07-13..07-17`;
/// a yearly range may cross the new year, `12-27..01-02`). At most a year long.
enum ClosedDays {
    static func parse(_ text: String) -> Set<Int>? {
        let bounds = text.components(separatedBy: "..").map { String($0.trimmingSpaces) }
        guard bounds.count <= 2 else { return nil }
        let dates = bounds.compactMap { LocalDate(iso: $0) }
        if dates.count == bounds.count {
            let first = dates[0].dayNumber, last = dates[dates.count - 1].dayNumber
            guard first <= last, last - first <= 366 else { return nil }
            return Set(first...last)
        }
        let yearly = bounds.compactMap(monthDay)
        guard yearly.count == bounds.count else { return nil }
        return everyYear(from: yearly[0], through: yearly[yearly.count - 1])
    }

    /// `MM-DD` as (month, day), any day a leap year has (`02-29` too).
    private static func monthDay(_ text: String) -> (month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let month = Int(parts[0]), let day = Int(parts[1]),
              LocalDate(year: 2000, month: month, day: day) != nil else { return nil }
        return (month, day)
    }

    /// Every year of the calendar's table, the days from `first` through `last` (into the
    /// next year when `last` comes before `first`); `02-29` only where it exists.
    private static func everyYear(from first: (month: Int, day: Int), through last: (month: Int, day: Int))
        -> Set<Int>
    {
        // Which days of the year, found once in a leap year (2000) and the year after it.
        let start = LocalDate.dayNumber(year: 2000, month: first.month, day: first.day)
        var end = LocalDate.dayNumber(year: 2000, month: last.month, day: last.day)
        if end < start { end = LocalDate.dayNumber(year: 2001, month: last.month, day: last.day) }
        let spans = (start...end).map { LocalDate(dayNumber: $0) }.map { (month: $0.month, day: $0.day, next: $0.year > 2000) }
        var days: Set<Int> = []
        let years = WorkingCalendar.tableYears
        for year in years {
            for d in spans {
                let y = d.next ? year + 1 : year
                guard years.contains(y), let date = LocalDate(year: y, month: d.month, day: d.day) else { continue }
                days.insert(date.dayNumber)
            }
        }
        return days
    }
}
