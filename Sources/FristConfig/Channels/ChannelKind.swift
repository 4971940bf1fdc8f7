/// The kinds of channel a reminder can go out on: the words of `type:` in the config, and
/// the keys each kind takes (the config's shape; ``ChannelSettings`` holds the values read).
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
