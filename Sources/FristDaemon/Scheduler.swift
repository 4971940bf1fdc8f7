import Dispatch
import Foundation
public import FristConfig
public import FristCore
public import FristDelivery
public import FristStore
public import Logging
public import ServiceLifecycle
import Synchronization

/// The heart of `frist run`, a service of the daemon's group: a loop that sleeps on the clock
/// until the next thing to do (a reminder falling due, a retry), then writes the due reminders
/// to the outbox and drains the outbox through the notifiers, recording every attempt and
/// scheduling retries. A reload, an acknowledgement, another process's write or the system
/// clock being set wake it early. On a graceful shutdown it claims nothing more, lets the sends
/// in flight finish and records them; cancelled past the group's deadline, it leaves those in
/// flight to be sent again at the next start.
///
/// Everything durable goes through the store first: a crash at any point loses nothing, and a
/// restart re-sends at most what was in flight, under the same key.
public actor Scheduler: Service {
    /// What one configuration gives the scheduler; swapped whole on reload.
    public struct Setup: Sendable {
        public let config: FristConfig
        public let plan: Plan
        let builder: MessageBuilder
        let notifiers: [String: any Notifier]
        let policy: RetryPolicy

        /// The signer of ack links in reminders, when the config offers them and the key reads.
        public let links: AckLinks?
        /// Why the config's ack links are off (their key cannot be read), to be logged.
        public let linkProblem: String?

        public init(config: FristConfig) {
            self.config = config
            plan = Plan(config.schedule)
            var links: AckLinks?
            var linkProblem: String?
            if let http = config.http, let base = http.publicURL, let key = http.linkKey {
                do {
                    let value = try SecretResolver(redactor: Redactor()).resolve(key, field: "link_key", channel: "http")
                    links = AckLinks(baseURL: base, key: Array(value.utf8), lifetime: http.linkLifetime)
                } catch {
                    linkProblem = "reminders go out without ack links: \(error)"
                }
            }
            self.links = links
            self.linkProblem = linkProblem
            builder = MessageBuilder(config: config, plan: plan, links: links)
            notifiers = config.channels.mapValues { Notifiers.make($0) }
            policy = RetryPolicy(maxAge: Double(config.maxAgeSeconds))
        }
    }

    private var setup: Setup
    private let store: any OutboxStore
    private let clock: any SchedulerClock
    private let context: DeliveryContext
    private let logger: Logger
    private let onStatus: @Sendable (String) -> Void
    private var acknowledgements = Acknowledgements([])
    private var limiters: [String: RateLimiter] = [:]
    /// Wakes the loop before its time: reloads, acknowledgements, the clock set, shutdown.
    private let doorbell = Doorbell()
    private let shutdownRequested = Atomic<Bool>(false)
    /// When the next round is due (clock seconds); nil: nothing planned.
    private var nextDue: Double?
    /// Real seconds until the next round after a failed write; nil: none pending.
    private var backoff: Double?
    /// How soon (real seconds) another process's write (`frist ack`, `unack`, `retry`) is
    /// noticed when no round is due.
    private let pollInterval: Double
    /// Watches for the system clock being set (nil for simulated and test clocks).
    private let watchesClockJumps: Bool
    /// When the loop last went round (monotonic real seconds): the watchdog pings only while it does.
    private var lastLoop = DaemonClock.monotonic()
    private var stopped = false
    private var isStopping: Bool { stopped || shutdownRequested.load(ordering: .relaxed) }
    /// Dead letters to report to the `dead_letters` channels, sent by the drain.
    private var pendingReports: [(message: Message, channel: String, reason: String, setup: Setup)] = []
    private var sending = 0
    /// At most this many sends at once.
    private let concurrency: Int
    /// Attempts finished but not yet recorded: kept until a write of the state succeeds, so a
    /// full disk or a locked database forgets nothing (never more than `concurrency`, since
    /// nothing new is claimed meanwhile).
    private var unrecorded: [Outcome] = []
    private var stateWrites = StateWrites()
    /// How long (real seconds) the state may stay unwritable before the watchdog stops, so
    /// systemd restarts the unit.
    private let unwritableLimit: Double
    /// Why the loop ended for good: the state is corrupt, retrying cannot help (exit 1).
    private var fatal: StoreError?
    /// Told once the first round has run: the daemon is ready.
    private let onReady: @Sendable () -> Void
    /// Told when a graceful shutdown reaches the scheduler.
    private let onStopping: @Sendable () -> Void
    /// Channels a gateway's `Retry-After` paused, until when (daemon clock seconds).
    private var pausedUntil: [String: Double] = [:]
    private var health = ChannelHealth()
    /// Counts reloads: a send built with an older setup may hold a row the current one knows.
    private var generation = 0
    /// This node's hold on its claims in a shared store; nil for the embedded one.
    private let lease: Lease?
    /// A cluster node's sends, one group per channel at a time (see ``Turnstile``).
    private let turns = Turnstile()
    /// Whether this node may claim now: always with the embedded store, with a shared one only
    /// while its lease is fresh (a node that cannot beat would claim what it may not send).
    private var mayClaim: Bool { lease?.fresh() ?? true }

    public init(setup: Setup, store: any OutboxStore, clock: any SchedulerClock, context: DeliveryContext, logger: Logger,
                concurrency: Int = 128, unwritableLimit: Double = 300, pollInterval: Double = 2,
                watchesClockJumps: Bool = false, lease: Lease? = nil,
                onReady: @escaping @Sendable () -> Void = {}, onStopping: @escaping @Sendable () -> Void = {},
                onStatus: @escaping @Sendable (String) -> Void = { _ in }) {
        self.setup = setup
        self.store = store
        self.clock = clock
        self.pollInterval = pollInterval
        self.watchesClockJumps = watchesClockJumps
        self.context = context
        self.logger = logger
        self.concurrency = concurrency
        self.unwritableLimit = unwritableLimit
        self.onReady = onReady
        self.onStopping = onStopping
        self.onStatus = onStatus
        self.lease = lease
    }

    /// Wakes the loop for a new look at the store (another node wrote, the store is back).
    public nonisolated func wake() { doorbell.ring() }

    /// Recovers from the last run (in-flight sends go back to the queue; missed reminders are
    /// caught up or skipped), then runs rounds until a graceful shutdown, and records what the
    /// sends in flight then ended in.
    ///
    /// - Throws: ``StoreError`` when the state cannot be opened for work or is corrupt: the
    ///   daemon ends (exit 1) with its one line.
    public func run() async throws {
        try await recover()
        let doorbell = self.doorbell, logger = self.logger
        let watcher = watchesClockJumps ? ClockJumpWatcher(queue: DispatchQueue(label: "frist.clock-jump")) {
            logger.notice("the system clock was set; planning again")
            doorbell.ring()
        } : nil
        await withGracefulShutdownHandler {
            await tick()
            onReady()
            await loop()
        } onGracefulShutdown: {
            self.requestShutdown()
        }
        withExtendedLifetime(watcher) {}
        await finish()
        if let fatal { throw fatal }
    }

    /// Claims nothing more; the loop ends once the sends in flight are recorded. From any thread.
    public nonisolated func requestShutdown() {
        guard !shutdownRequested.exchange(true, ordering: .relaxed) else { return }
        onStopping()
        doorbell.ring()
    }

    private func recover() async throws {
        let requeued = try await store.requeueInflight()
        if requeued > 0 { logger.notice("re-sending \(requeued) reminders that were in flight when Frist last stopped") }
        try await releaseHeld()
        acknowledgements = try await store.acknowledgementSet()
        _ = try await store.changedElsewhere(consume: true)
        if try await store.lastPlanned() == nil {
            // First run on this state: what fell due before now is history, not a backlog (a
            // simulated clock plans from the instant it was started at).
            try await store.setLastPlanned((clock.start ?? clock.now()) - 1)
        }
    }

    /// Rounds until shutdown: each plans, sends, and sets when the next is due; between them
    /// the loop sleeps until then, until a ring, or for the poll interval (one `PRAGMA
    /// data_version`: a `frist retry` needs no wait for the next reminder).
    private func loop() async {
        while !isStopping && !Task.isCancelled {
            lastLoop = DaemonClock.monotonic()
            await tick()
            while !isStopping && !Task.isCancelled {
                let wake = await waitForWake()
                lastLoop = DaemonClock.monotonic()
                if wake != .poll || clock.seconds() >= (nextDue ?? .infinity) { break }
                if (try? await store.changedElsewhere(consume: false)) == true { break }
            }
        }
    }

    private enum Wake { case due, poll, retry, rung }

    /// Sleeps until the next round is due, a ring, the backoff after a failed write, or the
    /// poll interval, whichever comes first.
    private func waitForWake() async -> Wake {
        let clock = self.clock, doorbell = self.doorbell, due = nextDue
        let (realDelay, wake): (Double, Wake) = backoff.map { ($0, .retry) } ?? (pollInterval, .poll)
        backoff = nil
        return await withTaskGroup(of: Wake?.self) { group in
            group.addTask {
                await doorbell.wait()
                return Task.isCancelled ? nil : .rung
            }
            if let due {
                group.addTask { (try? await clock.sleep(until: due)) == nil ? nil : .due }
            }
            group.addTask { (try? await Task.sleep(for: .seconds(realDelay))) == nil ? nil : wake }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .rung
        }
    }

    /// After the loop: attempts a failing state could not take yet get one last try, so a
    /// restart repeats fewer; dead letters still to report are reported.
    private func finish() async {
        if !unrecorded.isEmpty && !Task.isCancelled { _ = await step(claiming: 0, now: clock.seconds()) }
        for report in pendingReports where !Task.isCancelled {
            await Self.report(report.message, channel: report.channel, reason: report.reason, report.setup,
                              context: context, logger: logger)
        }
        pendingReports = []
    }

    /// Answers when the scheduler is not stuck: the watchdog pings systemd only after this. It
    /// is stuck when its loop has not gone round for a minute (a round waits at most the poll
    /// interval; a drain records something at least every channel timeout), or when the state
    /// has been unwritable for longer than `unwritableLimit`: a restart may help (and the
    /// unit's state shows it), where retrying for ever would hide it.
    public func isResponsive() -> Bool {
        !stopped && DaemonClock.monotonic() - lastLoop < max(60, 5 * pollInterval)
            && !stateWrites.stuck(longerThan: unwritableLimit, now: DaemonClock.system.seconds())
            && (lease?.unreachableFor() ?? 0) <= unwritableLimit
    }

    /// Whether the store answers: a shared store's node says no while its beats fail.
    public func storeReachable() -> Bool {
        (lease?.unreachableFor() ?? 0) == 0
    }

    /// The configuration in force (the latest that loaded).
    public var currentSetup: Setup { setup }

    /// An acknowledgement this process recorded (the HTTP listener): `frist ack` from another
    /// process is noticed by the store's data version, a write of our own is not.
    public func acknowledgementsChanged() async throws {
        acknowledgements = try await store.acknowledgementSet()
        doorbell.ring()
    }

    /// Swaps in a new configuration (SIGHUP); the outbox is kept.
    public func reload(_ newSetup: Setup) async {
        let before = Set(setup.plan.milestones.map(\.keyPrefix))
        let after = Set(newSetup.plan.milestones.map(\.keyPrefix))
        setup = newSetup
        generation += 1
        limiters = [:]
        logger.notice("configuration reloaded: \(newSetup.plan.milestones.count) milestones")
        let gone = before.subtracting(after).count
        if gone * 2 > before.count {
            // A schedule caught half-saved, or a folder moved for a moment, looks like this.
            logger.warning("the reloaded configuration lacks \(gone) of the \(before.count) milestones it had; their due reminders are held (not sent, not dropped) until they come back or max_age passes")
        }
        do { try await releaseHeld() } catch { stateWriteFailed(error) }
        doorbell.ring()
    }

    /// Held rows are tried again against the configuration now in force (at start, on reload).
    private func releaseHeld() async throws {
        let released = try await store.releaseHeld(now: clock.seconds())
        if released > 0 { logger.notice("\(released) held reminders are tried again against this configuration") }
    }

    /// One round: plan what fell due, send what is due, set when the next round is due.
    private func tick() async {
        logger.debug("planning round at \(Timestamps.utc(clock.now()))")
        do {
            try await refreshAcknowledgements()
            try await dropExpiredHolds()
            try await enqueueDue()
            await drain()
            if stateWrites.failing {
                backoff = stateWrites.delay
            } else {
                try await requeueStranded()
                try await logSummaries()
                try await planNextRound()
            }
        } catch let error as StoreError {
            stateWriteFailed(error)
            backoff = stateWrites.delay
        } catch {
            logger.error("\(context.secrets.redactor.redact("\(error)")); trying again in a minute")
            backoff = 60
        }
    }

    /// A write of the state failed: one line when that is news, backoff, and for a corrupt
    /// database the end of the daemon (exit 1), since no retry can mend it.
    private func stateWriteFailed(_ error: any Error) {
        let failure = error as? StoreError ?? StoreError(path: store.path, description: "\(error)")
        if failure.kind == .corrupt {
            stopped = true
            fatal = failure  // the daemon's last line, and exit 1
            return
        }
        guard stateWrites.failed(failure, now: DaemonClock.system.seconds()) else { return }
        let kept = "\(unrecorded.count) finished attempts kept until it can be written"
        if failure.kind == .other {
            logger.error("cannot write the state; retrying, \(kept): \(failure.description)")
        } else {
            logger.error("cannot write the state (\(failure.reason)); retrying, \(kept) (\(store.path))")
        }
    }

    /// Writes worked again after failing: rows claimed by this process but neither in flight
    /// nor waiting to be recorded would otherwise stay inflight until a restart.
    private func requeueStranded() async throws {
        guard stateWrites.recovered, sending == 0, unrecorded.isEmpty else { return }
        stateWrites.recovered = false
        let requeued = try await store.requeueInflight()
        if requeued > 0 { logger.notice("\(requeued) reminders left in flight by the failed writes are queued again") }
    }

    /// Rows held for longer than `max_age` (their milestone or channel stayed gone) are dropped.
    private func dropExpiredHolds() async throws {
        let dropped = try await store.dropExpiredHeld(now: clock.seconds(), reason: Self.droppedReason)
        if dropped > 0 {
            logger.warning("\(dropped) held reminders dropped: their milestone or channel stayed out of the configuration for longer than max_age")
        }
    }

    static let droppedReason = "dropped: no longer in the configuration for longer than max_age"

    /// A summary line for each channel that has kept failing since its last line.
    private func logSummaries() async throws {
        for (channel, trouble) in health.summariesDue(now: clock.seconds()) {
            let waiting = try await store.waiting(channel: channel)
            let next = waiting.nextAttemptAt.map { ", next try \(local($0))" } ?? ""
            logger.warning("\(channel): \(waiting.count) reminders waiting, last error \(trouble.lastError)\(next) (\(trouble.unreported) failed attempts in the last \(Int(ChannelHealth.summaryInterval / 60)) minutes)")
        }
    }

    /// An instant as the config's zone writes it, for log lines people read.
    private func local(_ seconds: Double) -> String {
        let instant = Int64(seconds.rounded(.up))
        return Timestamps.local(instant, offset: setup.plan.schedule.zone.offset(at: instant))
    }

    /// `frist ack` from another process: pick the acknowledgements up and drop their queued nags.
    private func refreshAcknowledgements() async throws {
        guard try await store.changedElsewhere(consume: true) else { return }
        let acks = try await store.acknowledgements()
        acknowledgements = try await store.acknowledgementSet()
        for ack in acks {
            let dropped = try await store.cancelPending(acknowledged: ack.target)
            if dropped > 0 { logger.info("\(ack.target) acknowledged: \(dropped) queued reminders dropped") }
        }
    }

    /// Writes every reminder due since the last round into the outbox; reminders older than
    /// `catch_up` (the daemon was down) are recorded as skipped instead.
    private func enqueueDue() async throws {
        let now = clock.now()
        guard let last = try await store.lastPlanned(), last < now else { return }
        let (due, stale) = roundPlan.due(after: last, through: now)
        if !stale.isEmpty {
            let n = try await store.recordSkipped(stale, reason: "missed while Frist was not running, older than catch_up")
            if n > 0 { logger.warning("\(n) reminders fell due while Frist was down and are older than catch_up: recorded as skipped, not sent") }
        }
        // Written by the drain's steps, a slice each, the first together with the first claim.
        backlog = Backlog(rows: due[...], plannedThrough: now, reminders: Set(due.map(\.key)).count)
    }

    /// Due reminders not yet in the outbox. A burst is written in slices between the drain's
    /// claims, so the first send need not wait for the last row: ``Store/lastPlanned()`` moves
    /// on only with the last slice, and a crash before it plans the rest again (rows already
    /// written are kept as they are).
    private struct Backlog {
        var rows: ArraySlice<Store.Planned>
        let plannedThrough: Int64
        var added = 0
        /// Distinct reminders among the rows (a reminder has a row per channel).
        let reminders: Int
    }

    private var backlog: Backlog?

    /// Rows per slice: a few milliseconds of writing, so claims and records keep their pace.
    private static let backlogSlice = 256

    /// New rows are claimed once this many of the `concurrency` slots are free: each claim
    /// is one transaction for that many rows, and the sends still under way keep the gateways
    /// busy meanwhile.
    static let claimBatch = 32

    /// At most this many claimed rows of one channel go to its notifier as one batch.
    static let sendGroup = 16

    /// Sends everything due in the outbox with up to `concurrency` sends in flight. Each step
    /// records the attempts finished since the last, writes the next slice of the backlog and
    /// claims new rows, in one transaction. A crash loses no more than what was in flight or
    /// finished but not yet recorded, together never more than `concurrency`.
    ///
    /// When a write fails, nothing more is claimed: the sends under way finish, their attempts
    /// are kept in ``unrecorded``, and the round ends, to be tried again after a backoff.
    private func drain() async {
        await withTaskGroup(of: [Outcome].self) { group in
            var running = 0
            var writable = true
            while !isStopping {
                let claiming = mayClaim
                if writable && running <= concurrency - min(Self.claimBatch, concurrency) {
                    let now = clock.seconds()
                    guard let claimed = await step(claiming: claiming ? concurrency - running : 0, now: now) else {
                        writable = false
                        continue
                    }
                    let (setup, acknowledgements, clock, context, logger, generation) =
                        (self.setup, self.acknowledgements, self.clock, self.context, self.logger, self.generation)
                    let fence = lease.map { Fence(store: store, lease: $0, turns: turns) }
                    lastLoop = DaemonClock.monotonic()
                    for report in pendingReports {
                        group.addTask {
                            await Self.report(report.message, channel: report.channel, reason: report.reason, report.setup,
                                              context: context, logger: logger)
                            return []
                        }
                    }
                    pendingReports = []
                    for (items, delay) in await groups(claimed, now: now) {
                        sending += items.count
                        running += items.count
                        // Off the actor: building and sending use every core while it claims and records.
                        group.addTask {
                            await Self.send(items, after: delay, setup: setup, generation: generation,
                                            acknowledgements: acknowledgements, clock: clock, context: context,
                                            fence: fence, logger: logger)
                        }
                    }
                }
                if writable && running == 0 && backlog != nil { continue }
                guard running > 0, let outcomes = await group.next() else { break }
                running -= outcomes.count
                await collect(outcomes)
            }
            for await outcomes in group { await collect(outcomes) }
            // Cancelled past the shutdown deadline: what came back since is not recorded, its
            // rows stay in flight and are sent again at the next start, as after a crash.
            if Task.isCancelled {
                unrecorded.removeAll()
                return
            }
            // With the state unwritable, the next try comes after a backoff, not at once.
            if writable { _ = await step(claiming: 0, now: clock.seconds()) }
        }
    }

    /// Sends that ended: kept for the next step to record, and told to the channels' health.
    private func collect(_ outcomes: [Outcome]) async {
        sending -= outcomes.count
        unrecorded += outcomes
        let now = clock.seconds()
        for outcome in outcomes {
            let channel = outcome.finished.channel
            switch outcome.finished.result {
            case .sent:
                if case .recovered(let trouble) = health.delivered(channel, now: now) {
                    logger.notice("\(channel): delivering again, after \(trouble.failures) failed attempts since \(local(trouble.since))")
                }
            case .retry(let at, let reason):
                if health.failed(channel, reason: reason, now: now) == .failing {
                    logger.warning("\(outcome.finished.key) via \(channel) failed: \(reason); retrying at \(local(at)) (while \(channel) keeps failing, one summary every \(Int(ChannelHealth.summaryInterval / 60)) minutes)")
                }
            case .dead, .hold, .skip, .release:
                break
            }
            guard let until = outcome.pauseUntil, until > now else { continue }
            if (pausedUntil[channel] ?? 0) <= now {
                logger.warning("\(channel): the gateway asked to wait (Retry-After); nothing goes to it before \(local(until))")
            }
            pausedUntil[channel] = max(pausedUntil[channel] ?? 0, until)
        }
        // A long drain (a backlog of retries) is where an outage spends its time: summaries come from here.
        do { try await logSummaries() } catch { stateWriteFailed(error) }
    }

    /// Channels paused by a `Retry-After` at `now`; expired pauses are forgotten.
    private func paused(at now: Double) -> Set<String> {
        pausedUntil = pausedUntil.filter { $0.value > now }
        return Set(pausedUntil.keys)
    }

    /// One drain step in one transaction: records the ``unrecorded`` attempts, writes the next
    /// backlog slice (also when it may not claim: the plan is the cluster's) and claims up to `limit` due rows of channels not paused.
    /// Then reports dead letters.
    ///
    /// - Returns: the claimed rows; nil when the state could not be written (nothing happened,
    ///   the attempts stay unrecorded, the backlog stays to be written).
    private func step(claiming limit: Int, now: Double) async -> [Store.Item]? {
        let batch = unrecorded
        var slice: ArraySlice<Store.Planned> = []
        var plannedThrough: Int64?
        if let b = backlog {
            slice = b.rows.prefix(Self.backlogSlice)
            if slice.count == b.rows.count { plannedThrough = b.plannedThrough }
        }
        let claimed: [Store.Item]
        do {
            let result = try await store.drainStep(finishing: batch.map(\.finished), enqueueing: Array(slice),
                                             plannedThrough: plannedThrough, claimingDueAt: now, limit: limit,
                                             excluding: paused(at: now))
            claimed = result.claimed
            // Only what this step wrote: nothing else records while it waits, but be exact.
            unrecorded.removeFirst(batch.count)
            // Held by a send that began before a reload: the configuration now may have it back.
            if batch.contains(where: { $0.held && $0.generation != generation }) {
                _ = try await store.releaseHeld(now: now)
            }
            if stateWrites.succeeded() {
                logger.notice("state writable again: \(batch.count) kept attempts recorded")
            }
            if var b = backlog {
                b.added += result.added
                b.rows = b.rows.dropFirst(slice.count)
                backlog = plannedThrough == nil ? b : nil
                if plannedThrough != nil && b.added > 0 {
                    // Reminders, not rows: one reminder on two channels is one reminder due.
                    let deliveries = b.reminders == b.added ? "" : " (\(counted(b.added, "delivery", "deliveries")))"
                    logger.info("\(counted(b.reminders, "reminder", "reminders")) due\(deliveries)")
                }
            }
        } catch {
            stateWriteFailed(error)
            return nil
        }
        for outcome in batch {
            guard let dead = outcome.deadLetter else { continue }
            pendingReports.append((dead.message, outcome.finished.channel, dead.reason, setup))
        }
        return claimed
    }

    /// Claimed rows in send groups: rows of one channel with no rate-limit wait, up to
    /// `sendGroup` together; a row that waits for its channel's rate limit goes alone.
    private func groups(_ items: [Store.Item], now: Double) async -> [(items: [Store.Item], delay: Double)] {
        var groups: [(items: [Store.Item], delay: Double)] = []
        var filling: [String: Int] = [:]  // channel → its group still taking rows
        var delays = await sharedDelays(items)
        for item in items {
            let delay = delays[item.channel]?.popLast() ?? limiterDelay(item.channel, now: now)
            if delay == 0, let g = filling[item.channel], groups[g].items.count < Self.sendGroup {
                groups[g].items.append(item)
            } else {
                groups.append(([item], delay))
                if delay == 0 { filling[item.channel] = groups.count - 1 }
            }
        }
        return groups
    }

    /// In a shared store a channel's rate is the cluster's: its token bucket is in the store,
    /// and each claim batch takes its channel's tokens in one transaction. The delays come back
    /// latest first, for `popLast`. Empty for the embedded store, or when the store cannot say
    /// (the local limiter then paces this node alone).
    private func sharedDelays(_ items: [Store.Item]) async -> [String: [Double]] {
        guard store.isShared else { return [:] }
        var counts: [String: Int] = [:]
        for item in items { counts[item.channel, default: 0] += 1 }
        var delays: [String: [Double]] = [:]
        for (channel, count) in counts {
            guard let config = setup.config.channels[channel], let limit = RateLimiter.limit(for: config) else { continue }
            let taken = try? await store.withRateBucket(channel: channel) { bucket, now in
                var limiter = RateLimiter(limit, tokens: bucket.tokens, last: bucket.last)
                let waits = (0..<count).map { _ in limiter.delay(now: now) }
                bucket = Store.RateBucket(tokens: limiter.tokens, last: limiter.last)
                return waits
            }
            if let taken = taken ?? nil { delays[channel] = taken.reversed() }
        }
        return delays
    }

    private func limiterDelay(_ channel: String, now: Double) -> Double {
        guard let config = setup.config.channels[channel], let limit = RateLimiter.limit(for: config) else { return 0 }
        var limiter = limiters[channel] ?? RateLimiter(limit)
        let delay = limiter.delay(now: now)
        limiters[channel] = limiter
        return delay
    }

    /// Sets the next round for the earlier of the next reminder and the next retry.
    private func planNextRound() async throws {
        let now = clock.seconds()
        let plannedThrough = try await store.lastPlanned() ?? clock.now()
        let nextAttempt = try await store.nextAttemptAt(excluding: paused(at: now))
        let next = roundPlan.next(plannedThrough: plannedThrough, nextAttempt: nextAttempt,
                                  pausesEnd: pausedUntil.values.min())
        onStatus(Self.status(nextReminder: next.reminder, nextDigest: next.digest, plan: setup.plan))
        DaemonMetrics.nextDue(next.at)
        nextDue = next.at.map { max($0, now) }
        if let at = next.at { logger.debug("next round at \(Timestamps.utc(Int64(at)))") }
    }

    /// The pure decisions, with the configuration and acknowledgements in force.
    private var roundPlan: RoundPlan {
        RoundPlan(plan: setup.plan, digests: setup.digests, acknowledgements: acknowledgements,
                  catchUp: Int64(setup.config.catchUpSeconds))
    }
}
