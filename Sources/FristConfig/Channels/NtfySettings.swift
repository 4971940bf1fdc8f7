/// Kind `ntfy`: a server, a topic, and a token if the server wants one.
public struct NtfySettings: Sendable, Hashable {
    /// `url`: the server root, possibly under a path (`https://host/ntfy`).
    public let server: String
    public let topic: String
    public let token: Secret?

    public init(server: String, topic: String, token: Secret? = nil) {
        self.server = server
        self.topic = topic
        self.token = token
    }
}
