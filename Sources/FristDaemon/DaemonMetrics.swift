import FristCore
import CoreMetrics
import Synchronization

/// What the daemon reports through swift-metrics (Prometheus in `frist run`, nothing when no
/// backend is bootstrapped). Names and labels live here only.
enum DaemonMetrics {
    /// One finished attempt: counted by outcome, channel and kind, and timed.
    static func attempt(key: String, channel: String, outcome: Outcome, seconds: Double) {
        let m = handles(channel: channel, kind: kind(of: key))
        switch outcome {
        case .sent:
            m.sent.increment()
        case .retried:
            m.failed.increment()
            m.retried.increment()
        case .deadLettered:
            m.failed.increment()
            m.deadLettered.increment()
        }
        m.duration.recordNanoseconds(Int64(seconds * 1_000_000_000))
    }

    /// The metrics of one channel and kind, made once: making one asks the backend to look it
    /// up by name and labels, which a burst of thousands of sends should not repeat.
    private struct Handles: Sendable {
        let sent, failed, retried, deadLettered: Counter
        let duration: Timer

        init(channel: String, kind: String) {
            let dimensions = [("channel", channel), ("kind", kind)]
            sent = Counter(label: "frist_reminders_sent_total", dimensions: dimensions)
            failed = Counter(label: "frist_reminders_failed_total", dimensions: dimensions)
            retried = Counter(label: "frist_reminders_retried_total", dimensions: dimensions)
            deadLettered = Counter(label: "frist_reminders_dead_lettered_total", dimensions: dimensions)
            duration = Timer(label: "frist_delivery_duration_seconds", dimensions: [("channel", channel)])
        }
    }

    private static let made = Mutex<[String: Handles]>([:])

    private static func handles(channel: String, kind: String) -> Handles {
        made.withLock { made in
            let name = channel + "\u{0}" + kind
            if let known = made[name] { return known }
            let new = Handles(channel: channel, kind: kind)
            made[name] = new
            return new
        }
    }

    enum Outcome { case sent, retried, deadLettered }

    /// When the next reminder or retry is due (seconds since the epoch; 0: nothing ahead).
    static func nextDue(_ instant: Double?) {
        Gauge(label: "frist_next_due_timestamp_seconds").record(instant ?? 0)
    }

    /// The outcome of the last (re)load of the configuration.
    static func reload(succeeded: Bool, at instant: Double) {
        Gauge(label: "frist_last_reload_success").record(succeeded ? 1 : 0)
        Gauge(label: "frist_last_reload_timestamp_seconds").record(instant)
    }

    /// A cluster node's view after a beat: nodes alive, of them how many run another
    /// configuration, and whether the shared store answered.
    static func cluster(alive: Int?, mismatched: Int?, reachable: Bool) {
        if let alive { Gauge(label: "frist_cluster_nodes_alive").record(alive) }
        if let mismatched { Gauge(label: "frist_cluster_config_mismatch").record(mismatched) }
        Gauge(label: "frist_store_reachable").record(reachable ? 1 : 0)
    }

    /// `before`, `due`, `overdue`, `escalation`, `digest`… from a key's `#kind[-offset]`.
    static func kind(of key: String) -> String {
        ReminderKey(key)?.kind ?? "unknown"
    }
}
