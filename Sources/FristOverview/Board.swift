public import FristConfig
public import FristCore

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

    public struct ProjectStatus: Sendable {
        public let id: String
        public let name: String
        public let owners: [String]
        /// Every deadline in the board's window, by due date then target.
        public let deadlines: [Deadline]
        /// The project's next reminders, earliest first.
        public let next: [NextReminder]

        /// The first and last due date (day numbers), nil without deadlines.
        public var span: ClosedRange<Int>? {
            guard let first = deadlines.first?.due, let last = deadlines.map(\.due).max() else { return nil }
            return first...last
        }

        public func count(_ state: Deadline.State) -> Int { deadlines.reduce(0) { $0 + ($1.state == state ? 1 : 0) } }
    }

    /// The instant the board describes (seconds since the epoch).
    public let now: Int64
    /// The local date at ``now`` (day number).
    public let today: Int
    public let zone: ZoneRules
    public let language: Language
    /// Display names by person id.
    public let people: [String: String]
    public let projects: [ProjectStatus]
    /// The next reminders of all projects, earliest first.
    public let next: [NextReminder]

    /// How far past today a rule without an end is followed.
    public static let defaultHorizonDays = 400

    /// Builds the board.
    /// - Parameters:
    ///   - horizonDays: repeating deadlines are listed up to this many days after today
    ///     (a rule without an end would never stop); one-off deadlines are always listed.
    ///   - nextLimit: how many upcoming reminders to list, overall and per project.
    public init(config: FristConfig, plan: Plan, acknowledgements: Acknowledgements, now: Int64,
                horizonDays: Int = Board.defaultHorizonDays, nextLimit: Int = 10) {
        let zone = config.schedule.zone
        self.now = now
        self.zone = zone
        self.today = Timestamps.localDay(now, zone: zone)
        self.language = config.language
        self.people = config.people.mapValues(\.name)
        let horizon = today + horizonDays

        var deadlinesByProject = [[Deadline]](repeating: [], count: config.schedule.projects.count)
        for (index, pm) in plan.milestones.enumerated() {
            let project = config.schedule.projects[pm.projectIndex]
            let m = pm.milestone
            let occurrences: [Int]
            let repeating: Bool
            switch m.schedule {
            case .once(let day):
                occurrences = [day]
                repeating = false
            case .repeating(let recurrence):
                occurrences = plan.occurrences(ofMilestone: index, from: recurrence.start,
                                               through: min(recurrence.until ?? horizon, horizon))
                repeating = true
            }
            for occurrence in occurrences {
                let due = plan.dueDay(ofMilestone: index, occurrence: occurrence)
                // `done:` in the config ends a series: later occurrences are not deadlines any more.
                if repeating, let done = m.done, due >= done { continue }
                let deadline = m.timeOfDay.map { zone.instant(day: due, secondsOfDay: $0.secondsOfDay) }
                    ?? zone.instant(day: due + 1, secondsOfDay: 0)
                var doneOn = acknowledgements.doneOn(keyPrefix: pm.keyPrefix, occurrence: occurrence)
                // A `done:` date still ahead (written in advance) is not done yet.
                if let configDone = m.done, configDone <= today { doneOn = min(doneOn ?? .max, configDone) }
                let state: Deadline.State = doneOn != nil ? .done : (now >= deadline ? .overdue : .open)
                deadlinesByProject[pm.projectIndex].append(Deadline(
                    milestoneIndex: index, projectID: project.id, milestoneID: m.id, title: m.title,
                    target: pm.keyPrefix + "@" + LocalDate(dayNumber: occurrence).description,
                    occurrence: occurrence, due: due, timeOfDay: m.timeOfDay, deadline: deadline,
                    state: state, doneOn: doneOn, owners: pm.recipients, repeating: repeating))
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
            ProjectStatus(id: project.id, name: project.name, owners: project.owner,
                          deadlines: deadlinesByProject[i].sorted { ($0.due, $0.target) < ($1.due, $1.target) },
                          next: nextByProject[i])
        }
    }

    /// A person's display name, or the id when the config gives none.
    public func name(of person: String) -> String { people[person] ?? person }

    /// Every deadline of every project.
    public var deadlines: [Deadline] { projects.flatMap(\.deadlines) }
}
