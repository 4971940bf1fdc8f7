import FristStore
import Logging
import ServiceLifecycle

/// A node of a cluster beats every `heartbeat` seconds: the shared store renews the leases of
/// the rows it has in flight and tells it who else runs. The node stops starting sends when its
/// beats fail (``Lease``), says once when the store is unreachable and when it is back, and once
/// when other nodes run a different configuration.
///
/// First in the group, so it shuts down last: the scheduler's sends in flight keep their leases
/// until they are recorded.
struct HeartbeatService: Service {
    let store: any OutboxStore
    let lease: Lease
    let node: Store.NodeBeat
    let scheduler: Scheduler
    let logger: Logger

    func run() async throws {
        var mismatched: [String] = []
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let sent = DaemonClock.monotonic()
            do {
                let nodes = try await store.heartbeat(node)
                if lease.beat(sentAt: sent) {
                    logger.notice("the store \(store.path) is reachable again")
                    scheduler.wake()
                }
                let others = nodes.filter { $0.alive && $0.name != node.name && $0.configDigest != node.configDigest }
                    .map(\.name).sorted()
                if others != mismatched {
                    if !others.isEmpty {
                        logger.warning("nodes \(others.joined(separator: ", ")) run a different configuration than this one (\(node.name)); the cluster keeps working, but what each sends follows its own; reload them all")
                    } else if !mismatched.isEmpty {
                        logger.notice("every node runs the same configuration again")
                    }
                    mismatched = others
                }
                DaemonMetrics.cluster(alive: nodes.filter(\.alive).count, mismatched: others.count, reachable: true)
            } catch {
                if lease.failed(now: sent) {
                    logger.error("cannot reach the store (\(error)); no new sends until it answers, retrying every \(Int(lease.heartbeat)) s")
                }
                DaemonMetrics.cluster(alive: nil, mismatched: nil, reachable: false)
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(lease.heartbeat)) }
        }
    }
}
