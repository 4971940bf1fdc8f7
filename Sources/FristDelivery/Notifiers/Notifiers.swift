public import FristConfig

/// The notifier for each kind of channel, given its settings.
public enum Notifiers {
    public static func make(_ channel: ChannelConfig) -> any Notifier {
        switch channel.settings {
        case .console: ConsoleNotifier(channel: channel)
        case .webhook(let settings): WebhookNotifier(channel: channel, settings: settings)
        case .slack(let url): SlackNotifier(channel: channel, url: url)
        case .teams(let url): TeamsNotifier(channel: channel, url: url)
        case .mattermost(let url): MattermostNotifier(channel: channel, url: url)
        case .discord(let url): DiscordNotifier(channel: channel, url: url)
        case .matrix(let settings): MatrixNotifier(channel: channel, settings: settings)
        case .ntfy(let settings): NtfyNotifier(channel: channel, settings: settings)
        case .gotify(let settings): GotifyNotifier(channel: channel, settings: settings)
        case .email(let settings):
            if case .oauth2(_, let oauth2) = settings.authentication {
                XOAuth2EmailNotifier(channel: channel, settings: settings, oauth2: oauth2)
            } else {
                EmailNotifier(channel: channel, settings: settings)
            }
        case .graph(let settings): GraphNotifier(channel: channel, settings: settings)
        }
    }
}
