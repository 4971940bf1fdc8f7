/// A day of the week, numbered as ISO 8601 does (Monday = 1 … Sunday = 7).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of a day number (1970-01-01 was a Thursday).
    public init(dayNumber: Int) {
        let r = ((dayNumber + 3) % 7 + 7) % 7  // 0 = Monday
        self = Weekday(rawValue: r + 1)!
    }

    public var isoNumber: Int { rawValue }

    /// RFC 5545 two-letter code (`MO` … `SU`).
    public var rfc5545Code: String {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][rawValue - 1]
    }

    public init?(rfc5545Code code: Substring) {
        guard let i = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].firstIndex(of: String(code)) else {
            return nil
        }
        self = Weekday(rawValue: i + 1)!
    }

    /// English lower-case name, as written in the config (`saturday`).
    public var englishName: String {
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][rawValue - 1]
    }

    /// Accepts English or Danish names (`saturday`, `lørdag`), any case.
    public init?(name: String) {
        let lower = name.lowercased()
        let danish = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
        if let w = Weekday.allCases.first(where: { $0.englishName == lower }) {
            self = w
        } else if let i = danish.firstIndex(of: lower) {
            self = Weekday(rawValue: i + 1)!
        } else {
            return nil
        }
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}
