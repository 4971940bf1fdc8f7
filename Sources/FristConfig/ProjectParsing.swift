import FristCore

/// What a schedule file may refer to, known once the main file is read.
struct References: Sendable {
    let people: Set<String>
    let channels: Set<String>
}

/// Reads a schedule file: one `project` and its `milestones`.
extension YAMLDocument {
    static let projectKeys = ["id", "name", "owner", "notify", "shift", "templates"] + policyKeys
    static let milestoneKeys = ["id", "title", "due", "repeat", "start", "until", "done", "shift", "owner", "notify"]
        + policyKeys

    /// The project, where its id stands, and its message templates.
    func project(_ refs: References) -> (Project, idNode: Node?, templates: [String: String])? {
        guard let root else { return nil }
        guard let top = mapping(root, allowed: ["project", "milestones"], what: "a schedule file") else { return nil }
        guard let projectNode = top["project"]?.value else {
            error(root, "a schedule file needs 'project:' (and 'milestones:')")
            return nil
        }
        guard let map = mapping(projectNode, allowed: Self.projectKeys, what: "project") else { return nil }
        let idNode = required(map, "id", in: projectNode, what: "project")
        var id = idNode.flatMap { identifier($0, what: "project id", allowUnderscore: false) }
        if id == Digest.namespace {
            error(idNode, "project id '\(Digest.namespace)' is reserved: digest keys start with '\(DigestPlan.keyPrefix)'")
            id = nil
        }
        let name = required(map, "name", in: projectNode, what: "project").flatMap { word($0, what: "project name") }
        let owner = given(map["owner"]).flatMap { personList($0, what: "owner", people: refs.people) } ?? []
        let notify = given(map["notify"]).flatMap { channelList($0, what: "notify", channels: refs.channels) }
        let shift = map["shift"].flatMap { self.shift($0.value) }
        let policy = self.policy(map, people: refs.people)
        let templates = map["templates"].map { self.templates($0.value) } ?? [:]

        var milestones: [Milestone] = []
        var seen: [String: Node] = [:]
        if let node = top["milestones"]?.value {
            for item in list(node, what: "milestones") ?? [] {
                let (m, id, idNode) = milestone(item, refs)
                if let id, let idNode {
                    if let first = seen[id] {
                        error(idNode, "duplicate milestone id '\(id)' (first at line \(first.line))")
                        continue
                    }
                    seen[id] = idNode
                }
                if let m { milestones.append(m) }
            }
        } else {
            error(root, "a schedule file needs 'milestones:' (a list)")
        }
        guard let id, let name else { return nil }
        return (Project(id: id, name: name, owner: owner, notify: notify, shift: shift, policy: policy,
                        milestones: milestones), idNode, templates)
    }

    /// The milestone if it is valid, and its id (for duplicate checks) even if it is not.
    private func milestone(_ node: Node, _ refs: References) -> (Milestone?, id: String?, idNode: Node?) {
        guard let map = mapping(node, allowed: Self.milestoneKeys, what: "milestone") else { return (nil, nil, nil) }
        let idNode = required(map, "id", in: node, what: "milestone")
        let id = idNode.flatMap { identifier($0, what: "milestone id", allowUnderscore: false) }
        let title = required(map, "title", in: node, what: "milestone").flatMap { word($0, what: "title") }
        let done = map["done"].flatMap { dateOrDateTime($0.value, what: "done")?.day }
        let shift = map["shift"].flatMap { self.shift($0.value) }
        // `owner: null` / `notify: null` mean "as the project says", like leaving them out.
        let owner = given(map["owner"]).flatMap { personList($0, what: "owner", people: refs.people) }
        let notify = given(map["notify"]).flatMap { channelList($0, what: "notify", channels: refs.channels) }
        let policy = self.policy(map, people: refs.people)

        var schedule: DueSchedule?
        var time: LocalTime?
        switch (map["due"], map["repeat"]) {
        case (let due?, nil):
            for extra in ["start", "until"] {
                if let k = map[extra]?.key { error(k, "'\(extra)' belongs to a repeating milestone; this one has 'due'") }
            }
            if let (day, t) = dateOrDateTime(due.value, what: "due") {
                schedule = .once(day)
                time = t
            }
        case (nil, let rep?):
            (schedule, time) = repeating(rep.value, map, in: node, what: "milestone")
        case (_?, let rep?):
            error(rep.key, "give either 'due' (one deadline) or 'repeat' (a series), not both")
        case (nil, nil):
            error(node, "milestone needs 'due' (a date) or 'repeat' (a rule with 'start')")
        }
        guard let id, let title, let schedule else { return (nil, id, idNode) }
        return (Milestone(id: id, title: title, schedule: schedule, timeOfDay: time, done: done, shift: shift,
                          owner: owner, notify: notify, policy: policy), id, idNode)
    }

    /// A key's value unless it is absent or null.
    private func given(_ entry: (key: Node, value: Node)?) -> Node? {
        guard let value = entry?.value, !isNull(value) else { return nil }
        return value
    }

    /// A `repeat` rule with its `start` (and `until`) as a series, and the start's time of day;
    /// `what` (milestone, digest) names the owner in messages.
    func repeating(_ ruleNode: Node, _ map: [String: (key: Node, value: Node)],
                   in node: Node, what: String) -> (DueSchedule?, LocalTime?) {
        var rule: RecurrenceRule?
        if let text = word(ruleNode, what: "repeat") {
            switch rules.parse(text) {
            case .success(let parsed): rule = parsed
            case .failure(let error): self.error(ruleNode, "repeat: \(error.message)")
            }
        }
        guard let startNode = map["start"]?.value else {
            error(node, "a repeating \(what) needs 'start' (its first occurrence)")
            return (nil, nil)
        }
        guard let (start, time) = dateOrDateTime(startNode, what: "start") else { return (nil, nil) }
        var until: Int?
        if let untilNode = map["until"]?.value, let u = date(untilNode, what: "until") {
            if u < start {
                error(untilNode, "until \(LocalDate(dayNumber: u)) is before start \(LocalDate(dayNumber: start))")
                return (nil, nil)
            }
            until = u
        }
        guard let rule else { return (nil, nil) }
        if let ruleUntil = rule.until, ruleUntil < start {
            error(ruleNode, "repeat: UNTIL \(LocalDate(dayNumber: ruleUntil)) is before start \(LocalDate(dayNumber: start))")
            return (nil, nil)
        }
        let recurrence = Recurrence(rule: rule, start: start, until: until)
        guard recurrence.startMatchesRule else {
            let first = nextOccurrence(rule, after: start).map { "; the first on or after it is \(LocalDate(dayNumber: $0))" } ?? ""
            error(startNode, "start \(LocalDate(dayNumber: start)) is not an occurrence of '\(rule)'\(first)")
            return (nil, nil)
        }
        return (.repeating(recurrence), time)
    }

    /// The rule's first occurrence on or after `day`, found by anchoring the rule's period there.
    private func nextOccurrence(_ rule: RecurrenceRule, after day: Int) -> Int? {
        var probe = rule
        probe.count = nil
        for candidate in day...(day + 4 * 366) {
            let r = Recurrence(rule: probe, start: candidate)
            if r.startMatchesRule { return candidate }
        }
        return nil
    }
}
