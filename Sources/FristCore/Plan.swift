/// The planner: every milestone compiled once, then asked for the reminders in a window of
/// local dates, or for the reminders after an instant in time order, lazily.
///
/// Pure: it takes the schedule and dates; it never reads the clock.
public struct Plan: Sendable {
    /// A milestone with its project's and the defaults' settings resolved. A class, so that
    /// the planner's inner loops share it instead of copying its strings and arrays.
    public final class PlannedMilestone: Sendable {
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
        let keyRank: Int32
        /// For each reminder slot in generation order (before…, due, overdue 1…n, escalation),
        /// the rank of its key suffix in byte order.
        let suffixRanks: [UInt16]
        /// How many days before / after an occurrence's original date its reminders can fall.
        let reachBefore: Int
        let reachAfter: Int

        init(projectIndex: Int, milestone: Milestone, policy: ReminderPolicy, shift: Shift, secondsOfDay: Int,
             recipients: [String], channels: [String], keyPrefix: String, keyRank: Int32, suffixRanks: [UInt16],
             reachBefore: Int, reachAfter: Int) {
            self.projectIndex = projectIndex
            self.milestone = milestone
            self.policy = policy
            self.shift = shift
            self.secondsOfDay = secondsOfDay
            self.recipients = recipients
            self.channels = channels
            self.keyPrefix = keyPrefix
            self.keyRank = keyRank
            self.suffixRanks = suffixRanks
            self.reachBefore = reachBefore
            self.reachAfter = reachAfter
        }
    }

    public let schedule: Schedule
    public let milestones: [PlannedMilestone]
    /// Milestone index by `project/milestone`, to find a reminder again from its key.
    private let indexByPrefix: [String: Int]

    public init(_ schedule: Schedule) {
        self.schedule = schedule
        let slack = schedule.calendar.longestClosedRun + 1
        // Keys sort as `project/milestone@…`; rank the prefixes once so no key is ever built to compare.
        var prefixes: [String] = []
        for project in schedule.projects {
            for m in project.milestones { prefixes.append(project.id + "/" + m.id + "@") }
        }
        var ranks = [Int32](repeating: 0, count: prefixes.count)
        for (rank, i) in prefixes.indices.sorted(by: { prefixes[$0] < prefixes[$1] }).enumerated() {
            ranks[i] = Int32(rank)
        }
        var planned: [PlannedMilestone] = []
        planned.reserveCapacity(prefixes.count)
        // Milestones share a handful of policies; rank each policy's key suffixes once.
        var rankedPolicies: [ReminderPolicy: [UInt16]] = [:]
        func suffixRanks(_ policy: ReminderPolicy) -> [UInt16] {
            if let known = rankedPolicies[policy] { return known }
            let ranks = Self.suffixRanks(policy)
            rankedPolicies[policy] = ranks
            return ranks
        }
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
                let index = planned.count
                planned.append(PlannedMilestone(
                    projectIndex: pi, milestone: m, policy: policy,
                    shift: m.shift ?? project.shift ?? schedule.defaultShift,
                    secondsOfDay: (m.timeOfDay ?? schedule.sendTime).secondsOfDay,
                    recipients: m.owner ?? project.owner,
                    channels: m.notify ?? project.notify ?? schedule.defaultNotify,
                    keyPrefix: String(prefixes[index].dropLast()), keyRank: ranks[index],
                    suffixRanks: suffixRanks(policy),
                    reachBefore: before + slack, reachAfter: after + 2 * slack))
            }
        }
        milestones = planned
        indexByPrefix = Dictionary(planned.enumerated().map { ($1.keyPrefix, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The reminder kinds a policy produces, in generation order.
    static func kinds(_ policy: ReminderPolicy) -> [ReminderKind] {
        var kinds = policy.before.map(ReminderKind.before)
        if policy.onDue { kinds.append(.due) }
        if let o = policy.overdue { kinds += (0..<o.times).map { .overdue($0 + 1) } }
        if policy.escalate != nil { kinds.append(.escalation) }
        return kinds
    }

    fileprivate static func suffixRanks(_ policy: ReminderPolicy) -> [UInt16] {
        let suffixes = kinds(policy).map(\.keySuffix)
        let order = suffixes.indices.sorted { suffixes[$0] < suffixes[$1] }
        var ranks = [UInt16](repeating: 0, count: suffixes.count)
        for (rank, slot) in order.enumerated() { ranks[slot] = UInt16(rank) }
        return ranks
    }

    // MARK: Windows of local dates

    /// Calls `body` for every reminder whose local date is in `from..<to` (day numbers), in no
    /// particular order.
    public func forEachReminder(from: Int, to: Int, _ body: (Reminder) -> Void) {
        guard from < to else { return }
        var batch: [Reminder] = []
        for i in milestones.indices {
            let pm = milestones[i]
            let done = pm.milestone.done ?? Int.max
            let lo = from - pm.reachAfter, hi = to - 1 + pm.reachBefore
            func visit(_ occurrence: Int) {
                batch.removeAll(keepingCapacity: true)
                reminders(of: i, occurrence: occurrence, into: &batch)
                for r in batch where Int(r.date) >= from && Int(r.date) < to && Int(r.date) < done { body(r) }
            }
            switch pm.milestone.schedule {
            case .once(let day):
                if day >= lo && day <= hi { visit(day) }
            case .repeating(let recurrence):
                recurrence.forEach(from: lo, through: hi, visit)
            }
        }
    }

    /// The reminders whose local date is in `from..<to`, ordered by instant, then key.
    public func reminders(from: Int, to: Int) -> [Reminder] {
        var result: [Reminder] = []
        forEachReminder(from: from, to: to) { result.append($0) }
        result.sort()
        return result
    }

    /// The earliest date any reminder of this occurrence has (before the `done` cut-off).
    func earliestReminderDate(of index: Int, occurrence: Int) -> Int {
        let pm = milestones[index]
        let cal = schedule.calendar
        let due = cal.shifted(occurrence, pm.shift)
        var earliest = Int.max
        for lead in pm.policy.before {
            switch lead {
            case .calendarDays(let n): earliest = min(earliest, cal.workingDay(onOrBefore: due - n))
            case .workingDays(let n): earliest = min(earliest, cal.workingDay(n, before: due))
            }
        }
        if pm.policy.onDue { earliest = min(earliest, due) }
        if let overdue = pm.policy.overdue, overdue.times > 0 {
            earliest = min(earliest, cal.workingDay(onOrAfter: due + overdue.everyDays))
        }
        if let escalate = pm.policy.escalate {
            earliest = min(earliest, cal.workingDay(onOrAfter: due + escalate.afterDays))
        }
        return earliest
    }

    /// Appends every reminder of one occurrence, before the `done` cut-off and any window.
    func reminders(of index: Int, occurrence: Int, into out: inout [Reminder]) {
        let pm = milestones[index]
        let cal = schedule.calendar
        let due = cal.shifted(occurrence, pm.shift)
        var slot = 0
        func add(_ kind: ReminderKind, _ date: Int) {
            let (instant, offset) = schedule.zone.resolve(day: date, secondsOfDay: pm.secondsOfDay)
            out.append(Reminder(milestone: Int32(index), occurrence: Int32(occurrence), due: Int32(due),
                                date: Int32(date), kind: kind, instant: instant, utcOffset: Int32(offset),
                                keyRank: pm.keyRank, suffixRank: pm.suffixRanks[slot]))
            slot += 1
        }
        for lead in pm.policy.before {
            switch lead {
            case .calendarDays(let n): add(.before(lead), cal.workingDay(onOrBefore: due - n))
            case .workingDays(let n): add(.before(lead), cal.workingDay(n, before: due))
            }
        }
        if pm.policy.onDue { add(.due, due) }
        if let overdue = pm.policy.overdue {
            for k in stride(from: 1, through: overdue.times, by: 1) {
                add(.overdue(k), cal.workingDay(onOrAfter: due + k * overdue.everyDays))
            }
        }
        if let escalate = pm.policy.escalate {
            add(.escalation, cal.workingDay(onOrAfter: due + escalate.afterDays))
        }
    }

    /// Every reminder of one occurrence (original date, day number) of milestone `index`, in
    /// generation order (before…, due, overdue…, escalation), ignoring `done`.
    public func reminders(ofMilestone index: Int, occurrence: Int) -> [Reminder] {
        var out: [Reminder] = []
        reminders(of: index, occurrence: occurrence, into: &out)
        return out
    }

    /// The due date (day number) of an occurrence after `shift`.
    public func dueDay(ofMilestone index: Int, occurrence: Int) -> Int {
        schedule.calendar.shifted(occurrence, milestones[index].shift)
    }

    /// The original dates (day numbers) of a milestone's occurrences in `from...through`.
    public func occurrences(ofMilestone index: Int, from: Int, through: Int) -> [Int] {
        switch milestones[index].milestone.schedule {
        case .once(let day): return day >= from && day <= through ? [day] : []
        case .repeating(let recurrence): return recurrence.occurrences(from: from, through: through)
        }
    }

    // MARK: Describing a reminder

    public func milestone(of r: Reminder) -> PlannedMilestone { milestones[Int(r.milestone)] }

    public func project(of r: Reminder) -> Project { schedule.projects[milestone(of: r).projectIndex] }

    /// The idempotency key: `project/milestone@YYYY-MM-DD#kind[-offset]`.
    public func key(of r: Reminder) -> String {
        ReminderKey.text(prefix: milestone(of: r).keyPrefix, occurrence: LocalDate(dayNumber: Int(r.occurrence)),
                         suffix: r.kind.keySuffix)
    }

    /// `project/milestone@YYYY-MM-DD`: the occurrence a reminder is about, as `frist ack` takes it.
    public func occurrenceTarget(of r: Reminder) -> String {
        ReminderKey.target(prefix: milestone(of: r).keyPrefix, occurrence: LocalDate(dayNumber: Int(r.occurrence)))
    }

    /// The reminder a key names (`project/milestone@YYYY-MM-DD#kind`), if the plan still has it:
    /// the outbox stores keys, and the message is built from the reminder at send time.
    public func reminder(forKey key: String) -> Reminder? {
        guard let key = ReminderKey(key), let index = indexByPrefix[key.prefix] else { return nil }
        let day = key.occurrence.dayNumber
        switch milestones[index].milestone.schedule {
        case .once(let due): guard due == day else { return nil }
        case .repeating(let r): guard r.occurrences(from: day, through: day) == [day] else { return nil }
        }
        var found: [Reminder] = []
        reminders(of: index, occurrence: day, into: &found)
        return found.first { $0.kind.keySuffix == key.suffix }
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
