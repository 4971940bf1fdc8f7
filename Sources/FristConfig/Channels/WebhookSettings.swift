/// Kind `webhook`: any HTTP endpoint.
public struct WebhookSettings: Sendable, Hashable {
    /// A secret: webhook URLs carry their credential.
    public let url: Secret
    /// `method`, upper case; default POST.
    public let method: String
    /// Extra HTTP headers, by name.
    public let headers: [String: HeaderValue]
    /// `body`, compiled; nil: Frist's own JSON.
    public let body: WebhookBody?

    public init(url: Secret, method: String = "POST", headers: [String: HeaderValue] = [:], body: WebhookBody? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// A webhook's `body`: a Mustache template whose values are escaped as JSON string fragments,
/// compiled when the config is loaded (one that does not compile never gets this far).
public struct WebhookBody: Sendable, Hashable {
    /// The template as written.
    public let source: String
    /// Where it is written (`file:line:col`), for problems found when it is rendered.
    public let location: String
    public let template: CompiledTemplate

    /// Compiles `source`; the error says where in it it broke.
    public init(_ source: String, location: String) throws(TemplateError) {
        self.init(source: source, location: location, template: try Templates.compile(source, json: true))
    }

    init(source: String, location: String, template: CompiledTemplate) {
        self.source = source
        self.location = location
        self.template = template
    }

    /// The same template written at the same place: the compiled form follows from it.
    public static func == (a: WebhookBody, b: WebhookBody) -> Bool { a.source == b.source && a.location == b.location }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(location)
    }
}

/// A `headers` value: text as written, or a secret (`{value: …}`, `{value_file: …}`,
/// `{value_env: …}`) read when it is sent. Text under a credential-like name
/// (``isSensitive(_:)``) is treated as a secret when sent, so that an echo of it is masked.
public enum HeaderValue: Sendable, Hashable, ExpressibleByStringLiteral {
    case text(String)
    case secret(Secret)

    public init(stringLiteral value: String) { self = .text(value) }

    /// `Authorization`, `Proxy-Authorization`, `X-Api-Key` and any name containing token,
    /// secret, key, auth or password: headers that carry credentials, whatever the gateway.
    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["token", "secret", "key", "auth", "password"].contains { lower.contains($0) }
    }
}
