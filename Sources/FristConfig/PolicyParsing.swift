import FristCore

/// Reads the reminder-policy keys, which may appear under `defaults`, a project or a milestone.
extension YAMLDocument {
    static let policyKeys = ["before", "on_due", "overdue", "escalate"]

    /// Reads the policy keys present in `map`; `people` checks escalation targets.
    func policy(_ map: [String: (key: Node, value: Node)], people: Set<String>) -> PolicyOverrides {
        var p = PolicyOverrides()
        if let node = map["before"]?.value, let items = list(node, what: "before") {
            p.before = items.compactMap { leadTime($0, what: "before") }
        }
        if let node = map["on_due"]?.value {
            p.onDue = isNull(node) ? false : bool(node, what: "on_due")
        }
        if let node = map["overdue"]?.value {
            if isNull(node) || isFalse(node) {
                p.overdue = .off
            } else if let m = mapping(node, allowed: ["every", "times"], what: "overdue") {
                let every = required(m, "every", in: node, what: "overdue").flatMap { days($0, what: "overdue.every") }
                let times = required(m, "times", in: node, what: "overdue").flatMap {
                    int($0, what: "overdue.times", range: 0...1000)
                }
                if let every, let times { p.overdue = times == 0 ? .off : .value(OverduePolicy(everyDays: every, times: times)) }
            }
        }
        if let node = map["escalate"]?.value {
            if isNull(node) || isFalse(node) {
                p.escalate = .off
            } else if let m = mapping(node, allowed: ["after", "to"], what: "escalate") {
                let after = required(m, "after", in: node, what: "escalate").flatMap { days($0, what: "escalate.after", minimum: 0) }
                let to = required(m, "to", in: node, what: "escalate").flatMap { personList($0, what: "escalate.to", people: people) }
                if let to, to.isEmpty, let n = m["to"]?.value { error(n, "escalate.to names nobody") }
                if let after, let to, !to.isEmpty { p.escalate = .value(EscalationPolicy(afterDays: after, to: to)) }
            }
        }
        return p
    }

    func isFalse(_ node: Node) -> Bool {
        guard case .scalar(let text, plain: true) = node.content else { return false }
        return ["false", "off", "no"].contains(text.lowercased())
    }

    /// A required key's value, or an error at the mapping that lacks it.
    func required(_ map: [String: (key: Node, value: Node)], _ key: String, in node: Node, what: String) -> Node? {
        if let v = map[key]?.value { return v }
        error(node, "\(what) needs '\(key)'")
        return nil
    }

    /// Person ids that must exist under `people`.
    func personList(_ node: Node, what: String, people: Set<String>) -> [String]? {
        references(node, what: what, known: people, noun: "person")
    }

    /// Channel names that must exist under `channels`; at least one.
    func channelList(_ node: Node, what: String, channels: Set<String>) -> [String]? {
        guard let names = references(node, what: what, known: channels, noun: "channel") else { return nil }
        if names.isEmpty { error(node, "\(what) names no channel") }
        return names.isEmpty ? nil : names
    }

    /// A list of names that must each be one of `known`; every unknown one is reported, with
    /// the closest known name as a hint.
    func references(_ node: Node, what: String, known: Set<String>, noun: String) -> [String]? {
        guard let items = list(node, what: what) else { return nil }
        var names: [String] = []
        var ok = true
        for item in items {
            guard let name = word(item, what: what) else { ok = false; continue }
            guard known.contains(name) else {
                let hint = suggestion(for: name, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                error(item, "unknown \(noun) '\(name)' in \(what)\(hint)")
                ok = false
                continue
            }
            names.append(name)
        }
        return ok ? names : nil
    }

    func shift(_ node: Node) -> Shift? {
        choice(node, what: "shift", Shift.allCases.map { ($0.rawValue, $0) })
    }
}
