public import FristConfig

/// Kind `ntfy`: publishes as JSON to the server root (`url`), naming the `topic` in the body,
/// with the message's Markdown (`"markdown": true`), a priority by urgency (3 default, 4 high,
/// 5 max) and a tag ntfy shows as an emoji (📅 ahead, ⚠️ due, 🚨 overdue or escalated).
/// The links become ntfy's own: tapping the notification opens the first (`click`), and each is
/// a `view` action button ("Meld færdig", "Se oversigt"). `token` (optional, a secret) goes as
/// `Authorization: Bearer`.
public struct NtfyNotifier: RequestNotifier {
    public let channel: ChannelConfig
    public let settings: NtfySettings

    public init(channel: ChannelConfig, settings: NtfySettings) {
        self.channel = channel
        self.settings = settings
    }

    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        let server = settings.server
        var headers: [HTTPHeader] = []
        if let token = settings.token {
            headers.append(HTTPHeader("Authorization", "Bearer " + (try secrets.resolve(token, field: "token", channel: channel.name))))
        }
        // The root with its slash, also when ntfy is served under a path (`https://host/ntfy/`).
        let url = server.hasSuffix("/") ? server : server + "/"
        return jsonRequest(url, Self.payload(message, topic: settings.topic), for: message, headers: headers)
    }

    static func payload(_ message: Message, topic: String) -> JSONValue {
        let (priority, tag): (Int, String) = switch message.urgency {
        case .normal: (3, "calendar")
        case .high: (4, "warning")
        case .urgent: (5, "rotating_light")
        }
        var payload: [(String, JSONValue)] = [
            ("topic", .string(topic)),
            ("title", .string(message.subject)),
            ("message", .string(message.markdown)),
            ("markdown", true),
            ("priority", .number(priority)),
            ("tags", [.string(tag)]),
        ]
        let links = message.links
        if let first = links.first {
            payload.append(("click", .string(first.url)))
            payload.append(("actions", .array(links.map {
                ["action": "view", "label": .string($0.label), "url": .string($0.url)]
            })))
        }
        return .object(payload)
    }
}
