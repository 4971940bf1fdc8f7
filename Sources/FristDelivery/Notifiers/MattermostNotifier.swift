public import FristConfig

/// Kind `mattermost`: an incoming webhook (`url`, a secret). Mattermost renders Markdown in
/// `text`, so the payload is just `{"text": markdown}`, the links as Markdown links (message
/// attachments' `actions` call back an integration's server, not a URL in the browser) and the
/// recipients mentioned first (`@username`, from `mattermost:` of a person). No `username` or `icon_url`: the admin
/// names the webhook when creating it, and overriding them needs a server setting that is off
/// by default (Mattermost then ignores the override anyway).
public struct MattermostNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig
    public let url: Secret

    public init(channel: ChannelConfig, url: Secret) {
        self.channel = channel
        self.url = url
    }

    static func payload(_ message: Message) -> JSONValue {
        let mentions = message.facts.mentions(\.mattermost).map { "@" + $0.handle }.joined(separator: " ")
        return ["text": .string((mentions.isEmpty ? "" : mentions + "\n") + message.markdown)]
    }
}
