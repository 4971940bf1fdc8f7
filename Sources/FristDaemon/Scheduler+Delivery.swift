import FristConfig
import FristCore
import FristDelivery
import FristStore
import Logging

/// The delivery half of the scheduler: one group of claimed rows of one channel through its
/// notifier, each attempt decided (sent, retried, held, skipped, dead), and dead letters
/// reported. Runs off the actor, so building and sending use every core while the actor
/// claims and records; the actor keeps the loop and the state.
extension Scheduler {
    /// What one send ended in: the attempt to record, a dead letter to report, and how long
    /// the gateway asked its channel to wait (`Retry-After`), if it did.
    struct Outcome: Sendable {
        let finished: Store.Finished
        let deadLetter: (message: Message, reason: String)?
        var pauseUntil: Double?
        /// The ``generation`` of the setup the send was built with.
        let generation: Int

        var held: Bool { if case .hold = finished.result { true } else { false } }
    }

    /// Sends one group (one channel) through its notifier as one batch and decides each
    /// attempt's fate. One log line names every key delivered; failures get a line each.
    nonisolated static func send(_ items: [Store.Item], after delay: Double, setup: Setup, generation: Int,
                                         acknowledgements: Acknowledgements, clock: any SchedulerClock,
                                         context: DeliveryContext, fence: Fence? = nil,
                                         logger: Logger) async -> [Outcome] {
        if delay > 0 { try? await clock.sleep(until: clock.seconds() + delay) }
        func ended(_ item: Store.Item, _ result: Store.Result, at: Double,
                   attempt: DeliveryAttempt? = nil, deadLetter: (Message, String)? = nil) -> Outcome {
            Outcome(finished: Store.Finished(key: item.key, channel: item.channel, at: at,
                                             status: attempt?.status ?? 0,
                                             reply: attempt?.reply ?? "", seconds: attempt?.seconds ?? 0,
                                             result: result, claim: item.claim),
                    deadLetter: deadLetter, generation: generation)
        }
        // A shared store: at the last moment, only what this node still holds. A node that froze
        // past its lease finds its rows taken over and sends none of them.
        if let fence {
            guard await fence.turns.enter(items[0].channel) else {
                return items.map { ended($0, .release, at: clock.seconds()) }
            }
            defer { fence.turns.leave(items[0].channel) }
            let (held, sendBy) = await fence.held(items)
            // A request still waiting in the transport when the lease may have lapsed (the node
            // froze with transfers queued) is withheld: nothing stale goes out after a thaw.
            let context = context.sending(by: sendBy)
            if held.count < items.count {
                let lost = items.filter { !held.contains($0.id) }
                logger.warning("not sending \(lost.map(\.key).joined(separator: ", ")) via \(items[0].channel): this node's claim lapsed (another node has taken it over or will)")
                let kept = items.filter { held.contains($0.id) }
                let sent = kept.isEmpty ? [] : await send(kept, after: 0, setup: setup, generation: generation,
                                                          acknowledgements: acknowledgements, clock: clock,
                                                          context: context, logger: logger)
                return lost.map { ended($0, .release, at: clock.seconds()) } + sent
            }
            return await send(items, after: 0, setup: setup, generation: generation, acknowledgements: acknowledgements,
                              clock: clock, context: context, logger: logger)
        }
        let channel = items[0].channel
        // Held, not killed: a schedule caught half-saved must not cost its reminders.
        let holdUntil = clock.seconds() + setup.policy.maxAge
        func held(_ keys: [String], _ reason: String) {
            logger.warning("held \(keys.joined(separator: ", ")) via \(channel): \(reason); kept until it comes back (dropped after max_age)")
        }
        guard let notifier = setup.notifiers[channel] else {
            let reason = "channel '\(channel)' is not in the running configuration"
            held(items.map(\.key), reason)
            return items.map { ended($0, .hold(until: holdUntil, reason: reason), at: clock.seconds()) }
        }
        let missing = "the reminder is not in the running configuration"
        var heldKeys: [String] = []
        var outcomes = [Outcome?](repeating: nil, count: items.count)
        var messages: [Message] = []
        var sent: [Int] = []  // the item each message is for
        for (i, item) in items.enumerated() {
            if let reminder = setup.plan.reminder(forKey: item.key) {
                if acknowledgements.covers(reminder, in: setup.plan) {
                    outcomes[i] = ended(item, .skip(reason: "acknowledged"), at: clock.seconds())
                    continue
                }
                messages.append(setup.builder.message(for: reminder, channel: notifier.channel))
            } else if let digest = setup.digestMessage(forKey: item.key, acknowledgements: acknowledgements) {
                messages.append(digest)
            } else {
                outcomes[i] = ended(item, .hold(until: holdUntil, reason: missing), at: clock.seconds())
                heldKeys.append(item.key)
                continue
            }
            sent.append(i)
        }
        if !heldKeys.isEmpty { held(heldKeys, missing) }
        let attempts = messages.isEmpty ? [] : await notifier.send(messages, via: context)
        let now = clock.seconds()
        var delivered: [(key: String, status: Int)] = []
        var deadLettered: [String: [String]] = [:]  // reason → keys
        var withheld: [String] = []
        for (k, attempt) in attempts.enumerated() {
            let item = items[sent[k]]
            let decision = setup.policy.decide(attempt.outcome, failures: item.attempts + 1,
                                               firstAttempt: item.firstAttemptAt ?? now, now: now,
                                               random: Double.random(in: 0..<1))
            var outcome: Outcome
            switch decision {
            case .done:
                DaemonMetrics.attempt(key: item.key, channel: channel, outcome: .sent, seconds: attempt.seconds)
                delivered.append((item.key, attempt.status))
                outcome = ended(item, .sent, at: now, attempt: attempt)
            case .retry(let at):
                let reason = Self.reason(attempt.outcome)
                DaemonMetrics.attempt(key: item.key, channel: channel, outcome: .retried, seconds: attempt.seconds)
                // Logged by the scheduler once per change of the channel's health, not per attempt.
                outcome = ended(item, .retry(at: at, reason: reason), at: now, attempt: attempt)
            case .deadLetter(let reason):
                DaemonMetrics.attempt(key: item.key, channel: channel, outcome: .deadLettered,
                                      seconds: attempt.seconds)
                deadLettered[reason, default: []].append(item.key)
                outcome = ended(item, .dead(reason: reason), at: now, attempt: attempt,
                                deadLetter: (messages[k], reason))
            case .release:
                withheld.append(item.key)
                outcome = ended(item, .release, at: now)
            }
            // The gateway's Retry-After holds back the whole channel, not only this reminder.
            if case .retryable(_, let after?) = attempt.outcome,
               let wait = RetryPolicy.seconds(retryAfter: after, now: now) {
                outcome.pauseUntil = now + min(wait, setup.policy.maxRetryAfter)
            }
            outcomes[sent[k]] = outcome
        }
        if !withheld.isEmpty {
            logger.warning("not sending \(withheld.joined(separator: ", ")) via \(channel): too late to be sure of this node's claim (it was paused or overloaded); another node takes them over, or this one once its lease is renewed")
        }
        for (reason, keys) in deadLettered.sorted(by: { $0.key < $1.key }) {
            logger.error("\(keys.joined(separator: ", ")) via \(channel) not delivered: \(reason); moved to the dead letters")
        }
        if delivered.count == 1 {
            logger.info("sent \(delivered[0].key) via \(channel)", metadata: ["status": "\(delivered[0].status)"])
        } else if !delivered.isEmpty {
            // One line for the group: a burst of thousands stays readable, and under journald's rate limit.
            logger.info("sent \(delivered.map(\.key).joined(separator: ", ")) via \(channel)")
        }
        return outcomes.map { $0! }
    }

    /// Tells the `dead_letters` channels, once, best effort (a report that fails is only logged).
    static func report(_ original: Message, channel: String, reason: String, _ setup: Setup,
                               context: DeliveryContext, logger: Logger) async {
        for name in setup.config.deadLetterChannels where name != channel {
            guard let notifier = setup.notifiers[name] else { continue }
            let message = setup.builder.deadLetterMessage(for: original, channel: channel, reason: reason)
            let attempt = await notifier.send(message, via: context)
            if attempt.outcome != .delivered {
                logger.error("could not report the dead letter \(message.key) via \(name): \(Self.reason(attempt.outcome))")
            }
        }
    }

    static func reason(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .delivered: return "delivered"
        case .retryable(let r, _), .permanent(let r), .withheld(let r): return r
        }
    }
}
