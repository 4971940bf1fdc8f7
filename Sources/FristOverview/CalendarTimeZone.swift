import FristCore

/// A VTIMEZONE for a zone over a span of years, derived from the zone's offsets, so that
/// calendar programs resolve `TZID=` times without knowing the zone themselves.
///
/// Offset changes that recur yearly on one rule (the EU's last Sunday of March and October,
/// the US's second Sunday of March and first of November) become one observance with an
/// RRULE; any other change is an observance of its own. A zone without changes gets one
/// STANDARD observance.
struct CalendarTimeZone {
    /// One STANDARD or DAYLIGHT part.
    struct Observance {
        /// DAYLIGHT when the change moves clocks forward (summer time), else STANDARD.
        let daylight: Bool
        /// UTC offsets (seconds) before and after the change.
        let from: Int
        let to: Int
        /// The first onset as local wall time in the `from` offset (seconds since 1970-01-01 local),
        /// as DTSTART of an observance is written.
        let start: Int64
        /// The RRULE of a yearly change, nil for a single one.
        let rule: String?
    }

    let identifier: String
    /// Earliest first.
    let observances: [Observance]

    /// The definition of `zone` good for local times in `years`.
    init(zone: ZoneRules, years: ClosedRange<Int>) {
        identifier = zone.identifier
        func newYear(_ year: Int) -> Int64 {
            zone.instant(day: LocalDate.dayNumber(year: year, month: 1, day: 1), secondsOfDay: 0)
        }
        // A year ahead of the first: its changes give each yearly observance an onset before
        // the first local time that needs it, and a second onset to show the rule.
        let windowStart = newYear(years.lowerBound - 1)
        let changes = Self.changes(zone, from: windowStart, to: newYear(years.upperBound + 1))
        var observances: [Observance] = []
        // The offset before the first change, when the years begin before it (a zone without
        // changes has only this).
        if changes.first.map({ $0.instant > newYear(years.lowerBound) }) ?? true {
            let offset = zone.offset(at: windowStart)
            observances.append(Observance(daylight: false, from: offset, to: offset,
                                          start: windowStart + Int64(offset), rule: nil))
        }
        // Runs of changes on one yearly rule in consecutive years.
        var runs: [[Change]] = []
        var runByRule: [Change.YearlyRule: Int] = [:]
        for change in changes {
            if let i = runByRule[change.rule], runs[i][runs[i].count - 1].year == change.year - 1 {
                runs[i].append(change)
            } else {
                runByRule[change.rule] = runs.count
                runs.append([change])
            }
        }
        for run in runs {
            let first = run[0], last = run[run.count - 1]
            var rule: String?
            if run.count > 1 {
                let r = first.rule
                // A rule given up within the years stops there; one still in force at the end is
                // left open, as the zone's own rules are.
                let until = last.year < years.upperBound ? ";UNTIL=" + ICalendarWriter.utcDateTime(last.instant) : ""
                rule = "FREQ=YEARLY;BYMONTH=\(r.month);BYDAY=\(r.week)\(r.weekday.rfc5545Code)" + until
            }
            observances.append(Observance(daylight: first.to > first.from, from: first.from, to: first.to,
                                          start: first.instant + Int64(first.from), rule: rule))
        }
        self.observances = observances
    }

    func write(into writer: inout ICalendarWriter) {
        writer.begin("VTIMEZONE")
        writer.text("TZID", identifier)
        for o in observances {
            let component = o.daylight ? "DAYLIGHT" : "STANDARD"
            writer.begin(component)
            writer.property("DTSTART", ICalendarWriter.localDateTime(o.start))
            writer.property("TZOFFSETFROM", ICalendarWriter.utcOffset(o.from))
            writer.property("TZOFFSETTO", ICalendarWriter.utcOffset(o.to))
            if let rule = o.rule { writer.property("RRULE", rule) }
            writer.end(component)
        }
        writer.end("VTIMEZONE")
    }

    /// A change of UTC offset.
    struct Change {
        /// When a change happens, as a yearly rule would say it: month, week of the month
        /// (1…4, or -1 for the last), weekday and local time (in the old offset), and the offsets.
        struct YearlyRule: Hashable {
            let month: Int
            let week: Int
            let weekday: Weekday
            let secondsOfDay: Int
            let from: Int
            let to: Int
        }

        let instant: Int64
        let from: Int
        let to: Int
        let year: Int
        let rule: YearlyRule

        init(instant: Int64, from: Int, to: Int) {
            self.instant = instant
            self.from = from
            self.to = to
            let local = instant + Int64(from)
            let day = Int(floorDivision(local, 86_400))
            let date = LocalDate(dayNumber: day)
            year = date.year
            // The last such weekday of the month (the EU's rule) rather than its 4th or 5th.
            let week = date.day + 7 > LocalDate.daysIn(month: date.month, year: date.year) ? -1 : (date.day - 1) / 7 + 1
            rule = YearlyRule(month: date.month, week: week, weekday: date.weekday,
                              secondsOfDay: Int(local - Int64(day) * 86_400), from: from, to: to)
        }
    }

    /// The offset changes in `start..<end`: sampled daily (as ``ZoneRules`` itself is built),
    /// each bisected to the second.
    static func changes(_ zone: ZoneRules, from start: Int64, to end: Int64) -> [Change] {
        var changes: [Change] = []
        var t = start
        var current = zone.offset(at: start)
        while t < end {
            let next = min(t + 86_400, end)
            let offset = zone.offset(at: next)
            guard offset != current else {
                t = next
                continue
            }
            var a = t, b = next  // offset(at: a) == current != offset(at: b)
            while b - a > 1 {
                let m = a + (b - a) / 2
                if zone.offset(at: m) == current { a = m } else { b = m }
            }
            let after = zone.offset(at: b)
            changes.append(Change(instant: b, from: current, to: after))
            current = after
            t = b
        }
        return changes
    }
}

/// Division rounding towards minus infinity: local times before 1970 are negative.
private func floorDivision(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q
}
