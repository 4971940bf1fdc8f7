/// How one attempt went: delivered, worth retrying (and when the gateway asked for), or
/// never going to work.
public enum DeliveryOutcome: Sendable, Equatable {
    case delivered
    /// Connection errors, timeouts, 408, 429, 5xx (SMTP 4xx). `retryAfter` is the gateway's
    /// `Retry-After` header as sent, if any.
    case retryable(String, retryAfter: String?)
    /// Other 4xx (SMTP 5xx), bad configuration: straight to the dead letters.
    case permanent(String)
    /// Not sent at all: too late to be sure of the claim (``TransportRequest/sendBy``). Not an
    /// attempt: the reminder goes back to be sent by whichever node holds it.
    case withheld(String)
}

/// One attempt: its outcome, the gateway's status and (redacted, shortened) reply.
public struct DeliveryAttempt: Sendable {
    public let outcome: DeliveryOutcome
    /// HTTP status or SMTP reply code; 0 when nothing came back.
    public let status: Int
    /// The gateway's reply, secrets masked, at most 512 characters.
    public let reply: String
    public let seconds: Double

    public init(outcome: DeliveryOutcome, status: Int, reply: String, seconds: Double) {
        self.outcome = outcome
        self.status = status
        self.reply = reply
        self.seconds = seconds
    }

    /// Classifies a transport response.
    public init(_ response: TransportResponse, redactor: Redactor, mail: Bool) {
        // Redacted before it is cut: a secret straddling the cut would no longer match.
        let reply = String(redactor.redact(response.bodyText).prefix(512))
        status = response.status
        seconds = response.seconds
        self.reply = reply
        if let failure = response.failure {
            let reason = redactor.redact(failure.message)
            // An SMTP server's answer decides, when there is one: 4xx is "try later", 5xx "no".
            if mail && response.status >= 400 {
                outcome = response.status < 500 ? .retryable("SMTP \(response.status): \(reason)", retryAfter: nil)
                    : .permanent("SMTP \(response.status): \(reason)")
                return
            }
            switch failure.kind {
            case .connection, .timeout, .cancelled: outcome = .retryable(reason, retryAfter: nil)
            case .permanent: outcome = .permanent(reason)
            case .withheld: outcome = .withheld(reason)
            }
            return
        }
        switch response.status {
        case _ where mail, 200..<300:
            outcome = .delivered  // libcurl reports a refused mail as a failure, handled above
        case 408, 429, 500..<600:
            outcome = .retryable("HTTP \(response.status)", retryAfter: response.header("Retry-After"))
        default:
            outcome = .permanent("HTTP \(response.status)")
        }
    }
}
