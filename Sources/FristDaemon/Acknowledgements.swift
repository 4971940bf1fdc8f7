import FristCore
import FristStore

/// Which reminders `frist ack` (or a milestone's `done` in the config) has made unnecessary:
/// an acknowledged occurrence gets no reminder dated on or after its done date; an
/// acknowledged milestone (no date) none of any occurrence.
struct Acknowledgements {
    private var byOccurrence: [String: Int] = [:]
    private var byMilestone: [String: Int] = [:]

    init(_ acks: [Store.Ack]) {
        for ack in acks {
            guard let day = LocalDate(iso: ack.doneOn)?.dayNumber else { continue }
            if ack.target.contains("@") {
                byOccurrence[ack.target] = min(byOccurrence[ack.target] ?? .max, day)
            } else {
                byMilestone[ack.target] = min(byMilestone[ack.target] ?? .max, day)
            }
        }
    }

    var isEmpty: Bool { byOccurrence.isEmpty && byMilestone.isEmpty }

    /// Whether `reminder` is no longer wanted.
    func covers(_ reminder: Reminder, in plan: Plan) -> Bool {
        guard !isEmpty else { return false }
        let prefix = plan.milestone(of: reminder).keyPrefix
        let date = Int(reminder.date)
        if let done = byMilestone[prefix], date >= done { return true }
        let occurrence = prefix + "@" + LocalDate(dayNumber: Int(reminder.occurrence)).description
        if let done = byOccurrence[occurrence], date >= done { return true }
        return false
    }
}
