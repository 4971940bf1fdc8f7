public import FristConfig
import Foundation

/// Kind `matrix`: `url` is the homeserver (`https://matrix.example.dk`), `room` a room id
/// (`!abc:example.dk`) or alias (`#frister:example.dk`), `token` an access token (a secret,
/// sent as `Authorization: Bearer`). One event per reminder:
///
/// `PUT {url}/_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}` with
/// `{"msgtype":"m.text","body": text,"format":"org.matrix.custom.html","formatted_body": html}`.
///
/// The transaction id makes a re-send idempotent: the homeserver answers a repeated
/// transaction id (same token, same room) with the first event instead of posting again. It is
/// `frist.` + the key in base64url (RFC 4648 §5, no padding): deterministic, unique (base64 is
/// one-to-one), reversible when debugging, and made only of `[A-Za-z0-9._-]`, so it needs no
/// percent-encoding at all. Percent-encoding the key itself would put `%2F` (from the `/` in
/// every key) into the path, which Apache refuses by default (404 unless
/// `AllowEncodedSlashes NoDecode`) and nginx may decode before passing on; a hash would be
/// neither reversible nor any shorter for keys of this length.
///
/// An alias is resolved first (`GET /_matrix/client/v3/directory/room/{alias}`) at every send:
/// reminders are rare, and a moved alias is followed without a reload.
public struct MatrixNotifier: RequestNotifier {
    public let channel: ChannelConfig
    public let settings: MatrixSettings

    public init(channel: ChannelConfig, settings: MatrixSettings) {
        self.channel = channel
        self.settings = settings
    }

    /// The event request for the configured room. For an alias that is the alias itself, which
    /// homeservers do not accept in this path: ``send(_:via:)`` resolves it first.
    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        try request(for: message, secrets: secrets, room: settings.room)
    }

    public func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt {
        let room = settings.room
        var lookupSeconds = 0.0
        var roomID = room
        if room.hasPrefix("#") {
            let lookup: TransportRequest
            do throws(DeliveryError) {
                lookup = try lookupRequest(alias: room, message: message, secrets: context.secrets)
            } catch {
                return DeliveryAttempt(outcome: .permanent(error.message), status: 0, reply: "", seconds: 0)
            }
            let response = await context.transport.perform(lookup)
            let answer = DeliveryAttempt(response, redactor: context.secrets.redactor, mail: false)
            let why = "room alias \(room)"
            switch answer.outcome {
            case .delivered:
                guard let id = Self.roomID(in: response.body) else {
                    return DeliveryAttempt(outcome: .permanent("\(why): the homeserver named no room_id"),
                                           status: answer.status, reply: answer.reply, seconds: answer.seconds)
                }
                roomID = id
                lookupSeconds = answer.seconds
            case .retryable(let reason, let after):
                return DeliveryAttempt(outcome: .retryable("\(why): \(reason)", retryAfter: after),
                                       status: answer.status, reply: answer.reply, seconds: answer.seconds)
            case .permanent(let reason):
                return DeliveryAttempt(outcome: .permanent("\(why): \(reason)"),
                                       status: answer.status, reply: answer.reply, seconds: answer.seconds)
            case .withheld:
                return answer
            }
        }
        let event: TransportRequest
        do throws(DeliveryError) {
            event = try withinMaxBody(request(for: message, secrets: context.secrets, room: roomID))
        } catch {
            return DeliveryAttempt(outcome: .permanent(error.message), status: 0, reply: "", seconds: lookupSeconds)
        }
        let response = await context.transport.perform(event)
        let attempt = DeliveryAttempt(response, redactor: context.secrets.redactor, mail: false)
        return DeliveryAttempt(outcome: attempt.outcome, status: attempt.status, reply: attempt.reply,
                               seconds: attempt.seconds + lookupSeconds)
    }

    /// An alias is looked up for each message, as in ``send(_:via:)``.
    public func send(_ messages: [Message], via context: DeliveryContext) async -> [DeliveryAttempt] {
        await sendEach(messages, via: context)
    }

    /// The `m.room.message` PUT into `room` (a room id).
    func request(for message: Message, secrets: SecretResolver, room: String) throws(DeliveryError) -> TransportRequest {
        let (base, auth) = try endpoint(secrets)
        let url = base + "/_matrix/client/v3/rooms/" + Self.pathEncoded(room) + "/send/m.room.message/"
            + Self.transactionID(message.key)
        return jsonRequest(url, Self.payload(message), for: message, method: "PUT", headers: [auth])
    }

    private func lookupRequest(alias: String, message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        let (base, auth) = try endpoint(secrets)
        return httpRequest(base + "/_matrix/client/v3/directory/room/" + Self.pathEncoded(alias), [],
                           for: message, method: "GET", headers: [auth])
    }

    /// The homeserver without a trailing slash, and the bearer header.
    private func endpoint(_ secrets: SecretResolver) throws(DeliveryError) -> (String, HTTPHeader) {
        let token = try secrets.resolve(settings.token, field: "token", channel: channel.name)
        var base = settings.homeserver
        while base.hasSuffix("/") { base.removeLast() }
        return (base, HTTPHeader("Authorization", "Bearer " + token))
    }

    static func payload(_ message: Message) -> JSONValue {
        [
            "msgtype": "m.text",
            "body": .string(message.text),
            "format": "org.matrix.custom.html",
            "formatted_body": .string(message.html),
        ]
    }

    /// `frist.` + base64url(key), unpadded.
    static func transactionID(_ key: String) -> String {
        "frist." + Base64URL.encode(Data(key.utf8))
    }

    /// One path segment: everything but RFC 3986 unreserved characters percent-encoded
    /// (`!abc:example.dk` → `%21abc%3Aexample.dk`, `#` in an alias must never start a fragment).
    static func pathEncoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// `room_id` from a directory lookup's answer.
    static func roomID(in body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let id = object["room_id"] as? String, id.hasPrefix("!") else { return nil }
        return id
    }
}
