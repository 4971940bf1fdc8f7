import FristConfig

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

    /// A webhook URL: a secret, read at send time and masked in output from then on. (A server
    /// address, Matrix's, ntfy's, Gotify's, SMTP's, is no secret and stays readable.)
    func webhookURL(_ url: Secret, _ secrets: SecretResolver) throws(DeliveryError) -> String {
        try secrets.resolve(url, field: "url", channel: channel.name)
    }
}

/// A chat gateway reached by POSTing one JSON document to its webhook URL (Slack, Teams,
/// Mattermost, Discord): only the document differs.
protocol JSONWebhookNotifier: RequestNotifier {
    /// The webhook URL, a secret.
    var url: Secret { get }

    static func payload(_ message: Message) -> JSONValue
}

extension JSONWebhookNotifier {
    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        jsonRequest(try webhookURL(url, secrets), Self.payload(message), for: message)
    }
}
