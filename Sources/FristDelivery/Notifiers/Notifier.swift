public import FristConfig

/// Sends one message on one channel. One small type per channel kind; retry, idempotency
/// bookkeeping and rate limits are shared stages around it.
public protocol Notifier: Sendable {
    /// The channel this notifier serves (its config; secrets are resolved at send time).
    var channel: ChannelConfig { get }

    /// Makes one attempt and says how it went. Never throws: every failure is an outcome.
    func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt

    /// Makes one attempt for each message, all at once; the attempts come back in the order of
    /// the messages. A burst goes through here. By default each message goes through
    /// ``send(_:via:)``, concurrently.
    func send(_ messages: [Message], via context: DeliveryContext) async -> [DeliveryAttempt]
}

extension Notifier {
    public func send(_ messages: [Message], via context: DeliveryContext) async -> [DeliveryAttempt] {
        await sendEach(messages, via: context)
    }

    /// Each message through ``send(_:via:)``, concurrently, attempts in message order.
    public func sendEach(_ messages: [Message], via context: DeliveryContext) async -> [DeliveryAttempt] {
        if messages.count == 1 { return [await send(messages[0], via: context)] }
        return await withTaskGroup(of: (Int, DeliveryAttempt).self) { group in
            for (i, message) in messages.enumerated() {
                group.addTask { (i, await self.send(message, via: context)) }
            }
            var attempts = [DeliveryAttempt?](repeating: nil, count: messages.count)
            for await (i, attempt) in group { attempts[i] = attempt }
            return attempts.map { $0! }
        }
    }
}

/// A notifier whose whole job is to build one HTTP or SMTP request: sending it through the
/// shared transport and classifying the answer are the same for all of them, and several
/// messages go to the transport as one batch. A notifier that sends more than the one request
/// (overriding ``Notifier/send(_:via:)``) overrides the batch form too, with
/// ``Notifier/sendEach(_:via:)``.
public protocol RequestNotifier: Notifier {
    /// The request to send. `secrets` resolves the channel's secret fields at send time.
    func request(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest
}

extension RequestNotifier {
    /// ``request(for:secrets:)``, refused when its body is over the channel's `max_body`: a
    /// 100 KB title must not become megabytes a request, nor gigabytes for a burst.
    public func checkedRequest(for message: Message, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        try withinMaxBody(request(for: message, secrets: secrets))
    }

    public func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt {
        let request: TransportRequest
        do {
            request = try checkedRequest(for: message, secrets: context.secrets)
        } catch {
            return DeliveryAttempt(outcome: .permanent(error.message), status: 0, reply: "", seconds: 0)
        }
        let response = await context.transport.perform(request)
        return DeliveryAttempt(response, redactor: context.secrets.redactor, mail: request.mail != nil)
    }

    public func send(_ messages: [Message], via context: DeliveryContext) async -> [DeliveryAttempt] {
        var attempts = [DeliveryAttempt?](repeating: nil, count: messages.count)
        var requests: [TransportRequest] = []
        var sent: [Int] = []  // which message each request is for
        for (i, message) in messages.enumerated() {
            do {
                requests.append(try checkedRequest(for: message, secrets: context.secrets))
                sent.append(i)
            } catch {
                attempts[i] = DeliveryAttempt(outcome: .permanent(error.message), status: 0, reply: "", seconds: 0)
            }
        }
        let responses = await context.transport.perform(requests)
        for (k, response) in responses.enumerated() {
            attempts[sent[k]] = DeliveryAttempt(response, redactor: context.secrets.redactor,
                                                mail: requests[k].mail != nil)
        }
        return attempts.map { $0! }
    }
}

extension Notifier {
    /// `request`, or the reason it is over the channel's `max_body`.
    func withinMaxBody(_ request: TransportRequest) throws(DeliveryError) -> TransportRequest {
        if request.body.count > channel.maxBody {
            throw DeliveryError(BodySize.tooLarge(request.body.count, limit: channel.maxBody))
        }
        return request
    }
}

/// What every attempt needs from outside: the transport, secrets, and where console output goes.
public struct DeliveryContext: Sendable {
    public let transport: any Transport
    public let secrets: SecretResolver
    /// Receives the console channel's lines (stdout, or the journal under systemd).
    public let console: @Sendable (String) -> Void
    /// OAuth2 access tokens, shared by every send that uses this context.
    public let tokens: AccessTokens

    public init(transport: any Transport, secrets: SecretResolver, tokens: AccessTokens = AccessTokens(),
                console: @escaping @Sendable (String) -> Void) {
        self.transport = transport
        self.secrets = secrets
        self.tokens = tokens
        self.console = console
    }
}

extension DeliveryContext {
    /// This context with every request it makes due to go out by `sendBy` (seconds of
    /// `CLOCK_MONOTONIC`; see ``TransportRequest/sendBy``).
    public func sending(by sendBy: Double) -> DeliveryContext {
        DeliveryContext(transport: SendByTransport(base: transport, sendBy: sendBy), secrets: secrets, tokens: tokens,
                        console: console)
    }
}

/// A transport that gives each request a ``TransportRequest/sendBy`` (the earlier, if it has one).
private struct SendByTransport: Transport {
    let base: any Transport
    let sendBy: Double

    func perform(_ request: TransportRequest) async -> TransportResponse {
        await base.perform(due(request))
    }

    func perform(_ requests: [TransportRequest]) async -> [TransportResponse] {
        await base.perform(requests.map(due))
    }

    private func due(_ request: TransportRequest) -> TransportRequest {
        var request = request
        request.sendBy = min(request.sendBy ?? sendBy, sendBy)
        return request
    }
}

/// Why a message could not even be turned into a request (a missing secret file, no e-mail
/// address for any recipient). Never contains a secret.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How a body over `max_body` is described, in `frist check` and in a dead letter's reason.
public enum BodySize {
    public static func tooLarge(_ bytes: Int, limit: Int) -> String {
        "the rendered message is \(kilobytes(bytes)), over this channel's max_body of \(kilobytes(limit))"
    }

    static func kilobytes(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MB"
            : "\((bytes + 1023) / 1024) KB"
    }
}
