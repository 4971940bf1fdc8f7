public import FristConfig

/// Kind `mattermost`: an incoming webhook (`url`, a secret). Mattermost renders Markdown in
/// `text`, so the payload is just `{"text": markdown}`. No `username` or `icon_url`: the admin
/// names the webhook when creating it, and overriding them needs a server setting that is off
/// by default (Mattermost then ignores the override anyway).
public struct MattermostNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig

    public init(channel: ChannelConfig) { self.channel = channel }

    static func payload(_ message: Message) -> JSONValue {
        ["text": .string(message.markdown)]
    }
}
