// FristBoard: the one snapshot of where deadlines stand. A seam, not a layer of its own: the
// renderings (the overview page and the calendar feed in FristOverview, `/status.json` in
// FristHTTP) and the digests (FristDelivery) all read it, so none of them depends on another.

public import FristConfig
public import FristCore
public import FristText

/// Where every deadline stands at one instant: per project its occurrences (done, overdue or
/// open) and the reminders that come next. The overview page, `/status.json` and the
/// calendar feed are all renderings of one board, so they never disagree.
///
/// Pure: built from the config, the plan, the acknowledgements and an instant.
public struct Board: Sendable {
    /// One occurrence of a milestone: a deadline.
    public struct Deadline: Sendable {
        public enum State: String, Sendable, CaseIterable {
            /// Done (`done:` in the config, or `frist ack`).
            case done
            /// Its deadline has passed and it is not done.
            case overdue
            /// Still ahead.
            case open
        }

        /// Index of the milestone in ``Plan/milestones``.
        public let milestoneIndex: Int
        public let projectID: String
        public let milestoneID: String
        public let title: String
        /// `project/milestone@YYYY-MM-DD`: what `frist ack` takes; every reminder key of this
        /// occurrence starts with it.
        public let target: String
        /// The original date (day number): names the occurrence.
        public let occurrence: Int
        /// The due date after `shift` (day number).
        public let due: Int
        /// Time of day of a date-time deadline; nil for a date-only one.
        public let timeOfDay: LocalTime?
        /// The instant it becomes overdue: a date-time deadline's own instant, else the start
        /// of the day after the due date (local).
        public let deadline: Int64
        public let state: State
        /// The day it was done, when ``state`` is ``State/done``.
        public let doneOn: Int?
        /// The note given with `frist ack --note`, when done by such an acknowledgement.
        public let note: String?
        /// Person ids (the owner).
        public let owners: [String]
        /// Whether it is one of a series (a `repeat` rule).
        public let repeating: Bool
    }

    /// A reminder still to be sent.
    public struct NextReminder: Sendable {
        /// The idempotency key.
        public let key: String
        public let reminder: Reminder
        public let projectID: String
        public let title: String
        public let recipients: [String]
        public let channels: [String]
    }

    /// The dates a project's deadlines run over: every occurrence of its series, also those
    /// after the horizon that the board does not list.
    public struct Period: Sendable, Equatable {
        /// The first due date (day number).
        public let first: Int
        /// The last due date (day number); nil when a series has no end.
        public let last: Int?
    }

    /// The deadlines after the horizon a project leaves out.
    public struct NotShown: Sendable, Equatable {
        /// How many there are, as far as counted.
        public internal(set) var count = 0
        /// Whether there are more than ``count``: a series without end, or one with more than
        /// ``Board/countLimit`` occurrences after the horizon.
        public internal(set) var uncounted = false
        /// The instant the earliest of them becomes overdue.
        public internal(set) var firstDeadline: Int64?

        public var isEmpty: Bool { count == 0 && !uncounted }
    }

    /// How urgent a project is; projects are listed most urgent first.
    ///
    /// The most overdue project comes first: the one whose earliest overdue deadline (not done)
    /// became overdue earliest. Projects with nothing overdue follow, the one whose nearest open
    /// deadline comes soonest first (a deadline after the horizon counts too); then those with
    /// nothing open or overdue. Ties go by the next key, then by name and id.
    public struct Urgency: Sendable, Comparable {
        /// When the earliest overdue deadline became overdue; nil without one.
        public let firstOverdue: Int64?
        /// When the nearest open deadline becomes overdue; nil without one.
        public let nextOpen: Int64?

        public static func < (a: Urgency, b: Urgency) -> Bool {
            // nil (nothing of the kind) sorts last.
            let max = Int64.max
            return (a.firstOverdue ?? max, a.nextOpen ?? max) < (b.firstOverdue ?? max, b.nextOpen ?? max)
        }
    }

    public struct ProjectStatus: Sendable {
        public let id: String
        public let name: String
        public let owners: [String]
        /// Every deadline the board lists, by due date then target.
        public let deadlines: [Deadline]
        /// The project's next reminders, earliest first.
        public let next: [NextReminder]
        /// Over every occurrence, listed or not; nil without deadlines.
        public let period: Period?
        /// What lies after the horizon and is not listed.
        public let notShown: NotShown
        public let urgency: Urgency

        init(id: String, name: String, owners: [String], deadlines: [Deadline], next: [NextReminder],
             period: Period?, notShown: NotShown) {
            self.id = id
            self.name = name
            self.owners = owners
            self.deadlines = deadlines
            self.next = next
            self.period = period
            self.notShown = notShown
            urgency = Urgency(firstOverdue: deadlines.lazy.filter { $0.state == .overdue }.map(\.deadline).min(),
                              nextOpen: deadlines.lazy.filter { $0.state == .open }.map(\.deadline).min()
                                  ?? notShown.firstDeadline)
        }

        public func count(_ state: Deadline.State) -> Int { deadlines.reduce(0) { $0 + ($1.state == state ? 1 : 0) } }
    }

    /// The instant the board describes (seconds since the epoch).
    public let now: Int64
    /// The local date at ``now`` (day number).
    public let today: Int
    /// The last day series are followed to (day number), unless listed whole.
    public let horizon: Int
    public let zone: ZoneRules
    public let language: Language
    /// Display names by person id.
    public let people: [String: String]
    /// Most urgent first (see ``Urgency``).
    public let projects: [ProjectStatus]
    /// The next reminders of all projects, earliest first.
    public let next: [NextReminder]

    /// How far past today a series is followed when it is not listed whole.
    public static let defaultHorizonDays = 400

    /// How many occurrences of one series after the horizon are counted at most: past it, a
    /// series is "more" (nobody reads "2 917 deadlines" closer than that), and a daily rule
    /// running to 9999 costs a page no more than a short one.
    public static let countLimit = 1_000

    /// How many deadlines one project lists at most, by default: the rows the overview page's
    /// table shows per project (a project with thousands of deadlines would make a page of
    /// hundreds of megabytes). The calendar feed and `/status.json` have them all.
    public static let defaultListLimit = 250

    /// What all projects list at most together, shared among them: a config of a thousand
    /// projects gets a few rows each, not a page of hundreds of megabytes.
    public static let totalListLimit = 5_000

    /// How many deadlines one project lists among `projects` projects: a bounded series is
    /// listed whole only when it fits in them.
    public static func listLimit(projects: Int, perProject: Int = defaultListLimit) -> Int {
        max(1, min(perProject, totalListLimit / max(1, projects)))
    }

    /// Builds the board.
    /// - Parameters:
    ///   - horizonDays: series are listed up to this many days after today (a rule without an
    ///     end would never stop); one-off deadlines are always listed.
    ///   - nextLimit: how many upcoming reminders to list, overall and per project.
    ///   - listLimit: how many deadlines a project may list with the occurrences of its bounded
    ///     series after the horizon: each such series (in config order) is listed whole when the
    ///     project's deadlines then stay within it, else its later occurrences are counted in
    ///     ``ProjectStatus/notShown``. Default: ``listLimit(projects:perProject:)``, the rows the
    ///     overview page shows per project.
    public init(config: FristConfig, plan: Plan, acknowledgements: Acknowledgements, now: Int64,
                horizonDays: Int = Board.defaultHorizonDays, nextLimit: Int = 10, listLimit: Int? = nil) {
        let zone = config.schedule.zone
        self.now = now
        self.zone = zone
        self.today = Timestamps.localDay(now, zone: zone)
        self.language = config.language
        self.people = config.people.mapValues(\.name)
        let horizon = today + horizonDays
        self.horizon = horizon
        let listLimit = listLimit ?? Board.listLimit(projects: config.schedule.projects.count)
        let deadlines = DeadlineMaker(config: config, plan: plan, acknowledgements: acknowledgements,
                                      now: now, today: today)

        var byProject = [ProjectDeadlines](repeating: ProjectDeadlines(), count: config.schedule.projects.count)
        for (index, pm) in plan.milestones.enumerated() {
            switch pm.milestone.schedule {
            case .once(let day):
                byProject[pm.projectIndex].listed += deadlines.make(index, day).map { [$0] } ?? []
            case .repeating(let recurrence):
                byProject[pm.projectIndex].listed += plan.occurrences(
                    ofMilestone: index, from: recurrence.start, through: min(recurrence.until ?? horizon, horizon)
                ).compactMap { deadlines.make(index, $0) }
                let tail = SeriesTail(plan: plan, milestone: index, recurrence: recurrence, after: horizon, keep: listLimit)
                if !tail.isEmpty { byProject[pm.projectIndex].tails.append(tail) }
            }
        }

        // The next reminders: walk the timeline until every project has its share, or a year.
        var nextByProject = [[NextReminder]](repeating: [], count: config.schedule.projects.count)
        var next: [NextReminder] = []
        var missing = config.schedule.projects.count
        let stopAt = now + Int64(horizonDays) * 86_400
        // Strictly after now: a reminder due this very second is being sent, not ahead.
        var timeline = plan.timeline(startingAt: now + 1)
        while nextLimit > 0, let r = timeline.next() {
            if r.instant > stopAt || (missing == 0 && next.count >= nextLimit) { break }
            if acknowledgements.covers(r, in: plan) { continue }
            let pm = plan.milestone(of: r)
            let item = NextReminder(key: plan.key(of: r), reminder: r,
                                    projectID: config.schedule.projects[pm.projectIndex].id,
                                    title: pm.milestone.title, recipients: plan.recipients(of: r),
                                    channels: plan.channels(of: r))
            if next.count < nextLimit { next.append(item) }
            if nextByProject[pm.projectIndex].count < nextLimit {
                nextByProject[pm.projectIndex].append(item)
                if nextByProject[pm.projectIndex].count == nextLimit { missing -= 1 }
            }
        }
        self.next = next
        self.projects = config.schedule.projects.enumerated().map { i, project in
            byProject[i].status(of: project, next: nextByProject[i], listLimit: listLimit, deadlines: deadlines)
        }.sorted { ($0.urgency, $0.name, $0.id) < ($1.urgency, $1.name, $1.id) }
    }

    /// A person's display name, or the id when the config gives none.
    public func name(of person: String) -> String { people[person] ?? person }

    /// Every deadline of every project.
    public var deadlines: [Deadline] { projects.flatMap(\.deadlines) }
}

/// Makes the deadline of an occurrence, in its state at the board's instant.
private struct DeadlineMaker {
    let config: FristConfig
    let plan: Plan
    let acknowledgements: Acknowledgements
    let now: Int64
    let today: Int

    /// The deadline, or nil for an occurrence after a series' `done:` date (which ends it).
    func make(_ index: Int, _ occurrence: Int) -> Board.Deadline? {
        let pm = plan.milestones[index]
        let m = pm.milestone
        let repeating = if case .repeating = m.schedule { true } else { false }
        let due = plan.dueDay(ofMilestone: index, occurrence: occurrence)
        if repeating, let done = m.done, due >= done { return nil }
        let deadline = overdueAt(index, due: due)
        var doneOn = acknowledgements.doneOn(keyPrefix: pm.keyPrefix, occurrence: occurrence)
        let note = doneOn == nil ? nil : acknowledgements.note(keyPrefix: pm.keyPrefix, occurrence: occurrence)
        // A `done:` date still ahead (written in advance) is not done yet.
        if let configDone = m.done, configDone <= today { doneOn = min(doneOn ?? .max, configDone) }
        let state: Board.Deadline.State = doneOn != nil ? .done : (now >= deadline ? .overdue : .open)
        return Board.Deadline(
            milestoneIndex: index, projectID: config.schedule.projects[pm.projectIndex].id, milestoneID: m.id,
            title: m.title, target: pm.keyPrefix + "@" + LocalDate(dayNumber: occurrence).description,
            occurrence: occurrence, due: due, timeOfDay: m.timeOfDay, deadline: deadline, state: state,
            doneOn: doneOn, note: note, owners: pm.recipients, repeating: repeating)
    }

    /// When a deadline of milestone `index` due on `due` becomes overdue: a date-time
    /// deadline's own instant, else the start of the day after (local).
    func overdueAt(_ index: Int, due: Int) -> Int64 {
        let zone = config.schedule.zone
        return plan.milestones[index].milestone.timeOfDay.map { zone.instant(day: due, secondsOfDay: $0.secondsOfDay) }
            ?? zone.instant(day: due + 1, secondsOfDay: 0)
    }
}

/// The occurrences of a series after the horizon: to list whole when there is room, else to
/// count. A series without end (no `until`, COUNT or `done:`) is never expanded: only its first
/// occurrence after the horizon is looked at.
private struct SeriesTail {
    let milestone: Int
    /// How many occurrences there are (at most ``Board/countLimit``).
    private(set) var count = 0
    /// Their original dates, ascending: kept only while they could still be listed.
    private(set) var occurrences: [Int] = []
    /// Whether it goes on past ``count`` (no end, or more than ``Board/countLimit``).
    private(set) var uncounted = false
    /// The first due date after the horizon.
    let firstDue: Int?
    /// The series' last due date, nil when it cannot be told.
    let lastDue: Int?

    /// - Parameter keep: the most occurrences it could be listed with.
    init(plan: Plan, milestone index: Int, recurrence: Recurrence, after horizon: Int, keep: Int) {
        milestone = index
        let done = plan.milestones[index].milestone.done
        let endless = recurrence.until == nil && recurrence.rule.count == nil && done == nil
        var it = recurrence.occurrences(startingAt: horizon + 1)
        var first: Int?, last: Int?
        while let occurrence = it.next() {
            // `done:` ends the series (due dates never go back). Only then is a day shifted
            // in the loop: counting a long tail stays cheap.
            if let done, plan.dueDay(ofMilestone: index, occurrence: occurrence) >= done { break }
            if first == nil { first = occurrence }
            if endless || count == Board.countLimit {
                uncounted = true
                break
            }
            count += 1
            last = occurrence
            if count <= keep { occurrences.append(occurrence) }
        }
        firstDue = first.map { plan.dueDay(ofMilestone: index, occurrence: $0) }
        // Past the count, the rule's end bounds the period (a COUNT rule's is not known).
        lastDue = (uncounted ? (endless ? nil : recurrence.until) : last).map { plan.dueDay(ofMilestone: index, occurrence: $0) }
    }

    var isEmpty: Bool { firstDue == nil }

    /// Whether every occurrence is at hand, to list.
    var listable: Bool { !uncounted && occurrences.count == count }
}

/// One project's deadlines while the board is built: those up to the horizon, and the tails of
/// its series after it.
private struct ProjectDeadlines {
    var listed: [Board.Deadline] = []
    var tails: [SeriesTail] = []

    /// The project's status: each bounded tail listed whole while the deadlines stay within
    /// `listLimit`, the others counted as not shown.
    func status(of project: Project, next: [Board.NextReminder], listLimit: Int,
                deadlines maker: DeadlineMaker) -> Board.ProjectStatus {
        var deadlines = listed
        var notShown = Board.NotShown()
        var first = listed.map(\.due).min()
        var last = listed.map(\.due).max()
        var endless = false
        for tail in tails {
            first = min(first ?? .max, tail.firstDue ?? .max)
            if let due = tail.lastDue { last = max(last ?? .min, due) } else { endless = true }
            if tail.listable && deadlines.count + tail.count <= listLimit {
                deadlines += tail.occurrences.compactMap { maker.make(tail.milestone, $0) }
                continue
            }
            notShown.count += tail.count
            notShown.uncounted = notShown.uncounted || tail.uncounted
            if let due = tail.firstDue {
                notShown.firstDeadline = min(notShown.firstDeadline ?? .max, maker.overdueAt(tail.milestone, due: due))
            }
        }
        deadlines.sort { ($0.due, $0.target) < ($1.due, $1.target) }
        return Board.ProjectStatus(
            id: project.id, name: project.name, owners: project.owner, deadlines: deadlines, next: next,
            period: first.map { Board.Period(first: $0, last: endless ? nil : last) }, notShown: notShown)
    }
}
