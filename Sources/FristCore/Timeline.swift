extension Plan {
    /// The reminders at or after `instant`, in time order (then key), produced lazily: the
    /// daemon asks for the next few without planning years, and a walk over years holds only
    /// a few reminders per milestone at a time.
    public func timeline(startingAt instant: Int64) -> Timeline { Timeline(plan: self, start: instant) }

    /// Day number after which timelines stop (the end of year 9999).
    public static let timelineEnd = LocalDate.dayNumber(year: 9999, month: 12, day: 31)
}

/// The milestones' own reminder streams merged a week at a time.
///
/// Each milestone yields its occurrences in order; an occurrence's reminders are held back
/// until no later occurrence can have an earlier one. That is safe because the earliest
/// reminder date of an occurrence never decreases as occurrences advance. Each step pulls
/// every stream's reminders dated before the step's end and sorts them: cheaper per reminder
/// than a heap, and the streams are visited once per week, not once per reminder.
public struct Timeline: Sequence, IteratorProtocol, Sendable {
    private let plan: Plan
    private let start: Int64
    private var cursors: [Cursor] = []
    /// Cursors that may still yield reminders.
    private var active: [Int32] = []
    /// Sorted reminders of the current step; those from `position` on are still to be handed out.
    private var buffer: [Reminder] = []
    private var position = 0
    /// How many of `buffer` may be handed out; the rest wait for the next step.
    private var ready = 0
    /// First local date not yet pulled from the streams.
    private var nextDay: Int

    /// Days pulled per step.
    static let step = 7

    private struct Cursor: Sendable {
        let milestone: Int
        let done: Int
        /// The one-off occurrence not yet taken, or the rule's occurrences.
        var once: Int?
        var rule: Recurrence.Occurrences?
        /// Reminders of the next occurrence, not yet released, and their earliest date.
        var lookahead: [Reminder] = []
        var lookaheadFirstDate = Int.max
        /// Released reminders, latest first (the next one is `last`).
        var pending: [Reminder] = []
        var exhausted = false
    }

    init(plan: Plan, start: Int64) {
        self.plan = plan
        self.start = start
        let startDay = Int(floorDiv64(start - 50_400, 86_400))
        nextDay = startDay
        for (i, pm) in plan.milestones.enumerated() {
            let p = pm.policy
            guard !p.before.isEmpty || p.onDue || p.overdue != nil || p.escalate != nil else { continue }
            // Occurrences earlier than this have every reminder before `start`.
            let firstOccurrence = startDay - pm.reachAfter
            var cursor = Cursor(milestone: i, done: pm.milestone.done ?? Int.max)
            switch pm.milestone.schedule {
            case .once(let day): cursor.once = day >= firstOccurrence ? day : nil
            case .repeating(let r): cursor.rule = r.occurrences(startingAt: firstOccurrence, through: Plan.timelineEnd)
            }
            cursors.append(cursor)
            refill(cursors.count - 1)
            if !cursors[cursors.count - 1].pending.isEmpty { active.append(Int32(cursors.count - 1)) }
        }
    }

    public mutating func next() -> Reminder? {
        while position == ready {
            guard pull() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// Pulls the next step's reminders; false when no stream has any left.
    private mutating func pull() -> Bool {
        buffer.removeFirst(position)
        position = 0
        guard !active.isEmpty || !buffer.isEmpty else { return false }
        let end = nextDay + Self.step
        var earliestLeft = Int.max
        var kept = 0
        for slot in active.indices {
            let c = Int(active[slot])
            while let r = cursors[c].pending.last, Int(r.date) < end {
                buffer.append(r)
                cursors[c].pending.removeLast()
                refill(c)
            }
            if let r = cursors[c].pending.last {
                earliestLeft = Swift.min(earliestLeft, Int(r.date))
                active[kept] = Int32(c)
                kept += 1
            }
        }
        active.removeLast(active.count - kept)
        buffer.sort()
        // Skip empty stretches (years between a series' end and a far deadline) in one step.
        nextDay = Swift.max(end, earliestLeft)
        // A reminder dated on or after `nextDay` lies at or after this instant (offsets ≤ 14 h),
        // so only what precedes it is certainly in order; the rest waits for the next step.
        let bound = active.isEmpty ? Int64.max : Int64(nextDay) * 86_400 - 50_400
        var lo = 0, hi = buffer.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if buffer[mid].instant < bound { lo = mid + 1 } else { hi = mid }
        }
        ready = lo
        return true
    }

    /// Releases reminders until the cursor's next one is certain, or it has no more.
    private mutating func refill(_ c: Int) {
        while !cursors[c].exhausted {
            if cursors[c].lookahead.isEmpty && !advance(c) { break }
            if let next = cursors[c].pending.last, Int(next.date) < cursors[c].lookaheadFirstDate { break }
            // The lookahead can hold the earliest reminder: release it.
            let done = cursors[c].done
            for r in cursors[c].lookahead where r.instant >= start && Int(r.date) < done {
                // Insertion into the short, latest-first pending list.
                var i = cursors[c].pending.count
                cursors[c].pending.append(r)
                while i > 0 && cursors[c].pending[i - 1] < r {
                    cursors[c].pending[i] = cursors[c].pending[i - 1]
                    i -= 1
                }
                cursors[c].pending[i] = r
            }
            if cursors[c].lookaheadFirstDate >= done { cursors[c].exhausted = true }
            cursors[c].lookahead.removeAll(keepingCapacity: true)
            cursors[c].lookaheadFirstDate = Int.max
        }
    }

    /// Computes the next occurrence's reminders into the lookahead; false when there is none.
    private mutating func advance(_ c: Int) -> Bool {
        // Mutated in place: a copy of the iterator would copy its buffer on every step.
        let occurrence = cursors[c].rule != nil ? cursors[c].rule!.next() : cursors[c].once
        cursors[c].once = nil
        guard let occurrence else {
            cursors[c].exhausted = true
            return false
        }
        plan.reminders(of: cursors[c].milestone, occurrence: occurrence, into: &cursors[c].lookahead)
        cursors[c].lookaheadFirstDate = cursors[c].lookahead.reduce(Int.max) { Swift.min($0, Int($1.date)) }
        return true
    }
}
