import FristConfig
import Foundation

/// Access tokens for OAuth2 client credentials, shared by every send in the process: one per
/// (token URL, client id, scope), fetched once and reused until shortly before it expires.
/// Concurrent sends that find none wait for the same fetch instead of each asking the token
/// endpoint (Entra throttles clients that do).
public actor AccessTokens {
    struct Key: Hashable {
        let tokenURL: String
        let clientID: String
        let scope: String

        init(_ settings: OAuth2Settings) {
            tokenURL = settings.tokenURL
            clientID = settings.clientID
            scope = settings.scope
        }
    }

    private struct Cached {
        let token: String
        /// When to fetch a new one (monotonic seconds), a little before it expires.
        let renewAt: Double
    }

    private var cached: [Key: Cached] = [:]
    /// Sends waiting for a fetch in progress, by key; present while one is in progress.
    private var waiting: [Key: [CheckedContinuation<Result<String, TokenFailure>, Never>]] = [:]
    private let now: @Sendable () -> Double

    /// `now` is a monotonic clock in seconds (tests advance their own); tokens expire in real
    /// time, whatever the daemon's simulated clock says.
    public init(now: @escaping @Sendable () -> Double) {
        self.now = now
    }

    public init() {
        self.init { ProcessInfo.processInfo.systemUptime }
    }

    /// A valid token for `settings`, from the cache or the token endpoint.
    func token(for settings: OAuth2Settings, channel: ChannelConfig,
               via context: DeliveryContext) async -> Result<String, TokenFailure> {
        let key = Key(settings)
        if let hit = cached[key], now() < hit.renewAt { return .success(hit.token) }
        if waiting[key] != nil {
            return await withCheckedContinuation { waiting[key, default: []].append($0) }
        }
        waiting[key] = []
        let result = await fetch(settings, channel: channel, via: context)
        for waiter in waiting.removeValue(forKey: key) ?? [] { waiter.resume(returning: result) }
        return result
    }

    /// Forgets `token` when a service refused it, so that the next send fetches a new one; a
    /// newer token another send already fetched stays.
    func refused(_ token: String, for settings: OAuth2Settings) {
        let key = Key(settings)
        if cached[key]?.token == token { cached[key] = nil }
    }

    /// The secret, or a fresh assertion signed with the key; both read at each request, so a
    /// rotated credential needs no reload.
    private static func proof(_ settings: OAuth2Settings, channel: String,
                              secrets: SecretResolver) throws(DeliveryError) -> TokenEndpoint.Proof {
        switch settings.credential {
        case .secret(let secret):
            return .secret(try secrets.resolve(secret, field: "oauth2.client_secret", channel: channel))
        case .certificate(let file, let key):
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DeliveryError("channel '\(channel)': cannot read oauth2.client_certificate_file \(file)")
            }
            let assertion = ClientAssertion(certificatePEM: String(decoding: data, as: UTF8.self),
                                            keyPEM: try secrets.resolve(key, field: "oauth2.client_key", channel: channel))
            do {
                let jwt = try assertion.jwt(clientID: settings.clientID, tokenURL: settings.tokenURL,
                                            now: Date().timeIntervalSince1970)
                // The assertion is a credential for ten minutes: masked like the secret.
                secrets.redactor.register(jwt)
                return .assertion(jwt)
            } catch {
                throw DeliveryError("channel '\(channel)': \(error.message)")
            }
        }
    }

    private func fetch(_ settings: OAuth2Settings, channel: ChannelConfig,
                       via context: DeliveryContext) async -> Result<String, TokenFailure> {
        let proof: TokenEndpoint.Proof
        do {
            proof = try Self.proof(settings, channel: channel.name, secrets: context.secrets)
        } catch {
            return .failure(TokenFailure(outcome: .permanent(error.message), status: 0))
        }
        let started = now()
        let response = await context.transport.perform(
            TokenEndpoint.request(settings, proof: proof, timeoutSeconds: channel.timeoutSeconds))
        switch TokenEndpoint.grant(from: response, redactor: context.secrets.redactor) {
        case .success(let grant):
            // Renewed a tenth of its life (at most five minutes) early, so no send carries one that expires on the way.
            let margin = min(300, grant.expiresIn / 10)
            cached[Key(settings)] = Cached(token: grant.accessToken, renewAt: started + grant.expiresIn - margin)
            return .success(grant.accessToken)
        case .failure(let failure):
            return .failure(failure)
        }
    }
}
