/// OAuth2 client credentials (RFC 6749 §4.4) a channel gets its access tokens with: `oauth2:`
/// on an `email` channel (SMTP `AUTH XOAUTH2`) or a `graph` channel (Microsoft Graph).
public struct OAuth2Settings: Sendable, Hashable {
    /// Where tokens come from: `token_url`, or Entra ID's v2.0 endpoint for `tenant`.
    public let tokenURL: String
    public let clientID: String
    public let credential: Credential
    /// What the token is for: `scope`, else the channel kind's default (``ChannelKind/defaultScope``).
    public let scope: String

    /// How the client proves who it is.
    public enum Credential: Sendable, Hashable {
        /// A client secret (`client_secret`, `_file`, `_env`).
        case secret(Secret)
        /// A certificate registered on the app and its private key (a secret): each token request
        /// carries a client assertion signed with the key (RFC 7523), and no secret crosses the wire.
        case certificate(file: String, key: Secret)
    }

    public init(tokenURL: String, clientID: String, credential: Credential, scope: String) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.credential = credential
        self.scope = scope
    }

    /// Entra ID's token endpoint for a tenant (its id, or a domain such as kommune.onmicrosoft.com).
    public static func entraTokenURL(tenant: String) -> String {
        "https://login.microsoftonline.com/\(tenant)/oauth2/v2.0/token"
    }
}
