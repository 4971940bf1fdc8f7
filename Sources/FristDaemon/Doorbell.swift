import Synchronization

/// Wakes the scheduler's loop from anywhere: another actor (a reload, an acknowledgement), a
/// Dispatch handler (the clock was set), a graceful shutdown. A ring while nobody waits is
/// kept, so the next wait returns at once; many rings before a wait are one.
final class Doorbell: Sendable {
    private let state = Mutex<(rung: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func ring() {
        let waiter = state.withLock { s in
            guard let w = s.waiter else {
                s.rung = true
                return nil as CheckedContinuation<Void, Never>?
            }
            s.waiter = nil
            return w
        }
        waiter?.resume()
    }

    /// Returns at the next ring (or at once if one came since the last wait), or when cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s in
                    if s.rung || Task.isCancelled {
                        s.rung = false
                        return true
                    }
                    s.waiter = c
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s in
                let w = s.waiter
                s.waiter = nil
                return w
            }
            waiter?.resume()
        }
    }
}
