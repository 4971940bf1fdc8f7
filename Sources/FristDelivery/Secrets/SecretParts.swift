import Foundation

/// What a gateway may echo of a secret besides the whole value, each in the forms it may
/// arrive in (as written, percent-decoded and -encoded, JSON-escaped).
///
/// For a URL: its path and query, every path segment, query value and user name that looks
/// like a token (``looksLikeToken(_:)``: structural words such as `services`, `webhooks`,
/// `IncomingWebhook` or `api` stay readable) and the password. For anything else: each word
/// of 8 characters or more, so that `Bearer abc…` masks `abc…` and leaves `Bearer`.
enum SecretParts {
    static func of(_ value: String) -> Set<String> {
        let pieces = [value] + (urlPieces(value) ?? words(value))
        return Set(pieces.flatMap(forms).filter { $0.count >= 4 })
    }

    /// At least 16 characters, or 8 with a digit: random credentials are, path words are not.
    static func looksLikeToken(_ s: String) -> Bool {
        s.count >= 16 || (s.count >= 8 && s.contains(where: \.isNumber))
    }

    /// The pieces of an absolute URL that carry its credential; nil when `value` is no URL.
    private static func urlPieces(_ value: String) -> [String]? {
        guard let url = URLComponents(string: value), url.scheme != nil, url.host != nil else { return nil }
        var pieces: [String] = []
        if url.percentEncodedPath.count > 1 { pieces.append(url.percentEncodedPath) }
        pieces += url.percentEncodedPath.split(separator: "/").map(String.init).filter(looksLikeToken)
        if let query = url.percentEncodedQuery {
            pieces.append(query)
            let values = query.split(separator: "&").map { item in
                item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? ""
            }
            pieces += values.filter(looksLikeToken)
        }
        if let user = url.percentEncodedUser, looksLikeToken(user) { pieces.append(user) }
        if let password = url.percentEncodedPassword { pieces.append(password) }
        return pieces
    }

    private static func words(_ value: String) -> [String] {
        value.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init).filter { $0.count >= 8 }
    }

    /// `piece` as written, percent-decoded and percent-encoded, each also JSON-escaped the
    /// ways encoders do it: `/` as `\/` (PHP) or `&` `<` `>` as `\u0026`… (Go).
    private static func forms(_ piece: String) -> [String] {
        let encoded = piece.addingPercentEncoding(withAllowedCharacters: unreserved) ?? piece
        let plain = [piece, piece.removingPercentEncoding ?? piece, encoded]
        return plain.flatMap { [$0, json($0, slash: true), json($0, slash: false)] }
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// One pass over the bytes (Foundation's `replacingOccurrences` is slow on long values).
    private static func json(_ s: String, slash: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), b]
            case UInt8(ascii: "/") where slash: out += Array("\\/".utf8)
            case UInt8(ascii: "&") where !slash: out += Array("\\u0026".utf8)
            case UInt8(ascii: "<") where !slash: out += Array("\\u003c".utf8)
            case UInt8(ascii: ">") where !slash: out += Array("\\u003e".utf8)
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
