/// ISO 8601 renderings of instants, as the contracts write them, and local dates of instants.
public enum Timestamps {
    /// `2021-09-16T07:00:00Z`.
    public static func utc(_ instant: Int64) -> String { wallClock(instant) + "Z" }

    /// `2021-09-16T09:00:00+02:00`.
    public static func local(_ instant: Int64, offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        return wallClock(instant + Int64(offset)) + sign + two(a / 3600) + ":" + two(a % 3600 / 60)
    }

    private static func wallClock(_ seconds: Int64) -> String {
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let s = Int(seconds - day * 86_400)
        return LocalDate(dayNumber: Int(day)).description + "T" + two(s / 3600) + ":" + two(s % 3600 / 60) + ":" + two(s % 60)
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The local date of an instant in a zone.
    public static func localDay(_ instant: Int64, zone: ZoneRules) -> Int {
        let local = instant + Int64(zone.offset(at: instant))
        return Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }
}
