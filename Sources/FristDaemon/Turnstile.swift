import Synchronization

/// One send group at a time per channel, for a cluster node: the transport runs at most a
/// group's worth of transfers to a gateway at once anyway (its per-host connection cap), and a
/// group waiting for a turn inside the transport would go out long after its fence check — after
/// a freeze, stale. Waiting here instead, the check comes when the group can go straight out.
final class Turnstile: Sendable {
    private struct Gate {
        var busy = false
        var waiting: [(id: Int, resume: CheckedContinuation<Bool, Never>)] = []
    }

    private let gates = Mutex<(byChannel: [String: Gate], next: Int)>(([:], 0))

    /// Waits for `channel`'s turn and says whether it came: a cancelled wait ends at once
    /// without it, and the caller sends nothing (nor calls ``leave(_:)``).
    func enter(_ channel: String) async -> Bool {
        let id = gates.withLock { g in
            g.next += 1
            return g.next
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = gates.withLock { g in
                    if Task.isCancelled { return false }
                    var gate = g.byChannel[channel] ?? Gate()
                    defer { g.byChannel[channel] = gate }
                    if !gate.busy {
                        gate.busy = true
                        return true
                    }
                    gate.waiting.append((id, continuation))
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let gone = gates.withLock { g -> CheckedContinuation<Bool, Never>? in
                guard var gate = g.byChannel[channel], let i = gate.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                let waiter = gate.waiting.remove(at: i).resume
                g.byChannel[channel] = gate
                return waiter
            }
            gone?.resume(returning: false)
        }
    }

    /// Ends a turn: the next group waiting for `channel` goes.
    func leave(_ channel: String) {
        let next = gates.withLock { g -> CheckedContinuation<Bool, Never>? in
            guard var gate = g.byChannel[channel] else { return nil }
            defer { g.byChannel[channel] = gate }
            if gate.waiting.isEmpty {
                gate.busy = false
                return nil
            }
            return gate.waiting.removeFirst().resume
        }
        next?.resume(returning: true)
    }
}
