/// OAuth2 client credentials (RFC 6749 §4.4) a channel gets its access tokens with: `oauth2:`
/// on an `email` channel (SMTP `AUTH XOAUTH2`) or a `graph` channel (Microsoft Graph).
public struct OAuth2Settings: Sendable, Hashable {
    /// Where tokens come from: `token_url`, or Entra ID's v2.0 endpoint for `tenant`.
    public let tokenURL: String
    public let clientID: String
    public let clientSecret: Secret
    /// What the token is for: `scope`, else the channel kind's default (``ChannelKind/defaultScope``).
    public let scope: String

    public init(tokenURL: String, clientID: String, clientSecret: Secret, scope: String) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
    }

    /// Entra ID's token endpoint for a tenant (its id, or a domain such as kommune.onmicrosoft.com).
    public static func entraTokenURL(tenant: String) -> String {
        "https://login.microsoftonline.com/\(tenant)/oauth2/v2.0/token"
    }
}
