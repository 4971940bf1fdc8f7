/// How long before a due date a reminder goes out: `14d` (calendar days) or `3bd` (working days).
public enum LeadTime: Sendable, Hashable, CustomStringConvertible {
    case calendarDays(Int)
    case workingDays(Int)

    /// Parses `Nd` or `Nbd` (N a whole number, 0…3660).
    public init?(text: String) {
        let t = text.trimmingSpaces
        let working = t.hasSuffix("bd")
        guard working || t.hasSuffix("d") else { return nil }
        let digits = t.dropLast(working ? 2 : 1)
        guard !digits.isEmpty, digits.count <= 4, let n = LocalDate.digits(ArraySlice(digits.utf8)),
              n <= 3660 else { return nil }
        self = working ? .workingDays(n) : .calendarDays(n)
    }

    /// As written in keys and config: `14d`, `1bd`.
    public var description: String {
        switch self {
        case .calendarDays(let n): return "\(n)d"
        case .workingDays(let n): return "\(n)bd"
        }
    }
}

/// A whole number of calendar days written `Nd` (`overdue.every`, `escalate.after`).
public enum DayCount {
    /// Parses `Nd` with `minimum` ≤ N ≤ 3660.
    public static func parse(_ text: String, minimum: Int = 1) -> Int? {
        guard case .calendarDays(let n)? = LeadTime(text: text), n >= minimum else { return nil }
        return n
    }
}
