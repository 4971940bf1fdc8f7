/// The planner: every milestone compiled once, then asked for the reminders in a window of
/// local dates, or for the reminders after an instant in time order, lazily.
///
/// Pure: it takes the schedule and dates; it never reads the clock.
public struct Plan: Sendable {
    /// A milestone with its project's and the defaults' settings resolved.
    public struct PlannedMilestone: Sendable {
        public let projectIndex: Int
        public let milestone: Milestone
        public let policy: ReminderPolicy
        public let shift: Shift
        public let secondsOfDay: Int
        public let recipients: [String]
        public let channels: [String]
        /// `project/milestone`.
        public let keyPrefix: String
        /// Rank of `keyPrefix + "@"` among all milestones: orders keys without building them.
        fileprivate(set) var keyRank: Int32 = 0
        /// How many days before / after an occurrence's original date its reminders can fall.
        fileprivate let reachBefore: Int
        fileprivate let reachAfter: Int
    }

    public let schedule: Schedule
    public let milestones: [PlannedMilestone]

    public init(_ schedule: Schedule) {
        self.schedule = schedule
        let slack = schedule.calendar.longestClosedRun + 1
        var planned: [PlannedMilestone] = []
        for (pi, project) in schedule.projects.enumerated() {
            for m in project.milestones {
                let policy = PolicyOverrides.resolve([m.policy, project.policy, schedule.defaults])
                var before = 0
                for lead in policy.before {
                    switch lead {
                    case .calendarDays(let n): before = max(before, n + slack)
                    case .workingDays(let n): before = max(before, (n + 1) * slack)
                    }
                }
                var after = 0
                if let o = policy.overdue { after = o.everyDays * o.times }
                if let e = policy.escalate { after = max(after, e.afterDays) }
                planned.append(PlannedMilestone(
                    projectIndex: pi, milestone: m, policy: policy,
                    shift: m.shift ?? project.shift ?? schedule.defaultShift,
                    secondsOfDay: (m.timeOfDay ?? schedule.sendTime).secondsOfDay,
                    recipients: m.owner ?? project.owner,
                    channels: m.notify ?? project.notify ?? schedule.defaultNotify,
                    keyPrefix: project.id + "/" + m.id,
                    reachBefore: before + slack, reachAfter: after + 2 * slack))
            }
        }
        let order = planned.indices.sorted { planned[$0].keyPrefix + "@" < planned[$1].keyPrefix + "@" }
        for (rank, i) in order.enumerated() { planned[i].keyRank = Int32(rank) }
        milestones = planned
    }

    // MARK: Windows of local dates

    /// Calls `body` for every reminder whose local date is in `from..<to` (day numbers), in no
    /// particular order. Allocates nothing per reminder.
    public func forEachReminder(from: Int, to: Int, _ body: (Reminder) -> Void) {
        guard from < to else { return }
        for i in milestones.indices {
            let pm = milestones[i]
            let lo = from - pm.reachAfter, hi = to - 1 + pm.reachBefore
            switch pm.milestone.schedule {
            case .once(let day):
                if day >= lo && day <= hi { emit(i, occurrence: day, from: from, to: to, body) }
            case .repeating(let recurrence):
                recurrence.forEach(from: lo, through: hi) { emit(i, occurrence: $0, from: from, to: to, body) }
            }
        }
    }

    /// The reminders whose local date is in `from..<to`, ordered by instant, then key.
    public func reminders(from: Int, to: Int) -> [Reminder] {
        var result: [Reminder] = []
        forEachReminder(from: from, to: to) { result.append($0) }
        result.sort(by: precedes)
        return result
    }

    private func emit(_ index: Int, occurrence: Int, from: Int, to: Int, _ body: (Reminder) -> Void) {
        let pm = milestones[index]
        let cal = schedule.calendar
        let due = cal.shifted(occurrence, pm.shift)
        let done = pm.milestone.done ?? Int.max
        func out(_ kind: ReminderKind, _ date: Int) {
            guard date >= from, date < to, date < done else { return }
            let instant = schedule.zone.instant(day: date, secondsOfDay: pm.secondsOfDay)
            body(Reminder(milestone: Int32(index), occurrence: Int32(occurrence), due: Int32(due),
                          date: Int32(date), kind: kind, instant: instant,
                          utcOffset: Int32(schedule.zone.offset(at: instant))))
        }
        for lead in pm.policy.before {
            switch lead {
            case .calendarDays(let n): out(.before(lead), cal.workingDay(onOrBefore: due - n))
            case .workingDays(let n): out(.before(lead), cal.workingDay(n, before: due))
            }
        }
        if pm.policy.onDue { out(.due, due) }
        if let overdue = pm.policy.overdue {
            for k in stride(from: 1, through: overdue.times, by: 1) {
                out(.overdue(k), cal.workingDay(onOrAfter: due + k * overdue.everyDays))
            }
        }
        if let escalate = pm.policy.escalate {
            out(.escalation, cal.workingDay(onOrAfter: due + escalate.afterDays))
        }
    }

    // MARK: Time order

    /// Whether `a` comes before `b`: by instant, then by key (byte order), as `--json` sorts.
    public func precedes(_ a: Reminder, _ b: Reminder) -> Bool {
        if a.instant != b.instant { return a.instant < b.instant }
        let ra = milestones[Int(a.milestone)].keyRank, rb = milestones[Int(b.milestone)].keyRank
        if ra != rb { return ra < rb }
        if a.occurrence != b.occurrence { return a.occurrence < b.occurrence }
        return a.kind.keySuffix < b.kind.keySuffix
    }

    /// The reminders at or after `instant`, in time order, computed a week at a time as the
    /// sequence is consumed: the daemon asks for the next few without planning years.
    public func timeline(startingAt instant: Int64) -> Timeline { Timeline(plan: self, start: instant) }

    /// A lazy, time-ordered sequence of reminders. Ends after ``Plan/timelineEnd``.
    public struct Timeline: Sequence, IteratorProtocol, Sendable {
        let plan: Plan
        let start: Int64
        private var nextDay: Int
        private var buffer: [Reminder] = []
        private var position = 0

        /// Days planned per step.
        static let chunk = 7

        init(plan: Plan, start: Int64) {
            self.plan = plan
            self.start = start
            // A local date's instants lie within ±14 h of its UTC midnight.
            nextDay = Int(floorDiv64(start - 50_400, 86_400))
        }

        public mutating func next() -> Reminder? {
            while true {
                if position < buffer.count, buffer[position].instant < safeBound {
                    defer { position += 1 }
                    return buffer[position]
                }
                guard nextDay < Plan.timelineEnd else {
                    guard position < buffer.count else { return nil }
                    defer { position += 1 }
                    return buffer[position]
                }
                // Keep what is not yet safe to hand out, add the next chunk, re-sort.
                var pending = Array(buffer[position...])
                plan.forEachReminder(from: nextDay, to: nextDay + Self.chunk) { r in
                    if r.instant >= start { pending.append(r) }
                }
                nextDay += Self.chunk
                pending.sort(by: plan.precedes)
                buffer = pending
                position = 0
            }
        }

        /// Every reminder on a local date ≥ `nextDay` is at or after this instant.
        private var safeBound: Int64 { Int64(nextDay) * 86_400 - 50_400 }
    }

    /// Day number after which timelines stop (the end of year 9999).
    public static let timelineEnd = LocalDate.dayNumber(year: 9999, month: 12, day: 31)

    // MARK: Describing a reminder

    public func milestone(of r: Reminder) -> PlannedMilestone { milestones[Int(r.milestone)] }

    public func project(of r: Reminder) -> Project { schedule.projects[milestone(of: r).projectIndex] }

    /// The idempotency key: `project/milestone@YYYY-MM-DD#kind[-offset]`.
    public func key(of r: Reminder) -> String {
        milestone(of: r).keyPrefix + "@" + LocalDate(dayNumber: Int(r.occurrence)).description + "#" + r.kind.keySuffix
    }

    /// Person ids: the milestone's owner (else the project's); for an escalation, its `to` list.
    public func recipients(of r: Reminder) -> [String] {
        let pm = milestone(of: r)
        if case .escalation = r.kind, let e = pm.policy.escalate { return e.to }
        return pm.recipients
    }

    /// Channel names.
    public func channels(of r: Reminder) -> [String] { milestone(of: r).channels }
}

@inline(__always)
func floorDiv64(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
