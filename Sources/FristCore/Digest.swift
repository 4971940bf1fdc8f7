/// A digest (`digests:` in the config): one message on a schedule — "Ugens frister" every
/// Monday at 08:00 — listing what falls due within the next days and what is overdue, instead
/// of one reminder per deadline.
public struct Digest: Sendable {
    /// `[a-z0-9-]+`, unique among digests; names the keys `digest/<id>@YYYY-MM-DD#digest`.
    public let id: String
    /// The subject's first words ("Ugens frister").
    public let title: String
    /// Its dates: a weekly rule from `every:`, or the admin's own `repeat:` rule.
    public let recurrence: Recurrence
    /// The local time it goes out; nil means the config's `send_time`.
    public let time: LocalTime?
    /// How far ahead it looks: deadlines due from its date through `days - 1` days later.
    public let days: Int
    /// Person ids: it covers the deadlines they own or that escalate to them, and goes to them.
    /// Empty: everybody's deadlines.
    public let people: [String]
    /// Channel names it goes out on.
    public let channels: [String]
    /// Project ids it is limited to; empty: all projects.
    public let projects: [String]

    /// A digest as the config describes it (validated by the config loader).
    public init(id: String, title: String, recurrence: Recurrence, time: LocalTime?, days: Int, people: [String],
                channels: [String], projects: [String]) {
        self.id = id
        self.title = title
        self.recurrence = recurrence
        self.time = time
        self.days = days
        self.people = people
        self.channels = channels
        self.projects = projects
    }

    /// The first part of every digest key. A project may not take this id: its keys would
    /// look like a digest's.
    public static let namespace = "digest"

    /// Every week on `weekdays` (`every: [monday, thursday]`), with no start or end.
    public static func weekly(on weekdays: Set<Weekday>) -> Recurrence {
        var rule = RecurrenceRule(frequency: .weekly)
        rule.byDay = weekdays.sorted().map { RecurrenceRule.WeekdayNumber(ordinal: nil, weekday: $0) }
        // Any Monday will do as the anchor: a weekly rule repeats every week from there.
        return Recurrence(rule: rule, start: LocalDate.dayNumber(year: 1970, month: 1, day: 5))
    }

    /// Whether a milestone's deadlines belong in this digest: one of its projects (if it names
    /// any), owned by or escalated to one of its people (if it names any).
    public func covers(_ milestone: Plan.PlannedMilestone, projectID: String) -> Bool {
        if !projects.isEmpty && !projects.contains(projectID) { return false }
        if people.isEmpty { return true }
        let escalation = milestone.policy.escalate?.to ?? []
        return people.contains { milestone.recipients.contains($0) || escalation.contains($0) }
    }
}

/// When the digests go out: each date of a digest's rule at its time in the zone (the
/// reminders' DST rule applies), a date on a closed day moved to the next working day.
///
/// Pure, like ``Plan``: it takes dates and instants, never the clock.
public struct DigestPlan: Sendable {
    /// One digest going out.
    public struct Occurrence: Sendable, Hashable {
        /// Index in ``DigestPlan/digests``.
        public let digest: Int
        /// `digest/<id>@YYYY-MM-DD#digest`, named by the rule's date: the idempotency key.
        public let key: String
        /// The rule's date (day number): names the occurrence, as a milestone's original date does.
        public let occurrence: Int
        /// The local date it goes out (day number): the rule's date, or the next working day.
        public let date: Int
        /// Seconds since the epoch.
        public let instant: Int64
        /// The zone's UTC offset at ``instant``, in seconds.
        public let utcOffset: Int
    }

    /// What every digest key starts with.
    public static let keyPrefix = Digest.namespace + "/"

    public let digests: [Digest]
    private let zone: ZoneRules
    private let calendar: WorkingCalendar
    private let sendTime: LocalTime

    /// Plans `digests` in the schedule's zone and working calendar, at its `send_time` unless
    /// a digest has its own time.
    public init(_ digests: [Digest], schedule: Schedule) {
        self.digests = digests
        zone = schedule.zone
        calendar = schedule.calendar
        sendTime = schedule.sendTime
    }

    /// The occurrences whose local date is in `from..<to` (day numbers), ordered by instant, then key.
    public func occurrences(from: Int, to: Int) -> [Occurrence] {
        var found: [Occurrence] = []
        for i in digests.indices {
            walk(i, fromDate: from) { o in
                guard o.date < to else { return false }
                found.append(o)
                return true
            }
        }
        return found.sorted { ($0.instant, $0.key) < ($1.instant, $1.key) }
    }

    /// The occurrences at instants in `after...through` excluding `after`, ordered by instant, then key.
    public func occurrences(after: Int64, through: Int64) -> [Occurrence] {
        guard after < through else { return [] }
        // A day either side: an instant's local date and the date it was resolved from can differ.
        return occurrences(from: Timestamps.localDay(after, zone: zone) - 1, to: Timestamps.localDay(through, zone: zone) + 2)
            .filter { $0.instant > after && $0.instant <= through }
    }

    /// The first occurrence after `instant` (the earliest instant, then key), if any digest has one.
    public func next(after instant: Int64) -> Occurrence? {
        var best: Occurrence?
        for i in digests.indices {
            walk(i, fromDate: Timestamps.localDay(instant, zone: zone) - 1) { o in
                guard o.instant > instant else { return true }
                if best.map({ (o.instant, o.key) < ($0.instant, $0.key) }) ?? true { best = o }
                return false
            }
        }
        return best
    }

    /// The occurrence a key names, if the config still has it: the outbox stores keys, and the
    /// message is built from the occurrence at send time.
    public func occurrence(forKey key: String) -> Occurrence? {
        guard let key = ReminderKey(key), key.prefix.hasPrefix(Self.keyPrefix),
              key.suffix == ReminderKind.digest.keySuffix else { return nil }
        let id = key.prefix.dropFirst(Self.keyPrefix.count)
        guard let index = digests.firstIndex(where: { $0.id == id }) else { return nil }
        let day = key.occurrence.dayNumber
        var found: Occurrence?
        walk(index, fromDate: day) { o in
            if o.occurrence == day { found = o }
            return o.occurrence < day
        }
        return found
    }

    /// Calls `body` with digest `index`'s occurrences going out on or after `fromDate`, in
    /// order, until it returns false. Two dates moved onto the same working day go out once,
    /// as the later one: a digest never arrives twice in a day.
    private func walk(_ index: Int, fromDate: Int, _ body: (Occurrence) -> Bool) {
        let digest = digests[index]
        let secondsOfDay = (digest.time ?? sendTime).secondsOfDay
        func make(_ occurrence: Int) -> Occurrence {
            let date = calendar.workingDay(onOrAfter: occurrence)
            let (instant, offset) = zone.resolve(day: date, secondsOfDay: secondsOfDay)
            return Occurrence(digest: index, key: ReminderKey.text(prefix: Self.keyPrefix + digest.id,
                                                                   occurrence: LocalDate(dayNumber: occurrence),
                                                                   suffix: ReminderKind.digest.keySuffix),
                              occurrence: occurrence, date: date, instant: instant, utcOffset: offset)
        }
        // A date moves forward by at most the longest run of closed days.
        var dates = digest.recurrence.occurrences(startingAt: fromDate - calendar.longestClosedRun)
        var pending: Occurrence?
        while let day = dates.next() {
            let current = make(day)
            if let p = pending, p.date != current.date, p.date >= fromDate, !body(p) { return }
            pending = current
        }
        if let p = pending, p.date >= fromDate { _ = body(p) }
    }
}

extension DigestPlan.Occurrence {
    /// Whether this digest goes out before `reminder` in the order `frist upcoming` lists
    /// them: by instant, then key (byte order).
    public func precedes(_ reminder: Reminder, in plan: Plan) -> Bool {
        instant != reminder.instant ? instant < reminder.instant
            : key.utf8.lexicographicallyPrecedes(plan.key(of: reminder).utf8)
    }
}
