import FristConfig

/// A notifier whose requests carry an OAuth2 access token (Microsoft Graph, SMTP with
/// XOAUTH2). The token comes from the shared ``AccessTokens``; a service that refuses it gets
/// one new token and the same request once more (a token revoked or expired early), then the
/// answer stands.
protocol TokenAuthorizedNotifier: Notifier {
    var oauth2: OAuth2Settings { get }

    /// The request for `message`, authorized with `token`.
    func request(for message: Message, token: String, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest

    /// Whether the service refused the token itself (not the message).
    func refusesToken(_ response: TransportResponse) -> Bool

    /// How the service's answer counts.
    func attempt(_ response: TransportResponse, redactor: Redactor) -> DeliveryAttempt
}

extension TokenAuthorizedNotifier {
    public func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt {
        var attempt = DeliveryAttempt(outcome: .permanent("no attempt"), status: 0, reply: "", seconds: 0)
        for round in 1...2 {
            let token: String
            switch await context.tokens.token(for: oauth2, channel: channel, via: context) {
            case .success(let t): token = t
            case .failure(let failure):
                return DeliveryAttempt(outcome: failure.outcome, status: failure.status, reply: "", seconds: 0)
            }
            let request: TransportRequest
            do throws(DeliveryError) {
                request = try withinMaxBody(self.request(for: message, token: token, secrets: context.secrets))
            } catch {
                return DeliveryAttempt(outcome: .permanent(error.message), status: 0, reply: "", seconds: 0)
            }
            let response = await context.transport.perform(request)
            attempt = self.attempt(response, redactor: context.secrets.redactor)
            guard round == 1, refusesToken(response) else { break }
            await context.tokens.refused(token, for: oauth2)
        }
        return attempt
    }

    public func send(_ messages: [Message], via context: DeliveryContext) async -> [DeliveryAttempt] {
        await sendEach(messages, via: context)
    }
}
