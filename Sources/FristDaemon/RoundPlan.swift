import FristCore
import FristStore

/// The scheduler's decisions about time, pure: plain values in, plain values out. What a round
/// writes to the outbox (and what it records as skipped), and when the next round is due.
struct RoundPlan {
    let plan: Plan
    let digests: DigestPlan
    let acknowledgements: Acknowledgements
    /// How old a missed reminder may be and still be sent (`catch_up`, seconds).
    let catchUp: Int64

    /// What fell due in (`last`, `now`]: rows to write, one per reminder and channel, and rows
    /// older than `catch_up` (the daemon was down) to record as skipped. Acknowledged reminders
    /// are left out.
    func due(after last: Int64, through now: Int64) -> (due: [Store.Planned], stale: [Store.Planned]) {
        var due: [Store.Planned] = []
        var stale: [Store.Planned] = []
        func add(_ key: String, _ channels: [String], at instant: Int64) {
            for channel in channels {
                if now - instant <= catchUp {
                    due.append(Store.Planned(key, channel, instant))
                } else {
                    stale.append(Store.Planned(key, channel, instant))
                }
            }
        }
        guard last < now else { return ([], []) }
        for r in plan.timeline(startingAt: last + 1) {
            if r.instant > now { break }
            if acknowledgements.covers(r, in: plan) { continue }
            add(plan.key(of: r), plan.channels(of: r), at: r.instant)
        }
        for o in digests.occurrences(after: last, through: now) {
            add(o.key, digests.digests[o.digest].channels, at: o.instant)
        }
        return (due, stale)
    }

    /// When the next round is due and what comes next.
    struct Next: Equatable {
        /// The earliest of the next reminder, digest, retry and pause ending; nil: nothing ahead.
        var at: Double?
        var reminder: Reminder?
        var digest: DigestPlan.Occurrence?
    }

    /// The next round after a round that planned through `plannedThrough`: the first reminder
    /// after it that is not acknowledged, the next digest, the next retry in the outbox
    /// (`nextAttempt`), and the earliest end of a gateway's pause. From what was planned, not
    /// from now: a reminder falling due while a round ran is not in the outbox yet, and must
    /// make the next round come at once.
    func next(plannedThrough: Int64, nextAttempt: Double?, pausesEnd: Double?) -> Next {
        var upcoming = plan.timeline(startingAt: plannedThrough + 1)
        var reminder: Reminder?
        while let r = upcoming.next() {
            if !acknowledgements.covers(r, in: plan) {
                reminder = r
                break
            }
        }
        let digest = digests.next(after: plannedThrough)
        let candidates = [nextAttempt, pausesEnd, reminder.map { Double($0.instant) }, digest.map { Double($0.instant) }]
        return Next(at: candidates.compactMap { $0 }.min(), reminder: reminder, digest: digest)
    }
}
