/// A recurrence rule anchored at its first occurrence: the due dates of a repeating milestone.
///
/// Expansion follows RFC 5545: each period (day, week, month, year, stepped by INTERVAL)
/// yields the days its BYxxx parts select, invalid dates are skipped (BYMONTHDAY=31 has no
/// occurrence in April), BYSETPOS picks from each period's set. Queries for a window jump
/// straight to the window's period, so planning a year in 2040 does not replay 2021–2039;
/// only COUNT rules are expanded from the start, once, because the count depends on it.
public struct Recurrence: Sendable {
    public let rule: RecurrenceRule
    /// First occurrence, as a day number (the milestone's `start`).
    public let start: Int
    /// Last possible occurrence (the earlier of the rule's UNTIL and the milestone's `until`).
    public let until: Int?

    private let byMonthDay: [Int]
    private let byMonth: [Int]
    private let byDay: [RecurrenceRule.WeekdayNumber]
    private var counted: [Int32]?

    /// Latest day considered when a rule has neither COUNT nor an end.
    public static let horizon = LocalDate.dayNumber(year: 9999, month: 12, day: 31)

    public init(rule: RecurrenceRule, start: Int, until: Int? = nil) {
        self.rule = rule
        self.start = start
        switch (rule.until, until) {
        case let (a?, b?): self.until = min(a, b)
        case let (a?, nil): self.until = a
        case let (nil, b): self.until = b
        }
        // RFC 5545 defaults: the parts the rule leaves open are taken from the start date.
        let s = LocalDate(dayNumber: start)
        var monthDays = rule.byMonthDay
        var months = rule.byMonth
        var days = rule.byDay
        switch rule.frequency {
        case .daily:
            break
        case .weekly:
            if days.isEmpty { days = [.init(ordinal: nil, weekday: s.weekday)] }
        case .monthly:
            if days.isEmpty && monthDays.isEmpty { monthDays = [s.day] }
        case .yearly:
            if days.isEmpty && monthDays.isEmpty {
                if months.isEmpty { months = [s.month] }
                monthDays = [s.day]
            }
        }
        byMonthDay = monthDays
        byMonth = months
        byDay = days
        counted = nil
        if let count = rule.count {
            var all: [Int32] = []
            all.reserveCapacity(min(count, 4096))
            forEachCandidate(from: start, through: self.until ?? Self.horizon) { day in
                all.append(Int32(day))
                return all.count < count
            }
            counted = all
        }
    }

    /// Whether `start` is itself an occurrence of the rule (the config contract requires it).
    public var startMatchesRule: Bool {
        var first: Int?
        forEachCandidate(from: start, through: start) { day in
            first = day
            return false
        }
        return first == start
    }

    /// Calls `body` with each occurrence in `from...through`, ascending.
    public func forEach(from: Int, through: Int, _ body: (Int) -> Void) {
        var it = occurrences(startingAt: from, through: through)
        while let day = it.next() { body(day) }
    }

    /// The occurrences in `from...through`, ascending.
    public func occurrences(from: Int, through: Int) -> [Int] {
        Array(occurrences(startingAt: from, through: through))
    }

    /// The occurrences from `from` on (to `through`, else the rule's end), produced one at a time.
    public func occurrences(startingAt from: Int, through: Int = Recurrence.horizon) -> Occurrences {
        Occurrences(self, from: from, through: through)
    }

    /// Enumerates occurrences ≥ `from` (and ≥ start, ≤ until, ≤ through) until `body` returns false.
    private func forEachCandidate(from: Int, through: Int, _ body: (Int) -> Bool) {
        var it = Occurrences(self, from: from, through: through, ignoringCount: true)
        while let day = it.next(), body(day) {}
    }

    /// A lazy, ascending sequence of occurrences: each period is expanded when reached.
    public struct Occurrences: Sequence, IteratorProtocol, Sendable {
        private let recurrence: Recurrence
        private let from: Int
        private let last: Int
        private var period: Int
        private var set: [Int] = []
        private var position = 0
        private var countedIndex: Int?
        private var finished = false

        init(_ r: Recurrence, from: Int, through: Int, ignoringCount: Bool = false) {
            recurrence = r
            self.from = Swift.max(from, r.start)
            last = Swift.min(through, r.until ?? Recurrence.horizon)
            let p0 = r.periodIndex(of: r.start)
            let pf = r.periodIndex(of: self.from)
            period = p0 + Swift.max(0, (pf - p0) / r.rule.interval) * r.rule.interval
            if !ignoringCount, let counted = r.counted {
                countedIndex = lowerBound(counted, Int32(clamping: self.from))
            }
            finished = self.from > last
        }

        public mutating func next() -> Int? {
            guard !finished else { return nil }
            if let i = countedIndex, let counted = recurrence.counted {
                guard i < counted.count, Int(counted[i]) <= last else {
                    finished = true
                    return nil
                }
                countedIndex = i + 1
                return Int(counted[i])
            }
            while true {
                while position < set.count {
                    let day = set[position]
                    position += 1
                    if day < from { continue }
                    if day > last {
                        finished = true
                        return nil
                    }
                    return day
                }
                let (lo, hi) = recurrence.periodBounds(period)
                if lo > last {
                    finished = true
                    return nil
                }
                set.removeAll(keepingCapacity: true)
                recurrence.collect(lo..<hi, into: &set)
                if !recurrence.rule.bySetPos.isEmpty { set = recurrence.applySetPos(set) }
                position = 0
                period += recurrence.rule.interval
            }
        }
    }

    private func periodIndex(of day: Int) -> Int {
        switch rule.frequency {
        case .daily:
            return day
        case .weekly:
            return floorDiv(weekStart(of: day), 7)
        case .monthly:
            let d = LocalDate(dayNumber: day)
            return d.year * 12 + d.month - 1
        case .yearly:
            return LocalDate(dayNumber: day).year
        }
    }

    private func periodBounds(_ p: Int) -> (Int, Int) {
        switch rule.frequency {
        case .daily:
            return (p, p + 1)
        case .weekly:
            // Week periods start on WKST; index p is the week-start day divided by 7.
            let anchor = p * 7
            let ws = anchor + ((rule.weekStart.rawValue - Weekday(dayNumber: anchor).rawValue) % 7 + 7) % 7
            return (ws, ws + 7)
        case .monthly:
            let y = floorDiv(p, 12)
            let m = p - y * 12 + 1
            let lo = LocalDate.dayNumber(year: y, month: m, day: 1)
            return (lo, lo + LocalDate.daysIn(month: m, year: y))
        case .yearly:
            let lo = LocalDate.dayNumber(year: p, month: 1, day: 1)
            return (lo, LocalDate.dayNumber(year: p + 1, month: 1, day: 1))
        }
    }

    private func weekStart(of day: Int) -> Int {
        day - ((Weekday(dayNumber: day).rawValue - rule.weekStart.rawValue) % 7 + 7) % 7
    }

    /// Appends the days of `range` that every BYxxx part admits, ascending.
    private func collect(_ range: Range<Int>, into set: inout [Int]) {
        let date = LocalDate(dayNumber: range.lowerBound)
        var year = date.year, month = date.month, dom = date.day
        var dim = LocalDate.daysIn(month: month, year: year)
        var weekday = Weekday(dayNumber: range.lowerBound).rawValue
        var doy = range.lowerBound - LocalDate.dayNumber(year: year, month: 1, day: 1) + 1
        var diy = LocalDate.isLeap(year) ? 366 : 365
        let yearSpan = rule.frequency == .yearly && byMonth.isEmpty
        for day in range {
            if admits(month: month, dom: dom, dim: dim, weekday: weekday, doy: doy, diy: diy, yearSpan: yearSpan) {
                set.append(day)
            }
            weekday = weekday == 7 ? 1 : weekday + 1
            dom += 1
            doy += 1
            if dom > dim {
                dom = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                    doy = 1
                    diy = LocalDate.isLeap(year) ? 366 : 365
                }
                dim = LocalDate.daysIn(month: month, year: year)
            }
        }
    }

    @inline(__always)
    private func admits(month: Int, dom: Int, dim: Int, weekday: Int, doy: Int, diy: Int, yearSpan: Bool) -> Bool {
        if !byMonth.isEmpty && !byMonth.contains(month) { return false }
        if !byMonthDay.isEmpty && !byMonthDay.contains(where: { $0 > 0 ? $0 == dom : dim + $0 + 1 == dom }) {
            return false
        }
        if !byDay.isEmpty {
            return byDay.contains { entry in
                guard entry.weekday.rawValue == weekday else { return false }
                guard let n = entry.ordinal else { return true }
                if yearSpan {
                    return n > 0 ? (doy - 1) / 7 + 1 == n : (diy - doy) / 7 + 1 == -n
                }
                return n > 0 ? (dom - 1) / 7 + 1 == n : (dim - dom) / 7 + 1 == -n
            }
        }
        return true
    }

    private func applySetPos(_ set: [Int]) -> [Int] {
        var picked: [Int] = []
        for pos in rule.bySetPos {
            let i = pos > 0 ? pos - 1 : set.count + pos
            if i >= 0 && i < set.count { picked.append(set[i]) }
        }
        return Array(Set(picked)).sorted()
    }
}

@inline(__always)
func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Index of the first element ≥ `value` in an ascending array.
func lowerBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
    var lo = 0, hi = array.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if array[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
