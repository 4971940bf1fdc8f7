/// Whether each channel is delivering, so that a failing one is logged once when it starts
/// failing, then in a summary every few minutes, then once when it delivers again: a day-long
/// outage of a 2,000-reminder burst would otherwise write a line per attempt (about 200,000),
/// far past journald's rate limit, which then drops lines, error lines included.
struct ChannelHealth {
    /// A channel that has failed since it last delivered.
    struct Trouble: Equatable {
        /// When the first of these failures happened (daemon clock seconds).
        let since: Double
        var lastError: String
        var failures: Int
        /// When the last line about this channel was logged.
        var lastLine: Double
    }

    /// What the caller should log.
    enum Change: Equatable {
        /// The channel started failing.
        case failing
        /// Still failing, and the last line is old enough for a summary.
        case summary(Trouble)
        /// It delivered again after this trouble.
        case recovered(Trouble)
    }

    /// Seconds between summaries of a channel that keeps failing.
    static let summaryInterval: Double = 300

    private var troubles: [String: Trouble] = [:]

    /// Channels whose trouble has gone unmentioned for ``summaryInterval``, with that trouble.
    mutating func summariesDue(now: Double) -> [(channel: String, trouble: Trouble)] {
        var due: [(channel: String, trouble: Trouble)] = []
        for (channel, trouble) in troubles where now - trouble.lastLine >= Self.summaryInterval {
            troubles[channel]?.lastLine = now
            due.append((channel, trouble))
        }
        return due.sorted { $0.channel < $1.channel }
    }

    /// An attempt on `channel` failed with `reason` (to be retried).
    mutating func failed(_ channel: String, reason: String, now: Double) -> Change? {
        guard var trouble = troubles[channel] else {
            troubles[channel] = Trouble(since: now, lastError: reason, failures: 1, lastLine: now)
            return .failing
        }
        trouble.failures += 1
        trouble.lastError = reason
        troubles[channel] = trouble
        return nil
    }

    /// An attempt on `channel` was delivered.
    mutating func delivered(_ channel: String) -> Change? {
        troubles.removeValue(forKey: channel).map(Change.recovered)
    }
}
