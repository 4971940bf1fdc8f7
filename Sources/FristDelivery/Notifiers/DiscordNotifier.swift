public import FristConfig
import FristCore

/// Kind `discord`: a channel webhook (`url`, a secret). The message's Markdown as `content`
/// (Discord renders `**bold**`), with mentions switched off (`"allowed_mentions": {"parse": []}`)
/// so a title containing `@everyone` pings nobody.
///
/// Discord refuses content over 2000 characters, counted as Unicode code points: a longer text
/// is cut at a line break (else a space) and ends with "…".
public struct DiscordNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig

    public init(channel: ChannelConfig) { self.channel = channel }

    static let contentLimit = 2000

    static func payload(_ message: Message) -> JSONValue {
        [
            "content": .string(TextClipping.clipped(message.markdown, limit: contentLimit) { $0.unicodeScalars.count }),
            "allowed_mentions": ["parse": []],
        ]
    }
}
