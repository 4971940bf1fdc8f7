public import FristConfig

/// Sends one message on one channel. One small type per channel kind; retry, idempotency
/// bookkeeping and rate limits are shared stages around it.
public protocol Notifier: Sendable {
    /// The channel this notifier serves (its config; secrets are resolved at send time).
    var channel: ChannelConfig { get }

    /// Makes one attempt and says how it went. Never throws: every failure is an outcome.
    func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt
}

/// A notifier whose whole job is to build one HTTP or SMTP request: sending it through the
/// shared transport and classifying the answer are the same for all of them.
public protocol RequestNotifier: Notifier {
    /// The request to send. `secrets` resolves the channel's secret fields at send time.
    func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest
}

extension RequestNotifier {
    public func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt {
        let request: TransportRequest
        do {
            request = try self.request(for: message, secrets: context.secrets)
        } catch {
            return DeliveryAttempt(outcome: .permanent(error.message), status: 0, reply: "", seconds: 0)
        }
        let response = await context.transport.perform(request)
        return DeliveryAttempt(response, redactor: context.secrets.redactor, mail: request.mail != nil)
    }
}

/// What every attempt needs from outside: the transport, secrets, and where console output goes.
public struct DeliveryContext: Sendable {
    public let transport: CurlTransport
    public let secrets: SecretResolver
    /// Receives the console channel's lines (stdout, or the journal under systemd).
    public let console: @Sendable (String) -> Void

    public init(transport: CurlTransport, secrets: SecretResolver, console: @escaping @Sendable (String) -> Void) {
        self.transport = transport
        self.secrets = secrets
        self.console = console
    }
}

/// Why a message could not even be turned into a request (a missing secret file, no e-mail
/// address for any recipient). Never contains a secret.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
