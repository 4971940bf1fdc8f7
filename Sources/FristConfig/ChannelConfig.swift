/// The kinds of channel a reminder can go out on.
public enum ChannelKind: String, Sendable, Hashable, CaseIterable {
    case console, webhook, slack, teams, mattermost, discord, matrix, ntfy, gotify, email, graph

    /// Channels that mail people (each recipient needs an address; `send-test` needs `--to`).
    public var isMail: Bool { self == .email || self == .graph }

    /// The OAuth2 scope a token is asked for when `oauth2:` names none.
    public var defaultScope: String? {
        switch self {
        case .email: return "https://outlook.office365.com/.default"
        case .graph: return "https://graph.microsoft.com/.default"
        default: return nil
        }
    }

    /// Fields this kind accepts besides `type` and the fields every channel takes.
    var fields: [String] {
        switch self {
        case .console: return []
        case .webhook: return ["url", "method", "headers", "body"]
        case .slack, .teams, .mattermost, .discord: return ["url"]
        case .matrix: return ["url", "room", "token"]
        case .ntfy: return ["url", "topic", "token"]
        case .gotify: return ["url", "token"]
        case .email: return ["url", "from", "username", "password", "starttls", "oauth2"]
        case .graph: return ["url", "from", "oauth2", "save_to_sent"]
        }
    }

    /// Fields that must be present.
    var required: [String] {
        switch self {
        case .console: return []
        case .webhook, .slack, .teams, .mattermost, .discord: return ["url"]
        case .matrix: return ["url", "room", "token"]
        case .ntfy: return ["url", "topic"]
        case .gotify: return ["url", "token"]
        case .email: return ["url", "from"]
        case .graph: return ["from", "oauth2"]
        }
    }

    /// Whether the channel's `url` is a credential (webhook URLs) rather than a server address.
    public var urlIsSecret: Bool { secretFields.contains("url") }

    /// Fields holding secrets (also accepted as `x_file` / `x_env`). Webhook URLs carry their
    /// credential in the URL, so they count as secrets.
    var secretFields: Set<String> {
        switch self {
        case .console, .graph: return []
        case .webhook, .slack, .teams, .mattermost, .discord: return ["url"]
        case .matrix, .ntfy, .gotify: return ["token"]
        case .email: return ["password"]
        }
    }
}

/// How strictly an SMTP channel insists on STARTTLS.
public enum StartTLS: String, Sendable, Hashable, CaseIterable {
    case required, optional, off
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

/// A `headers` value: text as written, or a secret (`{value: …}`, `{value_file: …}`,
/// `{value_env: …}`) read when it is sent. Text under a credential-like name
/// (``isSensitive(_:)``) is treated as a secret when sent, so that an echo of it is masked.
public enum HeaderValue: Sendable, Hashable, ExpressibleByStringLiteral {
    case text(String)
    case secret(Secret)

    public init(stringLiteral value: String) { self = .text(value) }

    /// `Authorization`, `Proxy-Authorization`, `X-Api-Key` and any name containing token,
    /// secret, key, auth or password: headers that carry credentials, whatever the gateway.
    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["token", "secret", "key", "auth", "password"].contains { lower.contains($0) }
    }
}

/// One configured channel, validated. Fields not used by its kind are `nil`.
public struct ChannelConfig: Sendable, Hashable {
    public let name: String
    public let kind: ChannelKind
    /// Endpoint URL (server for matrix/ntfy/gotify/graph, `smtp://` for e-mail); a secret for webhooks.
    public var url: Secret?
    public var method: String?
    /// Extra HTTP headers (`webhook`), by name.
    public var headers: [String: HeaderValue]
    public var body: String?
    /// Where `body` is written (`file:line:col`), for problems found when it is rendered.
    public var bodyLocation: String?
    public var room: String?
    public var topic: String?
    public var token: Secret?
    public var from: String?
    public var username: String?
    public var password: Secret?
    /// Client credentials for an access token (`email` with XOAUTH2, `graph`).
    public var oauth2: OAuth2Settings?
    /// `graph`: keep a copy in the mailbox's Sent Items (`save_to_sent`, default false).
    public var saveToSent: Bool
    public var startTLS: StartTLS
    public var insecure: Bool
    public var timeoutSeconds: Int
    /// The largest rendered request body (bytes) sent: a reminder rendering larger goes to the
    /// dead letters with that reason. `max_body`, default 256 KB.
    public var maxBody: Int
    public var rate: RateLimit?
    /// Mustache templates by reminder kind (`before`, `due`, `overdue`, `escalation`, `subject`).
    public var templates: [String: String]

    public static let defaultMaxBody = 256 * 1024

    public init(name: String, kind: ChannelKind) {
        self.name = name
        self.kind = kind
        headers = [:]
        startTLS = .required
        saveToSent = false
        insecure = false
        timeoutSeconds = 30
        maxBody = Self.defaultMaxBody
        templates = [:]
    }
}
