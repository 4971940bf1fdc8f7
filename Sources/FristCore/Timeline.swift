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
/// before the step's end, dropping each reminder into the bucket of its UTC day. A bucket is
/// final once every cursor's next reminder lies after it; final buckets are sorted (each
/// reminder once) and handed out. That is sound because an occurrence's earliest reminder date
/// never decreases as occurrences advance.
public struct Timeline: Sequence, IteratorProtocol, Sendable {
    private let plan: Plan
    private let start: Int64
    private var cursors: [Cursor] = []
    /// Final reminders in order; those from `position` on are still to be handed out.
    private var buffer: [Reminder] = []
    private var position = 0
    /// Reminders produced but not yet final, by UTC day of their instant; `bucketDays` ascending.
    private var buckets: [Int: [Reminder]] = [:]
    private var bucketDays: [Int] = []
    private var scratch: [Reminder] = []
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
        while position == buffer.count {
            guard expand() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// Expands steps until some reminders are final; false when nothing is left anywhere.
    private mutating func expand() -> Bool {
        buffer.removeAll(keepingCapacity: true)
        position = 0
        while buffer.isEmpty {
            var frontier = frontier()
            guard frontier != Int.max || !bucketDays.isEmpty else { return false }
            if frontier != Int.max {
                // Nothing waiting and nothing due soon: jump over the empty stretch.
                if bucketDays.isEmpty { nextDay = Swift.max(nextDay, frontier) }
                let end = nextDay + Self.step
                // Cursors are updated in place (a copy would copy their iterators' buffers).
                let plan = self.plan
                var produced = scratch
                scratch = []
                for i in cursors.indices {
                    Self.expand(&cursors[i], before: end, plan: plan, start: start, into: &produced)
                    if produced.count > 4096 { file(&produced) }
                }
                file(&produced)
                scratch = produced
                var finished = 0
                for i in cursors.indices where cursors[i].next == nil { finished += 1 }
                if finished > cursors.count / 2 { cursors.removeAll { $0.next == nil } }
                nextDay = end
                frontier = self.frontier()
            }
            // A reminder dated on or after the frontier lies at or after its UTC midnight minus
            // 14 h, so UTC days before `frontier - 1` can receive nothing more.
            let limit = frontier == Int.max ? Int.max : frontier - 1
            var taken = 0
            while taken < bucketDays.count && bucketDays[taken] < limit {
                var day = buckets.removeValue(forKey: bucketDays[taken])!
                day.sort()
                buffer += day
                taken += 1
            }
            bucketDays.removeFirst(taken)
        }
        return true
    }

    /// Moves produced reminders into their UTC-day buckets.
    private mutating func file(_ produced: inout [Reminder]) {
        for r in produced {
            let day = Int(floorDiv64(r.instant, 86_400))
            if buckets[day, default: []].isEmpty {
                var lo = 0, hi = bucketDays.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if bucketDays[mid] < day { lo = mid + 1 } else { hi = mid }
                }
                bucketDays.insert(day, at: lo)
            }
            buckets[day, default: []].append(r)
        }
        produced.removeAll(keepingCapacity: true)
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
