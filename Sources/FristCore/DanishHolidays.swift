/// Danish public holidays (helligdage) as defined by law.
///
/// Grundlovsdag, juleaften and nytårsaften are customary days off, not holidays by law;
/// admins add them under `calendar.closed`.
public enum DanishHolidays {
    /// A named holiday.
    public struct Holiday: Sendable, Hashable {
        public let date: LocalDate
        public let name: String
    }

    /// Easter Sunday (anonymous Gregorian algorithm), as a day number.
    public static func easterSunday(year: Int) -> Int {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate.dayNumber(year: year, month: month, day: day)
    }

    /// The last year Store Bededag was a holiday (abolished from 2024).
    public static let lastStoreBededag = 2023

    /// The holidays of one year, in date order.
    public static func holidays(year: Int) -> [Holiday] {
        let easter = easterSunday(year: year)
        var days: [(Int, String)] = [
            (LocalDate.dayNumber(year: year, month: 1, day: 1), "Nytårsdag"),
            (easter - 3, "Skærtorsdag"),
            (easter - 2, "Langfredag"),
            (easter, "Påskedag"),
            (easter + 1, "2. påskedag"),
        ]
        if year <= lastStoreBededag { days.append((easter + 26, "Store Bededag")) }
        days += [
            (easter + 39, "Kristi Himmelfartsdag"),
            (easter + 49, "Pinsedag"),
            (easter + 50, "2. pinsedag"),
            (LocalDate.dayNumber(year: year, month: 12, day: 25), "Juledag"),
            (LocalDate.dayNumber(year: year, month: 12, day: 26), "2. juledag"),
        ]
        return days.map { Holiday(date: LocalDate(dayNumber: $0.0), name: $0.1) }
    }
}
