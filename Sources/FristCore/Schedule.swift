/// When a milestone is due: once, or on every occurrence of a rule.
public enum DueSchedule: Sendable {
    /// One deadline, as a day number.
    case once(Int)
    /// A deadline on each occurrence.
    case repeating(Recurrence)
}

/// A deadline or a series of deadlines within a project.
public struct Milestone: Sendable {
    public var id: String
    public var title: String
    public var schedule: DueSchedule
    /// Time of day of a date-time deadline; `nil` for a date-only one (reminders use `send_time`).
    public var timeOfDay: LocalTime?
    /// Day number from which the milestone counts as done.
    public var done: Int?
    public var shift: Shift?
    public var owner: [String]?
    public var notify: [String]?
    public var policy: PolicyOverrides

    public init(id: String, title: String, schedule: DueSchedule, timeOfDay: LocalTime? = nil,
                done: Int? = nil, shift: Shift? = nil, owner: [String]? = nil,
                notify: [String]? = nil, policy: PolicyOverrides = PolicyOverrides()) {
        self.id = id
        self.title = title
        self.schedule = schedule
        self.timeOfDay = timeOfDay
        self.done = done
        self.shift = shift
        self.owner = owner
        self.notify = notify
        self.policy = policy
    }
}

/// A project: its owner, where its reminders go, its policy, its milestones.
public struct Project: Sendable {
    public var id: String
    public var name: String
    public var owner: [String]
    public var notify: [String]?
    public var shift: Shift?
    public var policy: PolicyOverrides
    public var milestones: [Milestone]

    public init(id: String, name: String, owner: [String] = [], notify: [String]? = nil,
                shift: Shift? = nil, policy: PolicyOverrides = PolicyOverrides(),
                milestones: [Milestone] = []) {
        self.id = id
        self.name = name
        self.owner = owner
        self.notify = notify
        self.shift = shift
        self.policy = policy
        self.milestones = milestones
    }
}

/// Everything planning needs: the calendar, the zone, the defaults and the projects.
public struct Schedule: Sendable {
    public var zone: ZoneRules
    public var sendTime: LocalTime
    public var calendar: WorkingCalendar
    public var defaults: PolicyOverrides
    public var defaultShift: Shift
    /// Channels used when neither milestone nor project names any.
    public var defaultNotify: [String]
    public var projects: [Project]

    public init(zone: ZoneRules, sendTime: LocalTime, calendar: WorkingCalendar,
                defaults: PolicyOverrides = PolicyOverrides(), defaultShift: Shift = .before,
                defaultNotify: [String] = ["console"], projects: [Project]) {
        self.zone = zone
        self.sendTime = sendTime
        self.calendar = calendar
        self.defaults = defaults
        self.defaultShift = defaultShift
        self.defaultNotify = defaultNotify
        self.projects = projects
    }
}
