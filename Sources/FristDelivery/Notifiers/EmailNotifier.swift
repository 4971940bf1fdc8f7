public import FristConfig
import Foundation

/// Kind `email`: one message per reminder to all its recipients with an address, through
/// libcurl's SMTP (smtp://, smtps://, STARTTLS as configured, optional AUTH). The message is
/// multipart/alternative (text and HTML), its subject RFC 2047-encoded UTF-8, its Message-ID
/// derived from the reminder's key so a re-send is recognisably the same message.
public struct EmailNotifier: RequestNotifier {
    public let channel: ChannelConfig
    public let settings: EmailSettings

    public init(channel: ChannelConfig, settings: EmailSettings) {
        self.channel = channel
        self.settings = settings
    }

    public func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        try request(for: message, secrets: secrets, bearer: nil)
    }

    /// The submission; with `bearer` (an OAuth2 access token) it authenticates with XOAUTH2
    /// as `username` instead of a password.
    func request(for message: Message, secrets: SecretResolver, bearer: String?) throws(DeliveryError) -> TransportRequest {
        let from = settings.from
        let to = try Self.addressed(message, channel: channel.name)
        let username: String?, password: String?
        switch settings.authentication {
        case .none:
            (username, password) = (nil, nil)
        case .password(let name, let secret):
            username = name
            password = try secret.map { s throws(DeliveryError) in
                try secrets.resolve(s, field: "password", channel: channel.name)
            }
        case .oauth2(let name, _):
            (username, password) = (name, nil)
        }
        let tls: MailEnvelope.TLS = switch settings.startTLS {
        case .required: .required
        case .optional: .optional
        case .off: .off
        }
        let mime = MIMEMessage(from: from.text, fromAddress: from.address,
                               to: to.map { Self.mailbox(name: $0.name, address: $0.email!) },
                               subject: message.subject, text: message.text, html: message.emailHTML,
                               key: message.key, date: Date())
        return TransportRequest(
            url: settings.server, method: "SMTP", body: Array(mime.rendered.utf8),
            timeoutSeconds: channel.timeoutSeconds, insecure: channel.insecure,
            mail: MailEnvelope(from: from.address, recipients: to.map { $0.email! }, username: username,
                               password: password, bearer: bearer, startTLS: tls))
    }

    /// The recipients with an address; a mail channel with none of them cannot send.
    static func addressed(_ message: Message, channel: String) throws(DeliveryError) -> [MessageFacts.Recipient] {
        let to = message.facts.recipients.filter { $0.email != nil }
        guard !to.isEmpty else {
            throw DeliveryError("channel '\(channel)': none of \(message.facts.recipients.map(\.id).joined(separator: ", ")) has an e-mail address")
        }
        return to
    }

    /// `"Name" <address>` with the name encoded when it is not plain ASCII.
    static func mailbox(name: String, address: String) -> String {
        "\(MIMEMessage.encodedWord(name)) <\(address)>"
    }
}

/// A multipart/alternative message with CRLF line ends and base64 bodies, ready for SMTP:
/// the plain text (the ack link written out) and an HTML document.
struct MIMEMessage {
    let from: String
    let fromAddress: String
    let to: [String]
    let subject: String
    let text: String
    let html: String
    let key: String
    let date: Date

    var rendered: String {
        let boundary = "frist-" + Self.hex(Array(key.utf8)).prefix(24)
        let domain = fromAddress.split(separator: "@").last.map(String.init) ?? "frist"
        var lines = [
            "From: " + Self.encodedMailbox(from),
            "To: " + to.joined(separator: ",\r\n "),
            "Subject: " + Self.encodedWord(subject),
            "Date: " + Self.rfc5322(date),
            "Message-ID: <frist." + Self.hex(Array(key.utf8)) + "@" + domain + ">",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "X-Frist-Key: " + key,
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--" + boundary, "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(Array(body.utf8))
        }
        lines += ["--" + boundary + "--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2047: plain ASCII stays as it is; anything else becomes `=?UTF-8?B?…?=` words of at
    /// most 75 characters, split between whole characters.
    static func encodedWord(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !text.contains("=?") {
            return text
        }
        var words: [String] = []
        var chunk: [UInt8] = []
        for c in text {
            let bytes = Array(String(c).utf8)
            // 45 bytes of UTF-8 make 60 base64 characters; with "=?UTF-8?B?" and "?=" that is 72.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Name <address>` with only the name encoded.
    static func encodedMailbox(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<") else { return mailbox }
        let name = mailbox[..<open].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? String(mailbox[open...]) : encodedWord(name) + " " + mailbox[open...]
    }

    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let all = Data(bytes).base64EncodedString()
        return stride(from: 0, to: all.count, by: 76).map { i in
            let start = all.index(all.startIndex, offsetBy: i)
            return String(all[start..<(all.index(start, offsetBy: 76, limitedBy: all.endIndex) ?? all.endIndex)])
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// `Tue, 16 Sep 2021 07:00:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f.string(from: date)
    }
}
