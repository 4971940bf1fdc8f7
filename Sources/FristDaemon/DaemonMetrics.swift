import CoreMetrics
import FristDelivery

/// What the daemon reports through swift-metrics (Prometheus in `frist run`, nothing when no
/// backend is bootstrapped). Names and labels live here only.
enum DaemonMetrics {
    /// One finished attempt: counted by outcome, channel and kind, and timed.
    static func attempt(key: String, channel: String, outcome: Outcome, seconds: Double) {
        let dimensions = [("channel", channel), ("kind", kind(of: key))]
        switch outcome {
        case .sent:
            Counter(label: "frist_reminders_sent_total", dimensions: dimensions).increment()
        case .retried:
            Counter(label: "frist_reminders_failed_total", dimensions: dimensions).increment()
            Counter(label: "frist_reminders_retried_total", dimensions: dimensions).increment()
        case .deadLettered:
            Counter(label: "frist_reminders_failed_total", dimensions: dimensions).increment()
            Counter(label: "frist_reminders_dead_lettered_total", dimensions: dimensions).increment()
        }
        Timer(label: "frist_delivery_duration_seconds", dimensions: [("channel", channel)])
            .recordNanoseconds(Int64(seconds * 1_000_000_000))
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

    /// `before`, `due`, `overdue`, `escalation`, `digest`… from a key's `#kind[-offset]`.
    static func kind(of key: String) -> String {
        guard let hash = key.lastIndex(of: "#") else { return "unknown" }
        let suffix = key[key.index(after: hash)...]
        return String(suffix.prefix { $0 != "-" })
    }
}
