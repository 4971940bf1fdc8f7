extension Store {
    /// A row of the outbox: a reminder key on a channel.
    public struct RowID: Sendable, Hashable {
        public let key: String
        public let channel: String

        public init(key: String, channel: String) {
            self.key = key
            self.channel = channel
        }
    }

    /// What a node says when it beats.
    public struct NodeBeat: Sendable, Equatable {
        /// The node's name (`--node`, `FRIST_NODE`, else host name and process id).
        public let name: String
        /// A digest of the configuration it runs: nodes that differ say so.
        public let configDigest: String
        /// Frist's version on the node.
        public let version: String
        /// How long (seconds) its claims and its liveness last without a beat.
        public let lease: Double

        public init(name: String, configDigest: String, version: String, lease: Double) {
            self.name = name
            self.configDigest = configDigest
            self.version = version
            self.lease = lease
        }
    }

    /// A node of a cluster as the shared store knows it.
    public struct Node: Sendable, Equatable {
        public let name: String
        public let configDigest: String
        public let version: String
        /// When it started, and when it last beat (seconds since the epoch, the database's clock).
        public let startedAt: Double
        public let heartbeatAt: Double
        /// Seconds since its last beat, by the database's clock.
        public let silentFor: Double
        /// Whether its lease still runs (it beat within `lease`).
        public let alive: Bool
        /// Rows it has in flight.
        public let inflight: Int

        public init(name: String, configDigest: String, version: String, startedAt: Double, heartbeatAt: Double,
                    silentFor: Double, alive: Bool, inflight: Int) {
            self.name = name
            self.configDigest = configDigest
            self.version = version
            self.startedAt = startedAt
            self.heartbeatAt = heartbeatAt
            self.silentFor = silentFor
            self.alive = alive
            self.inflight = inflight
        }
    }

    /// A channel's token bucket, shared by the nodes: `tokens` left as of `last` (database clock).
    public struct RateBucket: Sendable, Equatable {
        public var tokens: Double?
        public var last: Double?

        public init(tokens: Double?, last: Double?) {
            self.tokens = tokens
            self.last = last
        }
    }
}
