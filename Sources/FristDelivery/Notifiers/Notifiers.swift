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
        case .email: channel.oauth2.map { XOAuth2EmailNotifier(channel: channel, oauth2: $0) } ?? EmailNotifier(channel: channel)
        case .graph:
            // The config requires oauth2 for graph; without it every send says so.
            channel.oauth2.map { GraphNotifier(channel: channel, oauth2: $0) as any Notifier }
                ?? Unsendable(channel: channel, reason: "channel '\(channel.name)' (graph) has no oauth2 settings")
        }
    }
}

/// A channel that cannot send, saying why at every attempt (a dead letter, never a crash).
struct Unsendable: Notifier {
    let channel: ChannelConfig
    let reason: String

    func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt {
        DeliveryAttempt(outcome: .permanent(reason), status: 0, reply: "", seconds: 0)
    }
}
