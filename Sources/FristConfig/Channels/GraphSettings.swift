/// Kind `graph`: Microsoft Graph's sendMail with an OAuth2 access token.
public struct GraphSettings: Sendable, Hashable {
    /// `url`, default ``defaultURL``.
    public let url: String
    /// The mailbox sent from: its address names the Graph user.
    public let from: Mailbox
    public let oauth2: OAuth2Settings
    /// `save_to_sent`: keep a copy in the mailbox's Sent Items (default false).
    public let saveToSent: Bool

    public static let defaultURL = "https://graph.microsoft.com"

    public init(url: String = Self.defaultURL, from: Mailbox, oauth2: OAuth2Settings, saveToSent: Bool = false) {
        self.url = url
        self.from = from
        self.oauth2 = oauth2
        self.saveToSent = saveToSent
    }
}
