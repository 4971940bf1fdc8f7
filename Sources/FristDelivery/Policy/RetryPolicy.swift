import Foundation

/// When to try again after a failed attempt, or when to give up: exponential backoff with
/// jitter, the gateway's `Retry-After` honoured, and a reminder older than `maxAge` given up.
///
/// Pure: the clock and the randomness are the caller's.
public struct RetryPolicy: Sendable {
    /// Delay after the first failure; doubles with each further one.
    public var baseDelay: Double
    public var maxDelay: Double
    /// A reminder whose first attempt is older than this is dead-lettered instead of retried.
    public var maxAge: Double
    /// Fraction of the delay added at random (0.25: up to 25 % longer), so retries spread out.
    public var jitter: Double
    /// The longest `Retry-After` obeyed; a gateway asking for longer gets `maxDelay`.
    public var maxRetryAfter: Double

    public init(baseDelay: Double = 5, maxDelay: Double = 900, maxAge: Double = 86_400, jitter: Double = 0.25,
                maxRetryAfter: Double = 3_600) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAge = maxAge
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// What to do next.
    public enum Decision: Sendable, Equatable {
        case done
        /// Try again at this time (seconds since the epoch).
        case retry(at: Double)
        /// Give up; the reason is for people.
        case deadLetter(String)
        /// Nothing was tried (the send was withheld): back to pending, no failure counted.
        case release
    }

    /// - Parameters:
    ///   - outcome: how the attempt went.
    ///   - failures: failed attempts so far, this one included (1 after the first failure).
    ///   - firstAttempt: when the reminder was first tried.
    ///   - now: the current time.
    ///   - random: a number in 0..<1 for the jitter.
    public func decide(_ outcome: DeliveryOutcome, failures: Int, firstAttempt: Double, now: Double,
                       random: Double) -> Decision {
        switch outcome {
        case .delivered:
            return .done
        case .withheld:
            return .release
        case .permanent(let reason):
            return .deadLetter(reason)
        case .retryable(let reason, let retryAfter):
            var delay = min(maxDelay, baseDelay * pow(2, Double(max(0, failures - 1))))
            delay += delay * jitter * random
            if let asked = retryAfter.flatMap({ Self.seconds(retryAfter: $0, now: now) }) {
                delay = max(delay, min(asked, maxRetryAfter))
            }
            let at = now + delay
            if at - firstAttempt > maxAge {
                return .deadLetter("\(reason); still failing after \(Self.duration(now - firstAttempt)), giving up")
            }
            return .retry(at: at)
        }
    }

    /// A `Retry-After` value in seconds from `now`: delta-seconds or an HTTP-date.
    public static func seconds(retryAfter value: String, now: Double) -> Double? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let n = Int(v), n >= 0 { return Double(n) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let date = f.date(from: v) { return max(0, date.timeIntervalSince1970 - now) }
        }
        return nil
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        return s >= 3600 ? "\(s / 3600) h \(s % 3600 / 60) min" : s >= 60 ? "\(s / 60) min" : "\(s) s"
    }
}
