/// Kind `matrix`: a homeserver, a room and an access token.
public struct MatrixSettings: Sendable, Hashable {
    /// `url`: the homeserver (`https://matrix.example.dk`).
    public let homeserver: String
    /// A room id (`!abc:example.dk`) or alias (`#frister:example.dk`).
    public let room: String
    public let token: Secret

    public init(homeserver: String, room: String, token: Secret) {
        self.homeserver = homeserver
        self.room = room
        self.token = token
    }
}
