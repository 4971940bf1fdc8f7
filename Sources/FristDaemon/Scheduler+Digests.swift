import FristCore
import FristDelivery

/// Digests in the daemon: planned in the same rounds as reminders (outbox, catch-up, retries,
/// dead letters), keyed `digest/<id>@YYYY-MM-DD#digest`, worded when they are sent.
extension Scheduler.Setup {
    /// When the digests go out. Cheap to make: it only holds the config's digests and calendar.
    var digests: DigestPlan { DigestPlan(config.digests, schedule: config.schedule) }

    /// The message for a digest's key, from a board of the digest's instant with the
    /// acknowledgements known now; nil when the key names no digest of this config.
    func digestMessage(forKey key: String, acknowledgements: Acknowledgements) -> Message? {
        let digests = self.digests
        guard let occurrence = digests.occurrence(forKey: key) else { return nil }
        return DigestMessageBuilder(config: config, plan: plan)
            .message(for: occurrence, of: digests.digests[occurrence.digest], acknowledgements: acknowledgements)
    }
}

extension Scheduler {
    /// The status line systemd shows: the next reminder or digest, whichever goes out first.
    static func status(nextReminder: Reminder?, nextDigest: DigestPlan.Occurrence?, plan: Plan) -> String {
        if let d = nextDigest, nextReminder.map({ d.precedes($0, in: plan) }) ?? true {
            return "next: \(d.key) at \(Timestamps.local(d.instant, offset: d.utcOffset))"
        }
        if let r = nextReminder {
            return "next: \(plan.key(of: r)) at \(Timestamps.local(r.instant, offset: Int(r.utcOffset)))"
        }
        return "no reminders ahead"
    }
}
