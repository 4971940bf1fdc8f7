/// Nagging after a missed deadline: every `everyDays`, `times` times.
public struct OverduePolicy: Sendable, Hashable {
    public var everyDays: Int
    public var times: Int
    public init(everyDays: Int, times: Int) {
        self.everyDays = everyDays
        self.times = times
    }
}

/// One reminder to other people (`to`, person ids) when a deadline is `afterDays` past.
public struct EscalationPolicy: Sendable, Hashable {
    public var afterDays: Int
    public var to: [String]
    public init(afterDays: Int, to: [String]) {
        self.afterDays = afterDays
        self.to = to
    }
}

/// The reminder policy in force for one milestone, after resolution.
public struct ReminderPolicy: Sendable, Hashable {
    public var before: [LeadTime]
    public var onDue: Bool
    public var overdue: OverduePolicy?
    public var escalate: EscalationPolicy?

    public init(before: [LeadTime], onDue: Bool, overdue: OverduePolicy?, escalate: EscalationPolicy?) {
        self.before = before
        self.onDue = onDue
        self.overdue = overdue
        self.escalate = escalate
    }

    /// What applies when a config says nothing: two and a half weeks' and three days' notice,
    /// the day itself, then weekly nags for a month. No escalation: it needs someone to go to.
    public static let builtIn = ReminderPolicy(
        before: [.calendarDays(14), .calendarDays(3)], onDue: true,
        overdue: OverduePolicy(everyDays: 7, times: 4), escalate: nil)
}

/// One level's policy settings (defaults, project or milestone). Each key is either left
/// to the level above (`nil`) or set, where "set to off" (`null`, `[]`, `false`) counts as set.
public struct PolicyOverrides: Sendable, Hashable {
    /// A key set at this level: a value, or off.
    public enum Setting<Value: Sendable & Hashable>: Sendable, Hashable {
        case off
        case value(Value)

        var resolved: Value? {
            if case .value(let v) = self { return v }
            return nil
        }
    }

    public var before: [LeadTime]?
    public var onDue: Bool?
    public var overdue: Setting<OverduePolicy>?
    public var escalate: Setting<EscalationPolicy>?

    public init(before: [LeadTime]? = nil, onDue: Bool? = nil,
                overdue: Setting<OverduePolicy>? = nil, escalate: Setting<EscalationPolicy>? = nil) {
        self.before = before
        self.onDue = onDue
        self.overdue = overdue
        self.escalate = escalate
    }

    /// Resolves key by key: the first level (most specific first) that sets a key wins;
    /// a list replaces, never merges.
    public static func resolve(_ levels: [PolicyOverrides], fallback: ReminderPolicy = .builtIn) -> ReminderPolicy {
        var policy = fallback
        if let v = levels.lazy.compactMap(\.before).first { policy.before = v }
        if let v = levels.lazy.compactMap(\.onDue).first { policy.onDue = v }
        if let v = levels.lazy.compactMap(\.overdue).first { policy.overdue = v.resolved }
        if let v = levels.lazy.compactMap(\.escalate).first { policy.escalate = v.resolved }
        return policy
    }
}
