/// Kind `gotify`: a server and an application token.
public struct GotifySettings: Sendable, Hashable {
    /// `url`: the server.
    public let server: String
    public let token: Secret

    public init(server: String, token: Secret) {
        self.server = server
        self.token = token
    }
}
