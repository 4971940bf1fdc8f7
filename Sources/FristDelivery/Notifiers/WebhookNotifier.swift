public import FristConfig

/// Kind `webhook`: any HTTP endpoint. `url` (a secret), `method` (default POST), `headers`
/// (sent in name order; a value may be a secret, see `HeaderValue`), and `body`: a Mustache
/// template over the message's variables plus `text`, `subject`, `markdown` and `html`, every
/// value escaped as a JSON string fragment. Without `body`, Frist's own JSON:
///
/// ```json
/// {"key":"…","kind":"before","project":"…","milestone":"…","title":"…","due":"2021-09-30",
///  "at":"2021-09-16T07:00:00Z","recipients":["anne"],"text":"…"}
/// ```
///
/// `Content-Type: application/json` unless `headers` names a Content-Type of its own.
public struct WebhookNotifier: RequestNotifier {
    public let channel: ChannelConfig
    public let settings: WebhookSettings

    public init(channel: ChannelConfig, settings: WebhookSettings) {
        self.channel = channel
        self.settings = settings
    }

    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        let url = try webhookURL(settings.url, secrets)
        return httpRequest(url, body(for: message), for: message, method: settings.method, headers: try headers(secrets))
    }

    /// The body sent for `message`: the channel's template rendered, or Frist's own JSON.
    func body(for message: Message) -> [UInt8] {
        guard let body = settings.body else { return Self.defaultBody(message).bytes }
        var values = message.facts.variables
        values["text"] = message.text
        values["subject"] = message.subject
        values["markdown"] = message.markdown
        values["html"] = message.html
        return Array(body.template.render(values).utf8)
    }

    /// The configured headers in name order (dictionary order is arbitrary: this keeps the
    /// request the same every time), secrets read now, with JSON as the content type unless
    /// one is given.
    func headers(_ secrets: SecretResolver) throws(DeliveryError) -> [HTTPHeader] {
        var custom: [HTTPHeader] = []
        for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) {
            custom.append(HTTPHeader(name, try secrets.resolve(value, header: name, channel: channel.name)))
        }
        return (ownContentType == nil ? [HTTPHeader("Content-Type", "application/json")] : []) + custom
    }

    /// The Content-Type the body goes out with, for checking the body against it; nil when it
    /// is given as a secret and so unknown until sent.
    var contentType: String? {
        guard let own = ownContentType else { return "application/json" }
        if case .text(let type) = own { return type }
        return nil
    }

    private var ownContentType: HeaderValue? {
        settings.headers.first { $0.key.lowercased() == "content-type" }?.value
    }

    /// Frist's own payload, keys in this order.
    static func defaultBody(_ message: Message) -> JSONValue {
        let f = message.facts
        return [
            "key": .string(message.key),
            "kind": .string(f.kind),
            "project": .string(f.projectId),
            "milestone": .string(f.milestoneId),
            "title": .string(f.title),
            "due": .string(f.due),
            "at": .string(f.at),
            "recipients": .array(f.recipients.map { .string($0.id) }),
            "text": .string(message.text),
        ]
    }
}
