internal import NIOCore
internal import PostgresNIO
internal import Synchronization

/// Which operation holds which of the pool's connections, so that a connection's closing (the
/// server restarting, the network dropping it) fails the operation at once instead of leaving
/// it to wait for an answer postgres-nio 1.33.2 may never give (see ``Deadline``).
///
/// Each connection's close is watched once, however many operations use it in turn.
final class ConnectionWatch: Sendable {
    private struct Holder {
        let connection: PostgresNIO.PostgresConnection
        let cutoff: Deadline.Cutoff
    }

    private struct State {
        var watched: Set<PostgresNIO.PostgresConnection.ID> = []
        var holders: [PostgresNIO.PostgresConnection.ID: Holder] = [:]
    }

    private let state = Mutex(State())

    /// `connection` is `cutoff`'s operation's until ``release(_:)``: if it closes meanwhile (or
    /// has closed already), the operation ends as unreachable.
    func hold(_ connection: PostgresNIO.PostgresConnection, for cutoff: Deadline.Cutoff) {
        let id = connection.id
        let first = state.withLock { s in
            s.holders[id] = Holder(connection: connection, cutoff: cutoff)
            return s.watched.insert(id).inserted
        }
        if first {
            // Runs at once if the connection has closed already (the pool can still lease it).
            connection.closeFuture.whenComplete { [self] _ in
                let holder = state.withLock { s in
                    s.watched.remove(id)
                    return s.holders.removeValue(forKey: id)
                }
                holder?.cutoff(PostgresNIO.PostgresConnection.Closed())
            }
        }
    }

    func release(_ connection: PostgresNIO.PostgresConnection) {
        state.withLock { s in _ = s.holders.removeValue(forKey: connection.id) }
    }

    /// Closes the connection `cutoff`'s operation holds (its deadline passed): the server ends
    /// what it was doing, and the pool makes a new connection.
    func closeHeld(by cutoff: Deadline.Cutoff) {
        let held = state.withLock { s in s.holders.values.first { $0.cutoff === cutoff }?.connection }
        guard let held else { return }
        let closing: EventLoopFuture<Void> = held.close()
        _ = closing
    }
}
