public import FristCore
public import FristText

/// A loaded, validated configuration: everything the commands and the daemon need.
public struct FristConfig: Sendable {
    /// The main file, as given.
    public let path: String
    /// Every file read (main file first, then includes in order).
    public let files: [String]
    public let timezone: String
    public let language: Language
    /// `state_dir` as given (resolved against the config's folder); nil: see ``StateLocation``.
    public let stateDirectory: String?
    /// How old a missed reminder may be and still be sent after a restart (seconds).
    public let catchUpSeconds: Int
    /// How long a reminder is retried before it is dead-lettered (seconds).
    public let maxAgeSeconds: Int
    public let people: [String: Person]
    public let channels: [String: ChannelConfig]
    /// Message templates a project sets for its own reminders, by project id, then kind.
    public let projectTemplates: [String: [String: String]]
    /// Channels told about every reminder that could not be delivered (`dead_letters:`).
    public let deadLetterChannels: [String]
    /// Projects, milestones, calendar, zone and policy, ready for ``Plan``.
    public let schedule: Schedule
    /// Digests (`digests:`), ready for ``DigestPlan``.
    public let digests: [Digest]
    /// The HTTP listener (`http:`); nil: none.
    public internal(set) var http: HTTPSettings? = nil
    /// What loads but may not work here (`frist check` prints it, the daemon logs it).
    public internal(set) var warnings: [ConfigError] = []
    /// Whom reminders without ack links tell people to inform (`contact:`); nil: a neutral sentence.
    public internal(set) var contact: Contact? = nil
    /// The shared PostgreSQL store (`store:`); nil: the SQLite state in the state directory.
    public internal(set) var store: StoreSettings? = nil
    /// A digest of every file read, in order: the nodes of a cluster compare theirs.
    public internal(set) var digest: String = ""
}
