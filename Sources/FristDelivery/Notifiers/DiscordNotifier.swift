public import FristConfig
import FristCore

/// Kind `discord`: a channel webhook (`url`, a secret). The message's Markdown as `content`
/// (Discord renders `**bold**` and `[label](url)` links), the recipients mentioned first
/// (`<@id>`, from `discord:` of a person). `allowed_mentions` lets only those users be pinged
/// (`"parse": []` and their ids), so a title containing `@everyone` pings nobody.
///
/// Discord refuses content over 2000 characters, counted as Unicode code points: a longer text
/// is cut at a line break (else a space) and ends with "…".
public struct DiscordNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig
    public let url: Secret

    public init(channel: ChannelConfig, url: Secret) {
        self.channel = channel
        self.url = url
    }

    static let contentLimit = 2000

    static func payload(_ message: Message) -> JSONValue {
        let users = message.facts.mentions(\.discord).map(\.handle)
        let mentions = users.map { "<@\($0)>" }.joined(separator: " ")
        let content = (mentions.isEmpty ? "" : mentions + "\n") + message.markdown
        var allowed: [(String, JSONValue)] = [("parse", [])]
        if !users.isEmpty { allowed.append(("users", .array(users.map(JSONValue.string)))) }
        return [
            "content": .string(TextClipping.clipped(content, limit: contentLimit) { $0.unicodeScalars.count }),
            "allowed_mentions": .object(allowed),
        ]
    }
}
