import Foundation

/// Just enough MIME reading to check what a test SMTP server received: headers (unfolded) and the parts, decoded.
public struct MailText {
    public let headers: [(String, String)]
    public let parts: [(type: String, body: String)]

    public init(_ raw: String) throws {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let sections = text.components(separatedBy: "\n\n")
        let head = sections[0].replacingOccurrences(of: "\n ", with: " ")
        headers = head.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let contentType = headers.first { $0.0 == "Content-Type" }?.1 ?? ""
        let boundary = contentType.components(separatedBy: "boundary=\"").last?.dropLast() ?? ""
        var parts: [(String, String)] = []
        for chunk in text.components(separatedBy: "--" + boundary).dropFirst() where !chunk.hasPrefix("--") {
            let pieces = chunk.components(separatedBy: "\n\n")
            let partHeaders = pieces[0]
            let type = partHeaders.split(separator: "\n").first { $0.hasPrefix("Content-Type:") }?
                .dropFirst("Content-Type:".count).trimmingCharacters(in: .whitespaces) ?? ""
            let encoded = pieces.dropFirst().joined(separator: "\n\n").replacingOccurrences(of: "\n", with: "")
            let body = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
            parts.append((type, body))
        }
        self.parts = parts
    }

    public func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    /// The Subject with RFC 2047 encoded words decoded.
    public var decodedSubject: String {
        let raw = header("Subject") ?? ""
        guard raw.contains("=?UTF-8?B?") else { return raw }
        var bytes: [UInt8] = []
        for word in raw.split(separator: " ") where word.hasPrefix("=?UTF-8?B?") {
            let b64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            bytes += Data(base64Encoded: String(b64)) ?? Data()
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
