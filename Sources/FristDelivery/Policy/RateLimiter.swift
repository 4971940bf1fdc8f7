public import FristConfig

/// A token bucket per channel: a backlog drains at the gateway's pace instead of as a storm.
///
/// Pure: the caller passes the time. Defaults follow the gateways' published limits.
public struct RateLimiter: Sendable {
    public let count: Int
    public let perSeconds: Double
    /// Tokens left as of `last`: what a shared store keeps for the cluster between batches.
    public private(set) var tokens: Double
    public private(set) var last: Double?

    public init(_ limit: RateLimit) {
        self.init(limit, tokens: nil, last: nil)
    }

    /// A bucket as it was left (a full one when `tokens` is nil).
    public init(_ limit: RateLimit, tokens: Double?, last: Double?) {
        count = limit.count
        perSeconds = Double(limit.perSeconds)
        self.tokens = tokens ?? Double(limit.count)
        self.last = last
    }

    /// The limit that applies to a channel: its own `rate`, else its kind's default.
    public static func limit(for channel: ChannelConfig) -> RateLimit? {
        if let rate = channel.rate { return rate }
        switch channel.kind {
        case .slack: return RateLimit(count: 1, perSeconds: 1)        // Slack: about one message a second
        case .discord: return RateLimit(count: 5, perSeconds: 2)      // Discord webhooks: 5 requests per 2 s
        case .teams: return RateLimit(count: 4, perSeconds: 1)        // Teams connectors: 4 per second
        case .mattermost: return RateLimit(count: 10, perSeconds: 1)  // Mattermost default: 10 per second
        case .matrix: return RateLimit(count: 5, perSeconds: 1)
        case .ntfy: return RateLimit(count: 10, perSeconds: 1)        // ntfy.sh: burst 60, then 1 per 5 s per visitor
        case .gotify: return RateLimit(count: 10, perSeconds: 1)
        case .email, .graph: return RateLimit(count: 30, perSeconds: 60)  // Exchange Online: 30 messages a minute per mailbox
        case .webhook, .console: return nil
        }
    }

    /// Seconds to wait before the next send at `now` (0: go). The send's token is taken now,
    /// also when it has to wait for it: each send queued behind it waits one interval longer,
    /// so a burst is spread at the rate instead of all going when the first token comes back.
    public mutating func delay(now: Double) -> Double {
        if let last { tokens = min(Double(count), tokens + (now - last) * Double(count) / perSeconds) }
        last = now
        let wait = tokens >= 1 ? 0 : (1 - tokens) * perSeconds / Double(count)
        tokens -= 1
        return wait
    }
}
