/// Which reminders `frist ack` (or a milestone's `done` in the config) has made unnecessary:
/// an acknowledged occurrence gets no reminder dated on or after its done date; an
/// acknowledged milestone (no date) none of any occurrence.
public struct Acknowledgements: Sendable {
    /// One acknowledgement: `project/milestone@YYYY-MM-DD` (an occurrence) or
    /// `project/milestone` (the whole milestone), done on a local date.
    public struct Entry: Sendable, Hashable {
        public let target: String
        /// Day number of the local date it was done.
        public let doneOn: Int
        /// The note given with `frist ack --note`, if any.
        public let note: String?

        public init(target: String, doneOn: Int, note: String? = nil) {
            self.target = target
            self.doneOn = doneOn
            self.note = note
        }
    }

    private var byOccurrence: [String: Int] = [:]
    private var byMilestone: [String: Int] = [:]
    /// Notes by target, apart from the done dates: ``covers(_:in:)`` runs for every reminder
    /// and never needs them, so they cost it nothing.
    private var notes: [String: String] = [:]

    public init(_ entries: [Entry]) {
        for entry in entries {
            let isOccurrence = entry.target.contains("@")
            let earlier = (isOccurrence ? byOccurrence : byMilestone)[entry.target]
            // Of two entries for one target (the store has one), the earlier done date wins, with its note.
            guard earlier.map({ entry.doneOn < $0 }) ?? true else { continue }
            if isOccurrence { byOccurrence[entry.target] = entry.doneOn } else { byMilestone[entry.target] = entry.doneOn }
            notes[entry.target] = entry.note
        }
    }

    public var isEmpty: Bool { byOccurrence.isEmpty && byMilestone.isEmpty }

    /// The day an occurrence (`keyPrefix`, original date) was acknowledged done, by itself or
    /// with its whole milestone; nil if it was not.
    public func doneOn(keyPrefix: String, occurrence: Int) -> Int? {
        let milestone = byMilestone[keyPrefix]
        let single = byOccurrence.isEmpty
            ? nil : byOccurrence[keyPrefix + "@" + LocalDate(dayNumber: occurrence).description]
        switch (milestone, single) {
        case let (m?, s?): return min(m, s)
        case let (m?, nil): return m
        case let (nil, s?): return s
        case (nil, nil): return nil
        }
    }

    /// The note of the acknowledgement that made an occurrence done (the one with the earlier
    /// done date when both it and its whole milestone were acknowledged); nil without a note.
    public func note(keyPrefix: String, occurrence: Int) -> String? {
        guard !notes.isEmpty else { return nil }
        let target = keyPrefix + "@" + LocalDate(dayNumber: occurrence).description
        switch (byOccurrence[target], byMilestone[keyPrefix]) {
        case let (single?, milestone?): return single <= milestone ? notes[target] : notes[keyPrefix]
        case (.some, nil): return notes[target]
        case (nil, .some): return notes[keyPrefix]
        case (nil, nil): return nil
        }
    }

    /// Whether `reminder` is no longer wanted.
    public func covers(_ reminder: Reminder, in plan: Plan) -> Bool {
        guard !isEmpty else { return false }
        guard let done = doneOn(keyPrefix: plan.milestone(of: reminder).keyPrefix, occurrence: Int(reminder.occurrence))
        else { return false }
        return Int(reminder.date) >= done
    }
}

/// Why an acknowledgement target names nothing in the plan.
public struct UnknownAckTarget: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension Plan {
    /// What `frist ack` and `POST /ack/…` take — a reminder key, `project/milestone@YYYY-MM-DD`
    /// or `project/milestone` — as the target to record: the key's `#kind` is dropped, and the
    /// milestone and occurrence must exist.
    public func acknowledgementTarget(_ text: String) throws(UnknownAckTarget) -> String {
        let target = text.split(separator: "#", maxSplits: 1).first.map(String.init) ?? text
        let prefix = target.split(separator: "@", maxSplits: 1).first.map(String.init) ?? target
        if prefix.hasPrefix(DigestPlan.keyPrefix) {
            throw UnknownAckTarget(description: "'\(prefix)' is a digest: digests go out on their schedule and are not acknowledged")
        }
        guard milestones.contains(where: { $0.keyPrefix == prefix }) else {
            throw UnknownAckTarget(description: "no milestone '\(prefix)' (write project/milestone)")
        }
        if let at = target.firstIndex(of: "@") {
            let dateText = String(target[target.index(after: at)...])
            guard LocalDate(iso: dateText) != nil else {
                throw UnknownAckTarget(description: "'\(dateText)' is not a date (YYYY-MM-DD)")
            }
            guard occurrence(target: target) != nil else {
                throw UnknownAckTarget(description: "\(prefix) has no occurrence on \(dateText)")
            }
        }
        return target
    }
}

extension Plan {
    /// The milestone index and original date (day number) an occurrence target
    /// (`project/milestone@YYYY-MM-DD`) names, if the plan has that occurrence.
    public func occurrence(target: String) -> (milestone: Int, occurrence: Int)? {
        guard let at = target.lastIndex(of: "@"), let date = LocalDate(iso: target[target.index(after: at)...]),
              let index = milestones.firstIndex(where: { $0.keyPrefix == target[..<at] }),
              occurrences(ofMilestone: index, from: date.dayNumber, through: date.dayNumber) == [date.dayNumber]
        else { return nil }
        return (index, date.dayNumber)
    }
}
