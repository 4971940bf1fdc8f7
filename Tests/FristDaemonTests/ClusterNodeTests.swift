import Foundation
import Testing
@testable import FristDaemon
@testable import FristStore

/// The scheduler as a node of a cluster, in process: its lease decides whether it may claim and
/// send, the last check before a send leaves alone what another node took over, and a channel's
/// rate is the cluster's budget, not the node's. The shared store is the embedded one dressed as
/// shared (``SharedStoreFake``); PostgreSQL itself is tested against a real server.
@Suite struct ClusterNodeTests {
    static let due = "p/a@2021-09-30#due"
    static let milestone = "  - {id: a, title: A, due: 2021-09-30, before: [], overdue: null}"

    @Test func aNodeThatCannotBeatClaimsNothingUntilItBeatsAgain() async throws {
        let store = try Store.inMemory()
        let lease = Lease(lease: 3_600, heartbeat: 1)  // never beaten: not fresh
        let h = try SchedulerHarness(at: "2021-09-30T06:59:59Z", milestones: Self.milestone, store: store,
                                     shared: SharedStoreFake(store), lease: lease)
        try await h.running {
            h.advance(to: "2021-09-30T07:00:00Z")
            // The reminder is written to the outbox for any node, but this one does not take it.
            #expect(await h.eventually { (try? store.item(key: Self.due, channel: "hook"))?.state == .pending })
            #expect(h.transport.keys.isEmpty)
            lease.beat(sentAt: DaemonClock.monotonic())
            h.scheduler.wake()
            #expect(await h.eventually { h.transport.keys == [Self.due] })
            #expect(await h.eventually { (try? store.item(key: Self.due, channel: "hook"))?.state == .sent })
        }
    }

    /// A node with a fresh lease whose `hook` channel (1/s) another node has just spent: the
    /// next send waits a second.
    static func nodeOnASpentChannel(milestones: String) throws -> (SchedulerHarness, SharedStoreFake) {
        let store = try Store.inMemory()
        let shared = SharedStoreFake(store)
        // Real seconds, as a node's lease is: long enough that a busy test machine never outlasts it.
        let lease = Lease(lease: 3_600, heartbeat: 1)
        lease.beat(sentAt: DaemonClock.monotonic())
        shared.seed("hook", Store.RateBucket(tokens: 0, last: 0))
        let h = try SchedulerHarness(at: "2021-09-30T06:59:59Z", milestones: milestones, hook: "rate: 1/s",
                                     store: store, shared: shared, lease: lease)
        return (h, shared)
    }

    @Test func aRowAnotherNodeTookOverIsNotSentByThisOne() async throws {
        // The claimed row waits a second for the channel's budget, and meanwhile (a node frozen
        // past its lease) another node takes it over.
        let (h, shared) = try Self.nodeOnASpentChannel(
            milestones: Self.milestone + "\n  - {id: b, title: B, due: 2021-10-01, before: [], overdue: null}")
        let store = h.store
        try await h.running {
            h.advance(to: "2021-09-30T07:00:00Z")
            #expect(await h.eventually { (try? store.item(key: Self.due, channel: "hook"))?.state == .inflight })
            #expect(await h.eventually { h.clock.sleepingUntil.contains(h.clock.seconds() + 1) })
            shared.takeOver(Store.RowID(key: Self.due, channel: "hook"))
            h.clock.advance(1)
            #expect(await h.eventually { h.log.contains("not sending \(Self.due) via hook: this node's claim lapsed") })
            // The round is over: the node sleeps until the next reminder, the row left to the node that has it.
            #expect(await h.idle(until: "2021-10-01T07:00:00Z"))
        }
        #expect(try store.item(key: Self.due, channel: "hook")?.state == .inflight)
        #expect(h.transport.keys.isEmpty, "sent what another node had taken over")
        #expect(shared.fenceChecks >= 1)
        #expect(try store.attempts(key: Self.due, channel: "hook").isEmpty, "no attempt was made, none is recorded")
    }

    @Test func aChannelsRateIsTheClustersBudget() async throws {
        // Another node spent the channel's one token a second: this node's first send waits for
        // the next, where its own bucket alone would have let it go at once.
        let (h, _) = try Self.nodeOnASpentChannel(milestones: Self.milestone)
        try await h.running {
            h.advance(to: "2021-09-30T07:00:00Z")
            let start = h.clock.seconds()
            #expect(await h.eventually { h.clock.sleepingUntil.contains(start + 1) })
            #expect(h.transport.keys.isEmpty)
            h.clock.advance(1)
            #expect(await h.eventually { h.transport.keys == [Self.due] })
        }
    }
}
