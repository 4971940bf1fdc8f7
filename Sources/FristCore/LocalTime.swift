/// A wall-clock time of day (`09:00`), minute precision.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM` (also `H:MM`).
    public init?(text: Substring) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = LocalDate.digits(ArraySlice(parts[0].utf8)),
              let m = LocalDate.digits(ArraySlice(parts[1].utf8)) else { return nil }
        self.init(hour: h, minute: m)
    }

    public var secondsOfDay: Int { hour * 3600 + minute * 60 }

    public var description: String { LocalDate.pad(hour, 2) + ":" + LocalDate.pad(minute, 2) }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.secondsOfDay < b.secondsOfDay }
}
