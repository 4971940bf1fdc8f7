import Crypto

/// Signed, expiring "mark it done" links in reminders (`http.public_url` with
/// `http.link_key_file`): a project manager clicks, the daemon's listener checks the HMAC and
/// the expiry and records the acknowledgement — no token, no login, no way to forge a link to
/// another deadline or to stretch its life.
///
/// `{public_url}/ack/link?t={target}&e={expiry}&s={HMAC-SHA256(key, "ack\n" + target + "\n" + expiry)}`
public struct AckLinks: Sendable {
    /// Where people reach the listener, without a trailing `/`.
    public let baseURL: String
    /// How long a link works after its reminder went out (seconds).
    public let lifetime: Int
    private let key: [UInt8]

    public init(baseURL: String, key: [UInt8], lifetime: Int) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.key = key
        self.lifetime = lifetime
    }

    /// The link that acknowledges `target` (`project/milestone@YYYY-MM-DD`), valid until
    /// `expires` (seconds since the epoch). The same inputs give the same link, so a retried
    /// message carries the link the first attempt did.
    public func url(target: String, expires: Int64) -> String {
        baseURL + "/ack/link?t=" + Self.percentEncoded(target) + "&e=" + String(expires)
            + "&s=" + signature(target: target, expires: expires)
    }

    /// What a link's query says, checked.
    public enum Verdict: Sendable, Equatable {
        case valid(target: String)
        /// Genuine, but past its expiry.
        case expired(target: String)
        /// Missing parts, or a signature that does not match.
        case forged
    }

    /// Checks the `t`, `e` and `s` query values (already percent-decoded) at `now`. Fails
    /// closed: without a key nothing verifies, and the comparison takes the same time however
    /// much of a guess matched.
    public func verify(target: String?, expires: String?, signature: String?, now: Int64) -> Verdict {
        guard !key.isEmpty, let target, let expiresText = expires, let expiresAt = Int64(expiresText),
              let signature, !signature.isEmpty else { return .forged }
        let expected = self.signature(target: target, expires: expiresAt)
        guard ConstantTime.equal(Array(signature.utf8), Array(expected.utf8)) else { return .forged }
        return now <= expiresAt ? .valid(target: target) : .expired(target: target)
    }

    /// HMAC-SHA256 in lowercase hex (swift-crypto: no result code to forget to check).
    private func signature(target: String, expires: Int64) -> String {
        let message = Array(("ack\n" + target + "\n" + String(expires)).utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in code {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Everything but letters, digits, `-` and `.` encoded: the link survives Markdown,
    /// chat formatting and mail clients unchanged.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
