import FristCore
import FristText

/// A JSON value with object keys kept in the order written, serialized compactly and the same
/// way every time: payloads are exact, so tests and gateways see the same bytes.
///
/// Frist's one hand-written JSON writer, for what is written often and byte for byte: the
/// gateways' payloads and the webhook's default body, and the escaped parts of the `--json`
/// lines (whose fixed parts their own writer lays down). Everything else (`/status.json`, the
/// answer to an acknowledgement over HTTP, a client assertion's claims) goes through
/// `JSONEncoder`, which keeps no key order on Linux and takes some 100 µs a document.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized == b.serialized }

    /// Compact JSON text: no spaces, UTF-8 kept as is, `/` not escaped.
    public var serialized: String { String(decoding: bytes, as: UTF8.self) }

    /// ``serialized`` as UTF-8, built as bytes: payloads go out as bytes, and a burst builds thousands.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out += String(n).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        JSONEscaping.escape(s, into: &out)
        out.append(UInt8(ascii: "\""))
    }

}
