import Foundation
import FristCore

/// Runs a timeline on a second thread and hands its reminders over in batches, so that
/// planning and formatting `upcoming --json` use both cores.
final class BackgroundTimeline: @unchecked Sendable {
    // Guarded by `condition`.
    private var batches: [[Reminder]] = []
    private var finished = false
    private let condition = NSCondition()
    /// Batches waiting at most: bounds memory when the consumer is slower.
    private static let depth = 8
    private static let batchSize = 8192

    /// Starts producing the reminders of `plan` whose local date is in `from..<to`, in time order.
    init(plan: Plan, from: Int, to: Int) {
        let thread = Thread { [self] in
            var batch: [Reminder] = []
            batch.reserveCapacity(Self.batchSize)
            for r in plan.timeline(startingAt: Int64(from) * 86_400 - 50_400) {
                // Local dates lie within ±14 h of their UTC midnight.
                if r.instant >= Int64(to) * 86_400 + 50_400 { break }
                guard Int(r.date) >= from && Int(r.date) < to else { continue }
                batch.append(r)
                if batch.count == Self.batchSize {
                    put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            put(batch)
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    private func put(_ batch: [Reminder]) {
        guard !batch.isEmpty else { return }
        condition.lock()
        while batches.count >= Self.depth { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in order, or `nil` when the timeline is done.
    func next() -> [Reminder]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }
}
