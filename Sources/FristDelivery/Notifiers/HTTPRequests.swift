/// What every HTTP notifier's request has in common: the channel's timeout and TLS setting,
/// and the `Idempotency-Key` header carrying the reminder's key.
extension Notifier {
    func jsonRequest(_ url: String, _ body: JSONValue, for message: Message, method: String = "POST",
                     headers: [HTTPHeader] = []) -> TransportRequest {
        httpRequest(url, body.bytes, for: message, method: method,
                    headers: [HTTPHeader("Content-Type", "application/json")] + headers)
    }

    func httpRequest(_ url: String, _ body: [UInt8], for message: Message, method: String = "POST",
                     headers: [HTTPHeader]) -> TransportRequest {
        TransportRequest(url: url, method: method,
                         headers: headers + [HTTPHeader("Idempotency-Key", message.key)],
                         body: body, timeoutSeconds: channel.timeoutSeconds, insecure: channel.insecure)
    }

    /// The channel's URL: a webhook URL is a secret (read at send time, masked in output); a
    /// server address (Matrix, ntfy, Gotify, SMTP) written inline is not, and stays readable.
    func resolvedURL(_ secrets: SecretResolver) throws(DeliveryError) -> String {
        guard let url = channel.url else { throw DeliveryError("channel '\(channel.name)' has no url") }
        if !channel.kind.urlIsSecret, case .inline(let address) = url { return address }
        return try secrets.resolve(url, field: "url", channel: channel.name)
    }
}

/// A chat gateway reached by POSTing one JSON document to its webhook URL (Slack, Teams,
/// Mattermost, Discord): only the document differs.
protocol JSONWebhookNotifier: RequestNotifier {
    static func payload(_ message: Message) -> JSONValue
}

extension JSONWebhookNotifier {
    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        jsonRequest(try resolvedURL(secrets), Self.payload(message), for: message)
    }
}
