/// Whether each channel is delivering, so that a failing one is logged once when it starts
/// failing, then in a summary every few minutes, and once when it delivers again: a day-long
/// outage of a 2,000-reminder burst would otherwise write a line per attempt (about 200,000),
/// far past journald's rate limit, which then drops lines, error lines included. A gateway
/// that flaps between failing and answering counts as one trouble until it has answered
/// without a failure for a whole ``summaryInterval``, so flapping is not a line per attempt either.
struct ChannelHealth {
    /// A channel that has failed and not yet been healthy for a whole interval since.
    struct Trouble: Equatable {
        /// When the first of these failures happened (daemon clock seconds).
        let since: Double
        var lastError: String
        var failures: Int
        /// Failures since the last line about this channel.
        var unreported: Int
        /// When the last line about this channel was logged.
        var lastLine: Double
        /// Since when it has delivered without failing, if it has.
        var deliveringSince: Double?
        var recoveryLogged = false
    }

    /// What the caller should log.
    enum Change: Equatable {
        /// The channel started failing.
        case failing
        /// It delivered again after this trouble (said once per trouble).
        case recovered(Trouble)
    }

    /// Seconds between summaries of a channel that keeps failing.
    static let summaryInterval: Double = 300

    private var troubles: [String: Trouble] = [:]

    /// Channels with failures unmentioned for ``summaryInterval``, with their trouble. Troubles
    /// healthy for a whole interval are forgotten.
    mutating func summariesDue(now: Double) -> [(channel: String, trouble: Trouble)] {
        var due: [(channel: String, trouble: Trouble)] = []
        for (channel, trouble) in troubles {
            if let healthy = trouble.deliveringSince, now - healthy >= Self.summaryInterval {
                troubles.removeValue(forKey: channel)
            } else if trouble.unreported > 0 && now - trouble.lastLine >= Self.summaryInterval {
                due.append((channel, trouble))
                troubles[channel]?.lastLine = now
                troubles[channel]?.unreported = 0
            }
        }
        return due.sorted { $0.channel < $1.channel }
    }

    /// An attempt on `channel` failed with `reason` (to be retried).
    mutating func failed(_ channel: String, reason: String, now: Double) -> Change? {
        guard var trouble = troubles[channel] else {
            troubles[channel] = Trouble(since: now, lastError: reason, failures: 1, unreported: 0, lastLine: now)
            return .failing
        }
        trouble.failures += 1
        trouble.unreported += 1
        trouble.lastError = reason
        trouble.deliveringSince = nil
        troubles[channel] = trouble
        return nil
    }

    /// An attempt on `channel` was delivered.
    mutating func delivered(_ channel: String, now: Double) -> Change? {
        guard var trouble = troubles[channel], trouble.deliveringSince == nil else { return nil }
        trouble.deliveringSince = now
        defer { troubles[channel] = trouble }
        guard !trouble.recoveryLogged else { return nil }
        trouble.recoveryLogged = true
        trouble.lastLine = now
        return .recovered(trouble)
    }
}
