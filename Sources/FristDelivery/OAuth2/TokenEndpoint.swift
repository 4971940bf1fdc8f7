import FristConfig
import FristCore
import Foundation

/// One client-credentials exchange (RFC 6749 §4.4): the form POSTed to the token endpoint, and
/// what its answer means for the send waiting on it.
enum TokenEndpoint {
    /// An access token and how long the endpoint says it lasts.
    struct Grant: Sendable {
        let accessToken: String
        let expiresIn: Double
    }

    /// How the client proves who it is, as form fields: the secret, or a signed assertion.
    enum Proof {
        case secret(String)
        case assertion(String)

        var fields: [(String, String)] {
            switch self {
            case .secret(let secret): [("client_secret", secret)]
            case .assertion(let jwt): [("client_assertion_type", ClientAssertion.type), ("client_assertion", jwt)]
            }
        }
    }

    /// `grant_type=client_credentials` with the client's id, proof and scope, form-encoded.
    static func request(_ settings: OAuth2Settings, proof: Proof, timeoutSeconds: Int) -> TransportRequest {
        let fields = [("grant_type", "client_credentials"), ("client_id", settings.clientID)] + proof.fields
            + [("scope", settings.scope)]
        let form = fields.map { formEncoded($0.0) + "=" + formEncoded($0.1) }.joined(separator: "&")
        return TransportRequest(
            url: settings.tokenURL, method: "POST",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("Accept", "application/json")],
            body: Array(form.utf8), timeoutSeconds: timeoutSeconds)
    }

    /// The grant, or the failure as a send's outcome: a token endpoint that is down (no answer,
    /// 408, 429, 5xx) is worth retrying; one that refuses the client (4xx) is not, and its own
    /// words (`invalid_client`, `AADSTS7000215: …`) say what to fix.
    static func grant(from response: TransportResponse, redactor: Redactor) -> Result<Grant, TokenFailure> {
        if let failure = response.failure {
            let reason = "token endpoint: " + redactor.redact(failure.message)
            return .failure(TokenFailure(outcome: failure.kind == .permanent ? .permanent(reason) : .retryable(reason, retryAfter: nil),
                                         status: 0))
        }
        let body = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        switch response.status {
        case 200:
            guard let token = body?["access_token"] as? String, !token.isEmpty else {
                return .failure(TokenFailure(outcome: .permanent("token endpoint: HTTP 200 without an access_token (is token_url right?)"),
                                             status: 200))
            }
            // Never shown anywhere: masked from here on, like the client secret.
            redactor.register(token)
            let expiresIn = (body?["expires_in"] as? Double) ?? (body?["expires_in"] as? String).flatMap(Double.init) ?? 3600
            return .success(Grant(accessToken: token, expiresIn: expiresIn))
        case 408, 429, 500..<600:
            return .failure(TokenFailure(outcome: .retryable("token endpoint: HTTP \(response.status)",
                                                             retryAfter: response.header("Retry-After")),
                                         status: response.status))
        default:
            return .failure(TokenFailure(outcome: .permanent("token endpoint: HTTP \(response.status)" + words(body, redactor)),
                                         status: response.status))
        }
    }

    /// ` — invalid_client: AADSTS7000215: Invalid client secret provided. …`: the error and the
    /// first line of its description (Entra's next lines are trace and correlation ids).
    private static func words(_ body: [String: Any]?, _ redactor: Redactor) -> String {
        guard let error = body?["error"] as? String else { return "" }
        let description = (body?["error_description"] as? String)?
            .split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) }
        return " — " + redactor.redact(error + (description.map { ": " + TextClipping.clipped($0, limit: 300) { $0.count } } ?? ""))
    }

    /// `application/x-www-form-urlencoded`: everything but the unreserved characters percent-encoded.
    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Why no token came: the outcome the send waiting on it gets.
struct TokenFailure: Error, Sendable {
    let outcome: DeliveryOutcome
    let status: Int
}
