/// One configured channel, validated: its name, its kind's own settings, and what every
/// channel takes (`insecure`, `timeout`, `max_body`, `rate`, `templates`).
public struct ChannelConfig: Sendable, Hashable {
    public let name: String
    /// What its kind needs to send, every required value present.
    public let settings: ChannelSettings
    public let insecure: Bool
    public let timeoutSeconds: Int
    /// The largest rendered request body (bytes) sent: a reminder rendering larger goes to the
    /// dead letters with that reason. `max_body`, default 256 KB.
    public let maxBody: Int
    public let rate: RateLimit?
    /// Mustache templates by reminder kind (`before`, `due`, `overdue`, `escalation`, `subject`).
    public let templates: [String: String]

    public static let defaultMaxBody = 256 * 1024

    /// The `type:` of the channel, from its settings.
    public var kind: ChannelKind { settings.kind }

    public init(name: String, settings: ChannelSettings, insecure: Bool = false, timeoutSeconds: Int = 30,
                maxBody: Int = Self.defaultMaxBody, rate: RateLimit? = nil, templates: [String: String] = [:]) {
        self.name = name
        self.settings = settings
        self.insecure = insecure
        self.timeoutSeconds = timeoutSeconds
        self.maxBody = maxBody
        self.rate = rate
        self.templates = templates
    }
}

/// A per-channel send rate limit: at most `count` messages per `perSeconds`.
public struct RateLimit: Sendable, Hashable {
    public let count: Int
    public let perSeconds: Int

    public init(count: Int, perSeconds: Int) {
        self.count = count
        self.perSeconds = perSeconds
    }
}
