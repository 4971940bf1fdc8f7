public import FristConfig
import Foundation

/// Reads secrets when they are used: a `x_file` is read at every send, so a rotated credential
/// needs no reload. Every value read is registered with the ``Redactor``.
public struct SecretResolver: Sendable {
    public let redactor: Redactor
    private let environment: [String: String]

    /// Reads environment variables from this process.
    public init(redactor: Redactor) {
        self.init(redactor: redactor, environment: ProcessInfo.processInfo.environment)
    }

    public init(redactor: Redactor, environment: [String: String]) {
        self.redactor = redactor
        self.environment = environment
    }

    /// The secret's value; the error names the file or variable, never a value.
    public func resolve(_ secret: Secret, field: String, channel: String) throws(DeliveryError) -> String {
        let value: String
        switch secret {
        case .inline(let v):
            value = v
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DeliveryError("channel '\(channel)': cannot read \(field)_file \(path)")
            }
            value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        case .environment(let name):
            guard let v = environment[name], !v.isEmpty else {
                throw DeliveryError("channel '\(channel)': \(field)_env \(name) is not set")
            }
            value = v
        }
        guard !value.isEmpty else { throw DeliveryError("channel '\(channel)': \(field) is empty") }
        redactor.register(value)
        return value
    }

    /// A header's value as sent. A secret is read now; text under a credential-like name is
    /// sent as written but registered too, so a gateway echoing it back is masked.
    public func resolve(_ value: HeaderValue, header name: String, channel: String) throws(DeliveryError) -> String {
        switch value {
        case .secret(let secret):
            return try resolve(secret, field: "headers.\(name).value", channel: channel)
        case .text(let text):
            if HeaderValue.isSensitive(name) { redactor.register(text) }
            return text
        }
    }
}
