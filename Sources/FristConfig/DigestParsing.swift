import FristCore
import FristText

/// Reads `digests:`, the messages that gather many deadlines ("Ugens frister" every Monday).
extension YAMLDocument {
    static let digestKeys = ["id", "title", "every", "repeat", "start", "until", "time", "days", "to", "notify",
                             "projects"]

    /// The valid digests; every mistake is reported at its place. `channels` are the kinds of
    /// the channels by name, `projects` the project ids of all schedule files.
    func digests(_ node: Node, language: Language, people: [String: Person], channels: [String: ChannelKind],
                 projects: Set<String>) -> [Digest] {
        var result: [Digest] = []
        var seen: [String: Node] = [:]
        for item in list(node, what: "digests") ?? [] {
            let (digest, id, idNode) = self.digest(item, language: language, people: people, channels: channels,
                                                   projects: projects)
            if let id, let idNode {
                if let first = seen[id] {
                    error(idNode, "duplicate digest id '\(id)' (first at line \(first.line))")
                    continue
                }
                seen[id] = idNode
            }
            if let digest { result.append(digest) }
        }
        return result
    }

    /// The digest if it is valid, and its id (for duplicate checks) even if it is not.
    private func digest(_ node: Node, language: Language, people: [String: Person],
                        channels: [String: ChannelKind], projects: Set<String>) -> (Digest?, id: String?, idNode: Node?) {
        guard let map = mapping(node, allowed: Self.digestKeys, what: "digest") else { return (nil, nil, nil) }
        let idNode = required(map, "id", in: node, what: "digest")
        let id = idNode.flatMap { identifier($0, what: "digest id", allowUnderscore: false) }
        let title = map["title"].flatMap { word($0.value, what: "title") }
            ?? language.defaultDigestTitle

        var recurrence: Recurrence?
        var time: LocalTime?
        switch (map["every"], map["repeat"]) {
        case (let every?, nil):
            for extra in ["start", "until"] {
                if let k = map[extra]?.key { error(k, "'\(extra)' belongs to a 'repeat' rule; this digest has 'every'") }
            }
            recurrence = weekdays(every.value).map(Digest.weekly)
        case (nil, let rep?):
            let (schedule, startTime) = repeating(rep.value, map, in: node, what: "digest")
            if case .repeating(let r)? = schedule { recurrence = r }
            time = startTime
        case (_?, let rep?):
            error(rep.key, "give either 'every' (weekdays) or 'repeat' (a rule with 'start'), not both")
        case (nil, nil):
            error(node, "digest needs 'every' (weekdays, e.g. monday) or 'repeat' (a rule with 'start')")
        }
        if let n = map["time"]?.value, let t = text(n, what: "time") {
            if time != nil {
                error(n, "give the time of day in 'time' or in 'start', not both")
            } else if let parsed = LocalTime(text: t.trimmingSpaces) {
                time = parsed
            } else {
                error(n, "time '\(t)' is not a time of day (HH:MM, e.g. \"08:00\")")
            }
        }
        let days = map["days"].flatMap { int($0.value, what: "days", range: 1...366) }
        // Absent is nobody; nil means a mistake, already reported.
        var to: [String]? = []
        if let n = map["to"]?.value {
            to = personList(n, what: "to", people: Set(people.keys))
            if to?.isEmpty == true {
                error(n, "to names nobody")
                to = nil
            }
        }
        var projectIDs: [String]? = []
        if let n = map["projects"]?.value {
            projectIDs = references(n, what: "projects", known: projects, noun: "project")
            if projectIDs?.isEmpty == true {
                error(n, "projects names no project (leave it out for all projects)")
                projectIDs = nil
            }
        }
        let notify = digestChannels(map, node: node, to: to, people: people, channels: channels)

        guard let id, let recurrence, let notify, let to, let projectIDs, map["days"] == nil || days != nil else {
            return (nil, id, idNode)
        }
        return (Digest(id: id, title: title, recurrence: recurrence, time: time, days: days ?? 7, people: to,
                       channels: notify, projects: projectIDs), id, idNode)
    }

    /// The channels a digest goes out on: `notify`, else the one e-mail channel that mails `to`.
    /// An e-mail channel needs someone in `to` with an address. `to` is nil after a mistake in it.
    private func digestChannels(_ map: [String: (key: Node, value: Node)], node: Node, to: [String]?,
                                people: [String: Person], channels: [String: ChannelKind]) -> [String]? {
        guard let notifyEntry = map["notify"] else {
            guard let toEntry = map["to"] else {
                error(node, "digest needs 'to' (people to mail) or 'notify' (channels), or both")
                return nil
            }
            guard to != nil else { return nil }
            let mail = channels.filter { $0.value.isMail }.map(\.key).sorted()
            if mail.count == 1 { return mail }
            error(toEntry.key, mail.isEmpty
                ? "'to' without 'notify' needs an email channel to mail through, and there is none: add one, or name channels in 'notify'"
                : "'to' without 'notify' is mailed through the email channel, but there are several (\(mail.joined(separator: ", "))): name one in 'notify'")
            return nil
        }
        guard let notify = channelList(notifyEntry.value, what: "notify", channels: Set(channels.keys)) else { return nil }
        for name in notify where channels[name]?.isMail == true {
            guard let to else { continue }
            if to.isEmpty {
                error(notifyEntry.value, "notify '\(name)' is an email channel: name the people to mail in 'to'")
            } else if !to.contains(where: { people[$0]?.email != nil }) {
                error(map["to"]?.value, "none of \(to.joined(separator: ", ")) has an e-mail address for channel '\(name)'")
            }
        }
        return notify
    }

    /// `every: monday` or `every: [monday, torsdag]`.
    private func weekdays(_ node: Node) -> Set<Weekday>? {
        guard let items = list(node, what: "every") else { return nil }
        var result: Set<Weekday> = []
        var ok = true
        for item in items {
            guard let t = word(item, what: "every") else {
                ok = false
                continue
            }
            if let w = Weekday(name: String(t.trimmingSpaces)) {
                result.insert(w)
            } else {
                let hint = suggestion(for: t, among: Weekday.allCases.map(\.englishName)).map { " (did you mean '\($0)'?)" } ?? ""
                error(item, "every '\(t)' is not a weekday (monday … sunday, or mandag … søndag)\(hint)")
                ok = false
            }
        }
        if ok && result.isEmpty { error(node, "every names no weekday") }
        return ok && !result.isEmpty ? result : nil
    }
}

extension Language {
    /// A digest's title when it gives none.
    fileprivate var defaultDigestTitle: String {
        switch self {
        case .da: "Ugens frister"
        case .en: "This week's deadlines"
        }
    }
}
