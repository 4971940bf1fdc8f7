/// What a channel of each kind needs to send, read and checked when the config is loaded:
/// a value here has every field its kind requires, so a notifier never finds one missing.
/// Secrets stay ``Secret``s: they are read at send time.
public enum ChannelSettings: Sendable, Hashable {
    /// stdout, or the journal under systemd.
    case console
    case webhook(WebhookSettings)
    /// The chat gateways reached by one incoming-webhook URL, a secret (it carries the credential).
    case slack(url: Secret)
    case teams(url: Secret)
    case mattermost(url: Secret)
    case discord(url: Secret)
    case matrix(MatrixSettings)
    case ntfy(NtfySettings)
    case gotify(GotifySettings)
    case email(EmailSettings)
    case graph(GraphSettings)

    public var kind: ChannelKind {
        switch self {
        case .console: .console
        case .webhook: .webhook
        case .slack: .slack
        case .teams: .teams
        case .mattermost: .mattermost
        case .discord: .discord
        case .matrix: .matrix
        case .ntfy: .ntfy
        case .gotify: .gotify
        case .email: .email
        case .graph: .graph
        }
    }
}
