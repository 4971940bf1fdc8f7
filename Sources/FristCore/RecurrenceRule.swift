/// An RFC 5545 recurrence rule (`FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1`), date granularity.
///
/// Supported parts: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT, UNTIL, BYDAY
/// (with ordinals such as `-1FR` for MONTHLY and YEARLY), BYMONTHDAY (negative counts from
/// the month's end), BYMONTH, BYSETPOS, WKST. Anything else is rejected by ``parse(_:)``
/// rather than silently ignored.
public struct RecurrenceRule: Sendable, Hashable, CustomStringConvertible {
    public enum Frequency: String, Sendable, Hashable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// A BYDAY entry: a weekday, optionally the n-th (negative: from the end) in the month or year.
    public struct WeekdayNumber: Sendable, Hashable {
        public let ordinal: Int?
        public let weekday: Weekday
    }

    public var frequency: Frequency
    public var interval: Int = 1
    public var count: Int?
    /// Last possible occurrence (inclusive), as a day number.
    public var until: Int?
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    public var weekStart: Weekday = .monday

    /// Largest COUNT accepted; keeps a typo from expanding forever.
    public static let maximumCount = 100_000

    public init(frequency: Frequency) { self.frequency = frequency }

    /// Why a rule string was rejected. The message is written for an admin.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses a rule; an optional leading `RRULE:` is accepted.
    public static func parse(_ text: String) throws(ParseError) -> RecurrenceRule {
        var body = Substring(text.trimmingSpaces)
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        guard !body.isEmpty else { throw ParseError(message: "empty recurrence rule") }
        var parts: [String: Substring] = [:]
        for part in body.split(separator: ";", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else {
                throw ParseError(message: "'\(part)' is not NAME=VALUE")
            }
            let name = part[..<eq].uppercased()
            let value = part[part.index(after: eq)...]
            guard parts[name] == nil else { throw ParseError(message: "\(name) given twice") }
            guard !value.isEmpty else { throw ParseError(message: "\(name) has no value") }
            parts[name] = value
        }
        guard let freqText = parts.removeValue(forKey: "FREQ") else {
            throw ParseError(message: "FREQ is missing")
        }
        guard let freq = Frequency(rawValue: freqText.uppercased()) else {
            throw ParseError(message: "FREQ=\(freqText) is not supported (use DAILY, WEEKLY, MONTHLY or YEARLY)")
        }
        var rule = RecurrenceRule(frequency: freq)
        if let v = parts.removeValue(forKey: "INTERVAL") {
            guard let n = Int(v), n >= 1, n <= 1000 else { throw ParseError(message: "INTERVAL=\(v) must be 1 to 1000") }
            rule.interval = n
        }
        if let v = parts.removeValue(forKey: "COUNT") {
            guard let n = Int(v), n >= 1, n <= maximumCount else {
                throw ParseError(message: "COUNT=\(v) must be 1 to \(maximumCount)")
            }
            rule.count = n
        }
        if let v = parts.removeValue(forKey: "UNTIL") {
            let datePart = v.prefix(8)
            guard datePart.count == 8, v.count == 8 || v.dropFirst(8).first == "T",
                  let y = LocalDate.digits(ArraySlice(datePart.prefix(4).utf8)),
                  let m = LocalDate.digits(ArraySlice(datePart.dropFirst(4).prefix(2).utf8)),
                  let d = LocalDate.digits(ArraySlice(datePart.suffix(2).utf8)),
                  let date = LocalDate(year: y, month: m, day: d) else {
                throw ParseError(message: "UNTIL=\(v) is not a date (YYYYMMDD)")
            }
            rule.until = date.dayNumber
        }
        if rule.count != nil && rule.until != nil {
            throw ParseError(message: "COUNT and UNTIL cannot both be given")
        }
        if let v = parts.removeValue(forKey: "BYDAY") {
            for item in v.split(separator: ",", omittingEmptySubsequences: false) {
                let code = item.suffix(2).uppercased()
                let ordText = item.dropLast(2)
                guard let wd = Weekday(rfc5545Code: Substring(code)) else {
                    throw ParseError(message: "BYDAY value '\(item)' is not a weekday (MO, TU, … or e.g. -1FR)")
                }
                var ordinal: Int?
                if !ordText.isEmpty {
                    guard let n = Int(ordText.hasPrefix("+") ? ordText.dropFirst() : ordText),
                          n != 0, abs(n) <= 53 else {
                        throw ParseError(message: "BYDAY value '\(item)' has a bad ordinal")
                    }
                    guard freq == .monthly || freq == .yearly else {
                        throw ParseError(message: "BYDAY ordinal '\(item)' needs FREQ=MONTHLY or YEARLY")
                    }
                    ordinal = n
                }
                rule.byDay.append(WeekdayNumber(ordinal: ordinal, weekday: wd))
            }
        }
        rule.byMonthDay = try intList(parts.removeValue(forKey: "BYMONTHDAY"), "BYMONTHDAY", allowed: 1...31, signed: true)
        rule.byMonth = try intList(parts.removeValue(forKey: "BYMONTH"), "BYMONTH", allowed: 1...12, signed: false)
        rule.bySetPos = try intList(parts.removeValue(forKey: "BYSETPOS"), "BYSETPOS", allowed: 1...366, signed: true)
        if let v = parts.removeValue(forKey: "WKST") {
            guard let wd = Weekday(rfc5545Code: Substring(v.uppercased())) else {
                throw ParseError(message: "WKST=\(v) is not a weekday (MO … SU)")
            }
            rule.weekStart = wd
        }
        let monthSpan = freq == .monthly || !rule.byMonth.isEmpty
        if monthSpan, let bad = rule.byDay.first(where: { abs($0.ordinal ?? 0) > 5 }) {
            throw ParseError(message: "BYDAY value '\(bad.ordinal!)\(bad.weekday.rfc5545Code)' has a bad ordinal (a month has at most 5 of each weekday)")
        }
        if !rule.bySetPos.isEmpty && rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byMonth.isEmpty {
            throw ParseError(message: "BYSETPOS needs another BYxxx part to select from")
        }
        if let unknown = parts.keys.sorted().first {
            let known = ["BYHOUR", "BYMINUTE", "BYSECOND", "BYYEARDAY", "BYWEEKNO"]
            throw ParseError(message: known.contains(unknown)
                ? "\(unknown) is not supported (Frist plans whole days)"
                : "unknown rule part \(unknown)")
        }
        return rule
    }

    private static func intList(_ text: Substring?, _ name: String, allowed: ClosedRange<Int>,
                                signed: Bool) throws(ParseError) -> [Int] {
        guard let text else { return [] }
        var result: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let n = Int(item.hasPrefix("+") ? item.dropFirst() : item),
                  allowed.contains(abs(n)), signed || n > 0 else {
                throw ParseError(message: "\(name) value '\(item)' must be \(signed ? "±" : "")\(allowed.lowerBound) to \(allowed.upperBound)")
            }
            result.append(n)
        }
        return result
    }

    /// The rule in canonical RFC 5545 form.
    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until {
            let d = LocalDate(dayNumber: until)
            parts.append("UNTIL=" + LocalDate.pad(d.year, 4) + LocalDate.pad(d.month, 2) + LocalDate.pad(d.day, 2))
        }
        if !byDay.isEmpty {
            parts.append("BYDAY=" + byDay.map { ($0.ordinal.map(String.init) ?? "") + $0.weekday.rfc5545Code }.joined(separator: ","))
        }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if !byMonth.isEmpty { parts.append("BYMONTH=" + byMonth.map(String.init).joined(separator: ",")) }
        if !bySetPos.isEmpty { parts.append("BYSETPOS=" + bySetPos.map(String.init).joined(separator: ",")) }
        if weekStart != .monday { parts.append("WKST=" + weekStart.rfc5545Code) }
        return parts.joined(separator: ";")
    }
}
