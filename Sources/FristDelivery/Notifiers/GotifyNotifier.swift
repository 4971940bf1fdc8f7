public import FristConfig

/// Kind `gotify`: `POST {url}/message` with the application token (a secret) in
/// `X-Gotify-Key` (never in the query string, where proxies log it). The message is Markdown
/// (`client::display` extra); the priority by urgency is 4, 6 or 8: the Android app notifies
/// with sound from 4 and more insistently from 8. Tapping the notification opens the first link
/// (`client::notification` `click.url`): "Meld færdig", else the overview.
public struct GotifyNotifier: RequestNotifier {
    public let channel: ChannelConfig
    public let settings: GotifySettings

    public init(channel: ChannelConfig, settings: GotifySettings) {
        self.channel = channel
        self.settings = settings
    }

    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        let token = try secrets.resolve(settings.token, field: "token", channel: channel.name)
        let server = settings.server
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        return jsonRequest(base + "/message", Self.payload(message), for: message,
                           headers: [HTTPHeader("X-Gotify-Key", token)])
    }

    static func payload(_ message: Message) -> JSONValue {
        let priority = switch message.urgency {
        case .normal: 4
        case .high: 6
        case .urgent: 8
        }
        var extras: [(String, JSONValue)] = [("client::display", ["contentType": "text/markdown"])]
        if let first = message.links.first {
            extras.append(("client::notification", ["click": ["url": .string(first.url)]]))
        }
        return [
            "title": .string(message.subject),
            "message": .string(message.markdown),
            "priority": .number(priority),
            "extras": .object(extras),
        ]
    }
}
