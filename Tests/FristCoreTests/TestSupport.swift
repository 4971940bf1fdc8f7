import Testing
@testable import FristCore

// Helpers shared by the FristCore tests. Expected values in the tests are literals taken from
// published calendars (or worked out by hand); the helpers that turn literals into numbers
// deliberately share no code with FristCore where that matters (UTC instants).

/// Day number of an ISO date (`2021-09-30`).
func day(_ iso: String) -> Int {
    guard let d = LocalDate(iso: iso) else { fatalError("bad test date \(iso)") }
    return d.dayNumber
}

/// ISO text of a day number.
func iso(_ dayNumber: Int) -> String { LocalDate(dayNumber: dayNumber).description }

/// ISO texts of day numbers.
func isos(_ days: [Int]) -> [String] { days.map { iso($0) } }

/// Day numbers of every date in `first...last` (ISO strings).
func days(_ first: String, through last: String) -> [Int] { Array(day(first)...day(last)) }

/// `HH:MM` as a `LocalTime`.
func time(_ text: String) -> LocalTime {
    guard let t = LocalTime(text: Substring(text)) else { fatalError("bad test time \(text)") }
    return t
}

// MARK: Independent civil-date arithmetic (no FristCore code)

private func naiveIsLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

/// Days since 1970-01-01 by counting whole years and months: slow, obviously right.
func naiveDayNumber(_ y: Int, _ m: Int, _ d: Int) -> Int {
    let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var n = 0
    if y >= 1970 {
        for yy in 1970..<y { n += naiveIsLeap(yy) ? 366 : 365 }
    } else {
        for yy in y..<1970 { n -= naiveIsLeap(yy) ? 366 : 365 }
    }
    for mm in 1..<m { n += lengths[mm - 1] + (mm == 2 && naiveIsLeap(y) ? 1 : 0) }
    return n + d - 1
}

private func number(_ chars: [Character], _ range: Range<Int>) -> Int {
    guard let n = Int(String(chars[range])) else { fatalError("bad number in \(String(chars))") }
    return n
}

/// Seconds since the epoch of a literal UTC timestamp `YYYY-MM-DDTHH:MM:SSZ`.
func utc(_ text: String) -> Int64 {
    let c = Array(text)
    precondition(c.count == 20 && c[10] == "T" && c[19] == "Z", "bad UTC literal \(text)")
    let days = naiveDayNumber(number(c, 0..<4), number(c, 5..<7), number(c, 8..<10))
    return Int64(days) * 86_400 + Int64(number(c, 11..<13) * 3600 + number(c, 14..<16) * 60 + number(c, 17..<19))
}

/// The inverse of ``utc(_:)``, again by counting: `YYYY-MM-DDTHH:MM:SSZ`.
func utcText(_ instant: Int64) -> String {
    var days = Int(instant >= 0 ? instant / 86_400 : (instant - 86_399) / 86_400)
    let secs = Int(instant - Int64(days) * 86_400)
    var y = 1970
    while days < 0 { y -= 1; days += naiveIsLeap(y) ? 366 : 365 }
    while days >= (naiveIsLeap(y) ? 366 : 365) { days -= naiveIsLeap(y) ? 366 : 365; y += 1 }
    let lengths = [31, naiveIsLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var m = 0
    while days >= lengths[m] { days -= lengths[m]; m += 1 }
    func p(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    return "\(p(y, 4))-\(p(m + 1, 2))-\(p(days + 1, 2))T\(p(secs / 3600, 2)):\(p(secs % 3600 / 60, 2)):\(p(secs % 60, 2))Z"
}

/// Bytewise order of two strings (as the contract sorts keys).
func bytewiseLess(_ a: String, _ b: String) -> Bool {
    Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
}

// MARK: Shared, expensive-to-build values

enum Zones {
    static let copenhagen = ZoneRules(identifier: "Europe/Copenhagen")!
    static let newYork = ZoneRules(identifier: "America/New_York")!
    static let sydney = ZoneRules(identifier: "Australia/Sydney")!
    static let kolkata = ZoneRules(identifier: "Asia/Kolkata")!
    static let utc = ZoneRules(identifier: "UTC")!

    static func named(_ id: String) -> ZoneRules {
        switch id {
        case "Europe/Copenhagen": return copenhagen
        case "America/New_York": return newYork
        case "Australia/Sydney": return sydney
        case "Asia/Kolkata": return kolkata
        default:
            guard let z = ZoneRules(identifier: id) else { fatalError("unknown zone \(id)") }
            return z
        }
    }
}

enum Calendars {
    /// Danish holidays, Saturday and Sunday off, nothing else closed.
    static let denmark = WorkingCalendar()
}

// MARK: Recurrences

func rule(_ text: String) -> RecurrenceRule {
    do { return try RecurrenceRule.parse(text) } catch { fatalError("test rule \(text): \(error.message)") }
}

func recurrence(_ text: String, start: String, until: String? = nil) -> Recurrence {
    Recurrence(rule: rule(text), start: day(start), until: until.map { day($0) })
}

/// The occurrences of a rule in `from...through` (ISO dates), as ISO dates.
func expand(_ text: String, start: String, until: String? = nil, from: String? = nil, through: String) -> [String] {
    isos(recurrence(text, start: start, until: until).occurrences(from: day(from ?? start), through: day(through)))
}

// MARK: Schedules

func once(_ iso: String) -> DueSchedule { .once(day(iso)) }

func repeating(_ text: String, start: String, until: String? = nil) -> DueSchedule {
    .repeating(recurrence(text, start: start, until: until))
}

/// A schedule with one project holding one milestone (defaults match the design's example:
/// `taskforce/apv-handleplan`, owner `anne`, channels `mail` and `teams`, Copenhagen, 09:00).
func oneMilestoneSchedule(
    _ due: DueSchedule,
    project: String = "taskforce",
    milestone: String = "apv-handleplan",
    policy: PolicyOverrides = PolicyOverrides(),
    projectPolicy: PolicyOverrides = PolicyOverrides(),
    defaults: PolicyOverrides = PolicyOverrides(),
    shift: Shift? = nil,
    projectShift: Shift? = nil,
    defaultShift: Shift = .before,
    done: String? = nil,
    timeOfDay: LocalTime? = nil,
    owner: [String]? = nil,
    projectOwner: [String] = ["anne"],
    notify: [String]? = nil,
    projectNotify: [String]? = ["mail", "teams"],
    zone: ZoneRules = Zones.copenhagen,
    sendTime: LocalTime = time("09:00"),
    calendar: WorkingCalendar = Calendars.denmark
) -> Schedule {
    let m = Milestone(id: milestone, title: "Milestone \(milestone)", schedule: due, timeOfDay: timeOfDay,
                      done: done.map { day($0) }, shift: shift, owner: owner, notify: notify, policy: policy)
    let p = Project(id: project, name: "Project \(project)", owner: projectOwner, notify: projectNotify,
                    shift: projectShift, policy: projectPolicy, milestones: [m])
    return Schedule(zone: zone, sendTime: sendTime, calendar: calendar, defaults: defaults,
                    defaultShift: defaultShift, projects: [p])
}

/// A policy with only the given parts; everything else off (so tests see just what they ask for).
func only(before: [LeadTime] = [], onDue: Bool = false, overdue: OverduePolicy? = nil,
          escalate: EscalationPolicy? = nil) -> PolicyOverrides {
    PolicyOverrides(before: before, onDue: onDue,
                    overdue: overdue.map { .value($0) } ?? .off,
                    escalate: escalate.map { .value($0) } ?? .off)
}

func lead(_ text: String) -> LeadTime {
    guard let l = LeadTime(text: text) else { fatalError("bad lead time \(text)") }
    return l
}

/// One line per reminder: `key date instant` — what a user sees in `frist upcoming`.
func lines(_ plan: Plan, from: String, to: String) -> [String] {
    plan.reminders(from: day(from), to: day(to)).map { line(plan, $0) }
}

func line(_ plan: Plan, _ r: Reminder) -> String {
    "\(plan.key(of: r)) \(iso(Int(r.date))) \(utcText(r.instant))"
}

func keys(_ plan: Plan, from: String, to: String) -> [String] {
    plan.reminders(from: day(from), to: day(to)).map { plan.key(of: $0) }
}
