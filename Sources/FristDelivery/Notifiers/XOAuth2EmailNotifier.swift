public import FristConfig
import CCurl

/// Kind `email` with `oauth2:`: the same submission as ``EmailNotifier``, authenticated with
/// `AUTH XOAUTH2` and an access token (Exchange Online, `SMTP.SendAsApp`) instead of a
/// password, which Microsoft 365 no longer accepts for client submission.
public struct XOAuth2EmailNotifier: TokenAuthorizedNotifier {
    public let channel: ChannelConfig
    let oauth2: OAuth2Settings
    private let mail: EmailNotifier

    /// `settings` with `oauth2`, its authentication.
    public init(channel: ChannelConfig, settings: EmailSettings, oauth2: OAuth2Settings) {
        self.channel = channel
        self.oauth2 = oauth2
        mail = EmailNotifier(channel: channel, settings: settings)
    }

    func request(for message: Message, token: String, secrets: SecretResolver) throws(DeliveryError) -> TransportRequest {
        try mail.request(for: message, secrets: secrets, bearer: token)
    }

    /// 535 (or libcurl's "login denied"): the server refused the token, not the message.
    func refusesToken(_ response: TransportResponse) -> Bool {
        response.status == 535 || response.failure?.code == Int(CURLE_LOGIN_DENIED.rawValue)
    }

    func attempt(_ response: TransportResponse, redactor: Redactor) -> DeliveryAttempt {
        DeliveryAttempt(response, redactor: redactor, mail: true)
    }
}
