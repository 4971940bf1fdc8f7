public import FristConfig

/// The notifier for each kind of channel.
public enum Notifiers {
    public static func make(_ channel: ChannelConfig) -> any Notifier {
        switch channel.kind {
        case .console: ConsoleNotifier(channel: channel)
        case .webhook: WebhookNotifier(channel: channel)
        case .slack: SlackNotifier(channel: channel)
        case .teams: TeamsNotifier(channel: channel)
        case .mattermost: MattermostNotifier(channel: channel)
        case .discord: DiscordNotifier(channel: channel)
        case .matrix: MatrixNotifier(channel: channel)
        case .ntfy: NtfyNotifier(channel: channel)
        case .gotify: GotifyNotifier(channel: channel)
        case .email: EmailNotifier(channel: channel)
        }
    }
}
