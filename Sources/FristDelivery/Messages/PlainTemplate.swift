/// A template made only of text and plain `{{name}}` variables — every built-in text and most
/// admins' templates. It renders by substitution from the facts, without building Mustache's
/// dictionary of every variable for every message, which a burst of thousands would feel.
/// Anything else (sections, partials, unknown names) is left to Mustache.
struct PlainTemplate: Sendable {
    private enum Part: Sendable {
        case literal(String)
        case variable(String)
    }

    private let parts: [Part]

    /// Names a plain template may use: the facts' single values and the extras some messages add.
    static let names: Set<String> = Set(MessageFacts.scalarNames).union(["channel", "reason"])

    /// The template's parts, or nil when it needs Mustache.
    init?(_ text: String) {
        var parts: [Part] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            let name = rest[open.upperBound..<close.lowerBound].trimmingSpaces
            guard Self.names.contains(String(name)) else { return nil }
            parts.append(.variable(String(name)))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    func render(_ facts: MessageFacts, extra: [String: String]) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .variable(let name): out += facts.scalar(named: name) ?? extra[name] ?? ""
            }
        }
        return out
    }
}

extension MessageFacts {
    /// The single-valued variable names, as templates write them.
    static let scalarNames = [
        "key", "kind", "project", "project_name", "milestone", "title", "due", "due_text", "week", "occurrence",
        "at", "local", "days", "when", "overdue_count", "language", "recipient_names", "owner_names", "ack_url",
        "overview_url",
    ]

    /// A single-valued variable, as Mustache would print it; nil for names that are not facts.
    func scalar(named name: String) -> String? {
        switch name {
        case "key": return key
        case "kind": return kind
        case "project": return projectId
        case "project_name": return projectName
        case "milestone": return milestoneId
        case "title": return title
        case "due": return due
        case "due_text": return dueText
        case "week": return week
        case "occurrence": return occurrence
        case "at": return at
        case "local": return local
        case "days": return String(days)
        case "when": return when
        case "overdue_count": return String(overdueCount)
        case "language": return language.rawValue
        case "recipient_names": return recipients.map(\.name).joined(separator: ", ")
        case "owner_names": return owners.map(\.name).joined(separator: ", ")
        case "ack_url": return ackURL
        case "overview_url": return overviewURL
        default: return nil
        }
    }
}
