/// Someone who receives reminders.
public struct Person: Sendable, Hashable {
    public let id: String
    public let name: String
    public let email: String?
    /// Where the person can be mentioned in shared chat channels.
    public let handles: ChatHandles

    public init(id: String, name: String, email: String?, handles: ChatHandles = ChatHandles()) {
        self.id = id
        self.name = name
        self.email = email
        self.handles = handles
    }
}

/// A person's handles in chat systems (`slack`, `teams`, `mattermost`, `discord` under a
/// person): a reminder posted to a shared channel mentions its recipients by them, so the
/// people it is for get a notification, not just everyone in the channel a message.
public struct ChatHandles: Sendable, Hashable {
    /// A Slack member ID (`U024BE7LH`, `W…` on Enterprise Grid): `<@U024BE7LH>` in the text.
    public var slack: String?
    /// A Microsoft Entra user principal name (usually the work e-mail) or object ID: a Teams
    /// `mention` entity.
    public var teams: String?
    /// A Mattermost username, without `@`.
    public var mattermost: String?
    /// A Discord user ID (a snowflake: digits).
    public var discord: String?

    public init(slack: String? = nil, teams: String? = nil, mattermost: String? = nil, discord: String? = nil) {
        self.slack = slack
        self.teams = teams
        self.mattermost = mattermost
        self.discord = discord
    }
}
