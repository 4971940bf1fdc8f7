/// Kind `email`: SMTP through libcurl.
public struct EmailSettings: Sendable, Hashable {
    /// `smtp://` or `smtps://` server (an address, not a secret).
    public let server: String
    public let from: Mailbox
    public let authentication: Authentication
    /// `starttls`; default `required`, `optional` for a server on this machine.
    public let startTLS: StartTLS

    /// How the channel logs in.
    public enum Authentication: Sendable, Hashable {
        /// No `username`, `password` or `oauth2`.
        case none
        /// `username` and `password` (a secret) as given, either alone too: libcurl logs in
        /// when there is a username.
        case password(username: String?, password: Secret?)
        /// `oauth2:`: `AUTH XOAUTH2` as `username` (the mailbox) with an access token.
        case oauth2(username: String, OAuth2Settings)
    }

    public init(server: String, from: Mailbox, authentication: Authentication = .none, startTLS: StartTLS = .required) {
        self.server = server
        self.from = from
        self.authentication = authentication
        self.startTLS = startTLS
    }
}

/// How strictly an SMTP channel insists on STARTTLS.
public enum StartTLS: String, Sendable, Hashable, CaseIterable {
    case required, optional, off
}
