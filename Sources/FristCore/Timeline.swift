extension Plan {
    /// The reminders at or after `instant`, in time order (then key), produced lazily: the
    /// daemon asks for the next few without planning years, and a walk over years holds only
    /// a few reminders per milestone at a time.
    public func timeline(startingAt instant: Int64) -> Timeline { Timeline(plan: self, start: instant) }

    /// Day number after which timelines stop (the end of year 9999).
    public static let timelineEnd = LocalDate.dayNumber(year: 9999, month: 12, day: 31)
}

/// A k-way merge of the milestones' own reminder streams through a binary heap.
///
/// Each milestone yields its occurrences in order; an occurrence's reminders are held back
/// until no later occurrence can have an earlier one. That is safe because the earliest
/// reminder date of an occurrence never decreases as occurrences advance.
public struct Timeline: Sequence, IteratorProtocol, Sendable {
    private let plan: Plan
    private let start: Int64
    private var cursors: [Cursor] = []
    /// A min-heap of each cursor's next reminder, with the cursor it came from.
    private var heap: [(next: Reminder, cursor: Int32)] = []

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
            if let next = cursors[cursors.count - 1].pending.last { heap.append((next, Int32(cursors.count - 1))) }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    public mutating func next() -> Reminder? {
        guard let (r, cursor) = heap.first else { return nil }
        let top = Int(cursor)
        cursors[top].pending.removeLast()
        refill(top)
        if let next = cursors[top].pending.last {
            heap[0].next = next
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
        return r
    }

    /// Releases reminders until the cursor's next one is certain, or it has no more.
    private mutating func refill(_ c: Int) {
        while !cursors[c].exhausted {
            if cursors[c].lookahead.isEmpty && !advance(c) { break }
            if let next = cursors[c].pending.last, Int(next.date) < cursors[c].lookaheadFirstDate { break }
            // The lookahead can hold the earliest reminder: release it.
            let done = cursors[c].done
            var released = false
            for r in cursors[c].lookahead where r.instant >= start && Int(r.date) < done {
                cursors[c].pending.append(r)
                released = true
            }
            if cursors[c].lookaheadFirstDate >= done { cursors[c].exhausted = true }
            cursors[c].lookahead.removeAll(keepingCapacity: true)
            cursors[c].lookaheadFirstDate = Int.max
            if released { cursors[c].pending.sort(by: >) }
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

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l].next < heap[m].next { m = l }
            if r < heap.count && heap[r].next < heap[m].next { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
