/// A header of an outgoing request or of a response.
public struct HTTPHeader: Sendable, Hashable {
    public let name: String
    public let value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What one transfer asks libcurl to do: an HTTP(S) request to a gateway, or an SMTP(S)
/// submission when ``mail`` is set.
public struct TransportRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    public var timeoutSeconds: Int
    /// Skip TLS verification; only a channel's `insecure: true` sets it.
    public var insecure: Bool
    public var mail: MailEnvelope?
    /// Response bodies beyond this are dropped (the transfer still completes).
    public var maxResponseBytes: Int
    /// The last moment (seconds of `CLOCK_MONOTONIC`) the request may go out: checked when the
    /// connection is ready, just before the request is written, and a later one is not sent
    /// (``TransportFailure/Kind/withheld``). A cluster node sets it to when it can no longer be
    /// sure of its claim: a node frozen with transfers queued sends none of them once thawed.
    public var sendBy: Double?

    public init(url: String, method: String = "POST", headers: [HTTPHeader] = [], body: [UInt8] = [],
                timeoutSeconds: Int = 30, insecure: Bool = false, mail: MailEnvelope? = nil,
                maxResponseBytes: Int = 64 * 1024) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
        self.insecure = insecure
        self.mail = mail
        self.maxResponseBytes = maxResponseBytes
    }
}

/// The SMTP envelope of a mail transfer; the message itself is the request's body.
public struct MailEnvelope: Sendable {
    public enum TLS: Sendable { case required, optional, off }
    public var from: String
    public var recipients: [String]
    public var username: String?
    public var password: String?
    /// An OAuth2 access token: authenticate with `AUTH XOAUTH2` as ``username`` (Exchange Online).
    public var bearer: String?
    public var startTLS: TLS

    public init(from: String, recipients: [String], username: String? = nil, password: String? = nil,
                bearer: String? = nil, startTLS: TLS = .required) {
        self.from = from
        self.recipients = recipients
        self.username = username
        self.password = password
        self.bearer = bearer
        self.startTLS = startTLS
    }
}

/// What came back: the gateway's answer, or why there was none.
public struct TransportResponse: Sendable {
    /// HTTP status, or the last SMTP reply code; 0 when the transfer failed before an answer.
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    public var failure: TransportFailure?
    /// Wall time of the transfer.
    public var seconds: Double

    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A transfer that did not complete: libcurl's code and its explanation.
public struct TransportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Could not connect, DNS, reset, TLS handshake: worth retrying.
        case connection
        case timeout
        /// The request itself is wrong (bad URL, unsupported protocol, TLS verification): retrying will not help.
        case permanent
        /// The send was cancelled (the daemon stopping past its deadline) before an answer came.
        case cancelled
        /// Not sent: its ``TransportRequest/sendBy`` had passed when the request was to go out.
        case withheld
    }

    public let kind: Kind
    public let code: Int
    public let message: String

    public var description: String { message }
}
