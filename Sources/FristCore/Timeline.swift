extension Plan {
    /// The reminders at or after `instant`, in time order (then key), produced lazily: the
    /// daemon asks for the next few without planning years, and a walk over years holds only
    /// the next few weeks of reminders at a time.
    public func timeline(startingAt instant: Int64) -> Timeline { Timeline(plan: self, start: instant) }

    /// Day number after which timelines stop (the end of year 9999).
    public static let timelineEnd = LocalDate.dayNumber(year: 9999, month: 12, day: 31)
}

/// The milestones' occurrences merged into one time-ordered stream, a week at a time.
///
/// Each milestone is a cursor over its occurrences, in order, knowing the earliest reminder
/// date of its next occurrence. A step expands every occurrence whose earliest reminder falls
/// before the step's end and sorts what it got with what is still waiting. Everything before
/// the earliest date any cursor can still produce is final and handed out. That is sound
/// because an occurrence's earliest reminder date never decreases as occurrences advance.
public struct Timeline: Sequence, IteratorProtocol, Sendable {
    private let plan: Plan
    private let start: Int64
    private var cursors: [Cursor] = []
    /// Reminders produced and sorted; `position..<ready` may be handed out, the rest wait.
    private var buffer: [Reminder] = []
    private var position = 0
    private var ready = 0
    /// First local date not yet expanded.
    private var nextDay: Int

    /// Days expanded per step.
    static let step = 7

    private struct Cursor: Sendable {
        let milestone: Int
        let done: Int
        /// The one-off occurrence not yet taken, or the rule's occurrences.
        var once: Int?
        var rule: Recurrence.Occurrences?
        /// The next occurrence and the earliest date of its reminders.
        var next: Int?
        var nextEarliest = Int.max
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
            Self.advance(&cursor, plan: plan)
            if cursor.next != nil { cursors.append(cursor) }
        }
    }

    public mutating func next() -> Reminder? {
        while position == ready {
            guard expand() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// Expands the next step; false when nothing is left anywhere.
    private mutating func expand() -> Bool {
        // Drop what was handed out once it is most of the buffer (amortised, not every step).
        if position > buffer.count / 2 {
            buffer.removeFirst(position)
            ready -= position
            position = 0
        }
        guard frontier() != Int.max || position < buffer.count else { return false }
        // Nothing waiting and nothing due soon: jump over the empty stretch.
        if position == buffer.count {
            nextDay = Swift.max(nextDay, frontier())
        }
        let end = nextDay + Self.step
        // Cursors are updated in place (a copy would copy their iterators' buffers).
        var produced = buffer
        buffer = []
        let plan = self.plan
        for i in cursors.indices {
            Self.expand(&cursors[i], before: end, plan: plan, start: start, into: &produced)
        }
        buffer = produced
        // Finished cursors are skipped (their earliest date is Int.max); drop them once they are
        // most of the array rather than shifting the array every step.
        var finished = 0
        for i in cursors.indices where cursors[i].next == nil { finished += 1 }
        if finished > cursors.count / 2 { cursors.removeAll { $0.next == nil } }
        let frontier = frontier()
        nextDay = end
        // Mostly sorted already (what waited is sorted; each occurrence adds a short run).
        buffer[position...].sort()
        // A reminder dated on or after the frontier lies at or after this instant (offsets ≤ 14 h).
        let bound = frontier == Int.max ? Int64.max : Int64(frontier) * 86_400 - 50_400
        var lo = position, hi = buffer.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if buffer[mid].instant < bound { lo = mid + 1 } else { hi = mid }
        }
        ready = lo
        return true
    }

    /// The earliest date any cursor can still produce a reminder for.
    private func frontier() -> Int {
        var earliest = Int.max
        for i in cursors.indices { earliest = Swift.min(earliest, cursors[i].nextEarliest) }
        return earliest
    }

    /// Appends the reminders of a cursor's occurrences that start before `end`.
    private static func expand(_ c: inout Cursor, before end: Int, plan: Plan, start: Int64,
                               into buffer: inout [Reminder]) {
        while let occurrence = c.next, c.nextEarliest < end {
            let from = buffer.count
            plan.reminders(of: c.milestone, occurrence: occurrence, into: &buffer)
            // Drop what lies before the start or on/after the done date, in place.
            var w = from
            for r in from..<buffer.count where buffer[r].instant >= start && Int(buffer[r].date) < c.done {
                buffer[w] = buffer[r]
                w += 1
            }
            buffer.removeLast(buffer.count - w)
            advance(&c, plan: plan)
        }
    }

    /// Moves a cursor to its next occurrence that can still produce a reminder.
    private static func advance(_ c: inout Cursor, plan: Plan) {
        let occurrence = c.rule != nil ? c.rule!.next() : c.once
        c.once = nil
        guard let occurrence else {
            c.next = nil
            c.nextEarliest = Int.max
            return
        }
        let earliest = plan.earliestReminderDate(of: c.milestone, occurrence: occurrence)
        // Every later occurrence starts on or after this date, so a done milestone ends here.
        guard earliest < c.done else {
            c.next = nil
            c.nextEarliest = Int.max
            return
        }
        c.next = occurrence
        c.nextEarliest = earliest
    }
}
