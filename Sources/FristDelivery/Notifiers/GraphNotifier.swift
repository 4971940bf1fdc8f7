public import FristConfig
import FristCore
import Foundation

/// Kind `graph`: Microsoft Graph `POST {url}/v1.0/users/{mailbox}/sendMail`, the mailbox being
/// the address in `from`, with an OAuth2 access token (application permission `Mail.Send`).
/// One message per reminder to all its recipients with an address: the same subject and HTML
/// as the `email` channel, `X-Frist-Key` among its Internet headers, and no copy in Sent Items
/// unless `save_to_sent: true`.
///
/// Graph answers 202 when it has accepted the message; 429, 503 and 504 come with `Retry-After`
/// and are retried; other refusals go to the dead letters with Graph's `error.code` and
/// `error.message`, which say what to fix (`ErrorInvalidUser`, `ErrorAccessDenied`, …).
public struct GraphNotifier: TokenAuthorizedNotifier {
    public let channel: ChannelConfig
    public let settings: GraphSettings
    var oauth2: OAuth2Settings { settings.oauth2 }

    public init(channel: ChannelConfig, settings: GraphSettings) {
        self.channel = channel
        self.settings = settings
    }

    func request(for message: Message, token: String, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        let mailbox = settings.from.address
        let to = try EmailNotifier.addressed(message, channel: channel.name)
        let server = settings.url
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        // The mailbox is a path segment: an address with '/' or '?' must not change the path.
        let segment = mailbox.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? mailbox
        return jsonRequest(base + "/v1.0/users/" + segment + "/sendMail", payload(message, to: to), for: message,
                           headers: [HTTPHeader("Authorization", "Bearer " + token)])
    }

    func payload(_ message: Message, to: [MessageFacts.Recipient]) -> JSONValue {
        [
            "message": [
                "subject": .string(message.subject),
                "body": ["contentType": "HTML", "content": .string(message.emailHTML)],
                "toRecipients": .array(to.map { r in ["emailAddress": ["name": .string(r.name), "address": .string(r.email ?? "")]] }),
                "internetMessageHeaders": [["name": "X-Frist-Key", "value": .string(message.key)]],
            ],
            "saveToSentItems": .bool(settings.saveToSent),
        ]
    }

    func refusesToken(_ response: TransportResponse) -> Bool { response.failure == nil && response.status == 401 }

    func attempt(_ response: TransportResponse, redactor: Redactor) -> DeliveryAttempt {
        let attempt = DeliveryAttempt(response, redactor: redactor, mail: false)
        guard case .permanent(let reason) = attempt.outcome, response.failure == nil,
              let body = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let error = body["error"] as? [String: Any], let code = error["code"] as? String else { return attempt }
        let words = (error["message"] as? String).map { ": " + TextClipping.clipped($0, limit: 300) { $0.count } } ?? ""
        return DeliveryAttempt(outcome: .permanent(reason + " — " + redactor.redact(code + words)),
                               status: attempt.status, reply: attempt.reply, seconds: attempt.seconds)
    }
}
