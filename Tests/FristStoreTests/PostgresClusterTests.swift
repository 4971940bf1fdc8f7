import Foundation
import FristConfig
@testable import FristPostgres
@testable import FristStore
import FristTestSupport
import Synchronization
import Testing

private let hook = "hook"

/// A flag one task raises and another reads.
private final class Flag: Sendable {
    private let raised = Mutex(false)
    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}

/// What several tasks add to at once.
private final class Collected<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])
    func add(_ element: Element) { elements.withLock { $0.append(element) } }
    var all: [Element] { elements.withLock { $0 } }
}

private func key(_ n: Int) -> String { "p/m@2021-09-30#before-\(n)d" }

private func beat(_ name: String, lease: Double = 4, digest: String = "abc") -> Store.NodeBeat {
    Store.NodeBeat(name: name, configDigest: digest, version: "1.0", lease: lease)
}

/// Several nodes on one PostgreSQL store: claims never shared, leases taken over, the shared
/// watermark and rate, migrations once, the database going away and coming back, secrets kept.
// One at a time: they share one PostgreSQL server, and twenty stores opening at once on two
// busy cores outwaited the stores' timeout in a full run.
@Suite(.serialized) struct PostgresClusterTests {
    @Test func twoNodesClaimingAtOnceNeverGetTheSameRow() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a", "node-b"]) { stores in
            try await stores[0].enqueue((0..<300).map { .init(key($0), hook, Int64($0)) })
            let claims = try await withThrowingTaskGroup(of: [Store.Item].self) { group in
                for store in stores {
                    group.addTask {
                        var mine: [Store.Item] = []
                        while true {
                            let batch = try await store.claim(now: 1_000, limit: 7)
                            if batch.isEmpty { return mine }
                            mine += batch
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let a = Set(claims[0].map(\.id)), b = Set(claims[1].map(\.id))
            #expect(a.isDisjoint(with: b))
            #expect(a.union(b).count == 300 && claims[0].count + claims[1].count == 300)
            #expect(claims.joined().allSatisfy { $0.claim == 1 })
        }
    }

    @Test func aRowWhoseLeaseRanOutIsTakenOverAndTheLateFinishDoesNotMoveIt() async throws {
        let (_, connection) = try await freshPostgres()
        // Long enough for the checks right after the claim, short enough to wait out.
        try await withPostgresStores(connection, nodes: ["node-a"], lease: 3) { a in
            try await withPostgresStores(connection, nodes: ["node-b"]) { b in
                let (a, b) = (a[0], b[0])
                try await a.enqueue([.init(key(1), hook, 100)])
                let mine = try #require(try await a.claim(now: 100).first)
                #expect(mine.claim == 1)
                #expect(try await a.stillClaimed([mine]) == [mine.id])
                #expect(try await b.claim(now: 100).isEmpty)
                _ = try await b.changedElsewhere(consume: true)
                // a goes silent: once its lease runs out, b has work to take over, and takes it.
                #expect(try await eventually(timeout: 20) { try await b.changedElsewhere(consume: true) })
                var taken: [Store.Item] = []
                #expect(try await eventually(timeout: 20) {
                    taken = try await b.claim(now: 100)
                    return !taken.isEmpty
                })
                let theirs = try #require(taken.first)
                #expect(theirs.id == mine.id && theirs.claim == 2)
                #expect(try await a.stillClaimed([mine]).isEmpty)
                #expect(try await b.stillClaimed([theirs]) == [theirs.id])
                // a wakes and records its send: in the history, but the row stays b's.
                try await a.finish([(mine, .sent)], at: 101)
                let row = try #require(try await b.item(key: key(1), channel: hook))
                #expect(row.state == .inflight && row.claim == 2)
                #expect(try await b.attemptOutcomes(key: key(1), channel: hook) == ["sent"])
                #expect(try await a.requeueInflight() == 0)
                try await b.finish([(theirs, .sent)], at: 102)
                #expect(try await b.item(key: key(1), channel: hook)?.state == .sent)
                #expect(try await b.attemptOutcomes(key: key(1), channel: hook) == ["sent", "sent"])
            }
        }
    }

    // Takeover must not wait behind a burst: a dead node's rows go before every pending one.
    @Test func aDeadNodesRowsAreTakenOverBeforeOlderPendingOnes() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a"], lease: 0.3) { a in
            try await withPostgresStores(connection, nodes: ["node-b"]) { b in
                let (a, b) = (a[0], b[0])
                try await a.enqueue([.init(key(1_000), hook, 1_000)])
                let lapsing = try #require(try await a.claim(now: 1_000).first)
                // A burst due earlier than the dead node's row.
                try await b.enqueue((0..<200).map { .init(key($0), hook, Int64($0)) })
                // Until a's lease has run out: twice in a row there is work elsewhere (the
                // first look may only consume a's NOTIFY; nobody writes after it).
                #expect(try await eventually(timeout: 20) {
                    guard try await b.changedElsewhere(consume: true) else { return false }
                    return try await b.changedElsewhere(consume: true)
                })
                let first = try await b.claim(now: 1_000, limit: 3)
                #expect(first.count == 3)
                #expect(first.contains { $0.id == lapsing.id && $0.claim == 2 }, "claimed \(first.map(\.key)) before the lapsed row")
            }
        }
    }

    @Test func aHeartbeatRenewsTheLeasesOfTheNodesRowsInFlight() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a"], lease: 0.3) { a in
            try await withPostgresStores(connection, nodes: ["node-b"]) { b in
                let (a, b) = (a[0], b[0])
                try await a.enqueue([.init(key(1), hook, 100), .init(key(2), hook, 100)])
                let mine = try #require(try await a.claim(now: 100, limit: 1).first)
                // The claim's lease runs out without a beat ...
                #expect(try await eventually(timeout: 20) { try await a.stillClaimed([mine]).isEmpty })
                // ... and a beat renews it, for the beat's lease: the row is a's again, not b's to take.
                _ = try await a.heartbeat(beat("node-a", lease: 3_600))
                #expect(try await a.stillClaimed([mine]) == [mine.id])
                #expect(try await b.claim(now: 100).map(\.key) == [key(2)], "only the row nobody held")
            }
        }
    }

    @Test func nodesListsEveryNodeWithItsLivenessAndWhatItHasInFlight() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a", "node-b"]) { stores in
            let (a, b) = (stores[0], stores[1])
            try await a.enqueue([.init(key(1), hook, 100), .init(key(2), hook, 100)])
            #expect(try await a.claim(now: 100, limit: 1).count == 1)
            _ = try await a.heartbeat(beat("node-a"))
            let seen = try await b.heartbeat(beat("node-b", digest: "def"))
            #expect(seen.map(\.name) == ["node-a", "node-b"])
            #expect(seen.map(\.inflight) == [1, 0])
            #expect(seen.map(\.configDigest) == ["abc", "def"])
            #expect(seen.allSatisfy { $0.alive && $0.silentFor < 4 && $0.heartbeatAt >= $0.startedAt })
            #expect(try await a.nodes().map(\.name) == ["node-a", "node-b"])
            // node-a goes silent: by a lease of 0.3 s it is soon not alive; node-b, beating, is.
            #expect(try await eventually(timeout: 10) {
                let nodes = try await b.heartbeat(beat("node-b", lease: 0.3, digest: "def"))
                return nodes.first { $0.name == "node-a" }?.alive == false && nodes.first { $0.name == "node-b" }?.alive == true
            })
        }
    }

    @Test func aNodeSilentForADayIsForgottenOnceItHasNothingInFlight() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a", "node-b", "node-c"]) { stores in
            let (a, b, c) = (stores[0], stores[1], stores[2])
            try await a.enqueue([.init(key(1), hook, 100)])
            _ = try await a.heartbeat(beat("node-a"))
            _ = try await b.heartbeat(beat("node-b"))
            #expect(try await b.claim(now: 100, limit: 1).count == 1)
            _ = try await c.heartbeat(beat("node-c"))
            try await a.silence(node: "node-a", for: 2 * 86_400)
            try await a.silence(node: "node-b", for: 2 * 86_400)
            // node-a, gone with nothing in flight, is forgotten; node-b still has a row to be taken over.
            let seen = try await c.heartbeat(beat("node-c"))
            #expect(seen.map(\.name) == ["node-b", "node-c"])
            #expect(seen.first?.alive == false)
        }
    }

    @Test func thePlannedThroughInstantNeverGoesBack() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a", "node-b"]) { stores in
            let (a, b) = (stores[0], stores[1])
            try await a.setLastPlanned(2_000)
            try await b.setLastPlanned(1_000)
            #expect(try await a.lastPlanned() == 2_000)
            _ = try await b.drainStep(finishing: [], enqueueing: [], plannedThrough: 1_500, claimingDueAt: 0, limit: 0,
                                      excluding: [])
            #expect(try await b.lastPlanned() == 2_000)
            try await b.setLastPlanned(3_000)
            #expect(try await a.lastPlanned() == 3_000)
        }
    }

    @Test func aChannelsRateBucketIsTakenByOneNodeAtATime() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a", "node-b"]) { stores in
            // Forty reservations at once from two nodes: each sees the others' tokens, none is lost.
            let seen = try await withThrowingTaskGroup(of: (Double, Double).self) { group in
                for n in 0..<40 {
                    let store = stores[n % 2]
                    group.addTask {
                        try #require(try await store.withRateBucket(channel: hook) { bucket, now in
                            let tokens = (bucket.tokens ?? 0) + 1
                            bucket = Store.RateBucket(tokens: tokens, last: now)
                            return (tokens, now)
                        })
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seen.map(\.0).sorted() == (1...40).map(Double.init))
            // Taken in turn, each on the database's clock at its turn: later tokens, later clocks.
            let byTokens = seen.sorted { $0.0 < $1.0 }.map(\.1)
            #expect(byTokens == byTokens.sorted())
            let last = try await stores[0].withRateBucket(channel: hook) { bucket, _ in bucket.tokens }
            #expect(last == 40)
            #expect(try await stores[1].withRateBucket(channel: "other") { bucket, _ in bucket } == Store.RateBucket(tokens: nil, last: nil))
        }
    }

    @Test func storesOpeningANewDatabaseTogetherMigrateItOnce() async throws {
        let (_, connection) = try await freshPostgres()
        let opened = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for n in 0..<3 {
                group.addTask {
                    try await PostgresStore.withStore(connection, node: "node-\(n)", logger: quietLogger) { store in
                        try await store.enqueue([.init(key(n), hook, 100)])
                        return try await store.migrationCounts()
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let versions = PostgresMigrations.all.map(\.version)
        #expect(opened.count == 3)
        #expect(opened.allSatisfy { $0 == Dictionary(uniqueKeysWithValues: versions.map { ($0, 1) }) })
        try await withPostgresStores(connection, nodes: ["node-x"]) { stores in
            let pending = try await stores[0].summary().counts[.pending]
            #expect(pending == 3)
        }
    }

    @Test func ownNotificationsAreIgnoredAndOthersRingTheHandler() async throws {
        let (_, connection) = try await freshPostgres()
        try await withPostgresStores(connection, nodes: ["node-a", "node-b"]) { stores in
            let (a, b) = (stores[0], stores[1])
            let rings = Mutex(0)
            a.onChange { rings.withLock { $0 += 1 } }
            try await a.enqueue([.init(key(1), hook, 100)])
            _ = try await a.acknowledge("p/x", doneOn: "2021-01-01", note: nil, at: 1)
            // b's write is delivered after a's own (notifications come in commit order).
            _ = try await b.acknowledge("p/y", doneOn: "2021-01-01", note: nil, at: 2)
            #expect(await eventually(timeout: 10) { rings.withLock { $0 } >= 1 })
            #expect(rings.withLock { $0 } == 1)
            #expect(try await a.changedElsewhere(consume: true))
            #expect(try await a.changedElsewhere(consume: true) == false)
        }
    }

    @Test func theDatabaseRestartingIsUnreachableForAWhileThenTheSameStoreWorksAgain() async throws {
        let server = try await PostgresServer.start()
        do {
            let database = try await server.createDatabase()
            let connection = try storeConnection(server.url(database: database), password: nil)
            try await withPostgresStores(connection, nodes: ["node-a", "node-b"]) { stores in
                let (a, b) = (stores[0], stores[1])
                try await a.enqueue([.init(key(1), hook, 100)])
                let restarted = Flag()
                let failures = try await withThrowingTaskGroup(of: [StoreError].self) { group in
                    group.addTask {
                        try await server.restart(fast: true)
                        restarted.raise()
                        return []
                    }
                    group.addTask {
                        // Queries all through the restart, until it is over: each answers, or
                        // fails as unreachable.
                        var failures: [StoreError] = []
                        _ = await eventually(timeout: 60, every: .milliseconds(20)) {
                            do { _ = try await a.summary() } catch let error as StoreError { failures.append(error) } catch {}
                            return restarted.isRaised
                        }
                        return failures
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                for failure in failures {
                    #expect(failure.kind == .unreachable, "\(failure)")
                    #expect(failure.description.contains(connection.displayURL))
                }
                #expect(await eventually(timeout: 20) { (try? await a.summary().counts[.pending]) == 1 })
                // The listener is back too: b's write after the restart is noticed.
                _ = try await a.changedElsewhere(consume: true)
                #expect(await eventually(timeout: 20) {
                    _ = try? await b.acknowledge("p/z", doneOn: "2021-01-01", note: nil, at: 1)
                    return (try? await a.changedElsewhere(consume: true)) == true
                })
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    // Before the fix this hung: postgres-nio 1.33.2 never answers a statement written to a
    // connection the server has just closed (a pooled one leased as it closed, or the ROLLBACK
    // after one dropped mid-transaction), and the operation held its caller for ever.
    @Test func operationsThroughRepeatedRestartsFailAtOnceAsUnreachableAndNoneHangs() async throws {
        let server = try await PostgresServer.start()
        do {
            let database = try await server.createDatabase()
            let connection = try storeConnection(server.url(database: database), password: nil)
            try await withPostgresStores(connection, nodes: ["node-a"]) { stores in
                let a = stores[0]
                try await a.enqueue([.init(key(1), hook, 100)])
                let failures = Collected<StoreError>()
                for _ in 0..<10 {
                    let restarted = Flag()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            try await server.restart(fast: true)
                            restarted.raise()
                        }
                        // Reads and claiming transactions from a dozen tasks at once, all through the restart.
                        for _ in 0..<12 {
                            group.addTask {
                                _ = await eventually(timeout: 120, every: .milliseconds(1)) {
                                    do {
                                        _ = try await a.summary()
                                        _ = try await a.claim(now: 1_000, limit: 5)
                                    } catch let error as StoreError {
                                        failures.add(error)
                                    } catch {}
                                    return restarted.isRaised
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                let seen = failures.all
                #expect(!seen.isEmpty, "ten restarts under load and not one operation failed")
                for failure in seen {
                    #expect(failure.kind == .unreachable, "\(failure)")
                    // Ended by the connection closing, not by the store's timeout (a minute here).
                    #expect(!failure.description.contains("no answer"), "\(failure)")
                }
                #expect(await eventually(timeout: 20) { (try? await a.summary()) != nil })
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func theDatabaseDownIsUnreachableAtOpenAndSaysWhere() async throws {
        let port = try freeLoopbackPort()
        let connection = try storeConnection("postgresql://frist:hunter2@127.0.0.1:\(port)/frist?sslmode=disable",
                                                password: nil)
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStore.withStore(connection, node: "node-a", timeout: 5, logger: quietLogger) { _ in }
        }
        #expect(error?.kind == .unreachable)
        #expect(error?.description.hasPrefix("cannot open state database postgresql://frist@127.0.0.1:\(port)/frist") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func aWrongPasswordIsRefusedWithoutShowingItAndTheRightOneWorks() async throws {
        let server = try await PostgresServer.shared
        let database = try await server.createDatabase()
        let secretUser = PostgresServer.passwordRole
        let wrong = "wr0ng-Pa55-in-url"
        let inURL = try storeConnection("postgresql://\(secretUser):\(wrong)@127.0.0.1:\(server.port)/\(database)?sslmode=disable", password: nil)
        #expect(!inURL.displayURL.contains(wrong))
        let fromFile = try storeConnection(server.url(database: database, user: secretUser), password: "wr0ng-from-file")
        for connection in [inURL, fromFile] {
            let error = await #expect(throws: StoreError.self) {
                try await PostgresStore.withStore(connection, node: "node-a", logger: quietLogger) { _ in }
            }
            let text = error?.description ?? ""
            #expect(text.contains(connection.displayURL) && text.contains("password"), "\(text)")
            #expect(!text.contains(wrong) && !text.contains("wr0ng-from-file") && !text.contains(PostgresServer.password))
            #expect(!String(describing: error as Any).contains(connection.password ?? "-"))
        }
        let right = try storeConnection(server.url(database: database, user: secretUser),
                                           password: PostgresServer.password)
        try await PostgresStore.withStore(right, node: "node-a", logger: quietLogger) { store in
            let added = try await store.enqueue([.init(key(1), hook, 100)])
            #expect(added == 1)
            #expect(!store.path.contains(PostgresServer.password))
        }
    }

    @Test func aStoreURLIsShownWithoutItsPassword() throws {
        let parsed = try storeConnection("postgresql://frist:p%40ss@db.kommune.dk:6432/frist?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(parsed.host == "db.kommune.dk" && parsed.port == 6432 && parsed.username == "frist")
        #expect(parsed.password == "p@ss" && parsed.database == "frist" && parsed.tls == .verifyFull)
        #expect(parsed.rootCertificate == "/etc/ca.pem")
        #expect(parsed.displayURL == "postgresql://frist@db.kommune.dk:6432/frist?sslmode=verify-full")
        #expect(try storeConnection("postgres://frist@db/frist", password: "file").password == "file")
        #expect(try storeConnection("postgresql://frist@[::1]/frist").displayURL == "postgresql://frist@[::1]:5432/frist?sslmode=prefer")
        for (url, field) in [("mysql://frist@db/frist", "PostgreSQL URL"), ("postgresql://db/frist", "user"),
                             ("postgresql://frist:secret@db:99999/frist", "port"), ("postgresql://frist@db", "database"),
                             ("postgresql://frist:secret@db/frist?sslmode=always", "sslmode"),
                             ("postgresql://frist@db/frist?timeout=3", "timeout")] {
            let error = #expect(throws: StoreSettings.URLProblem.self) { try storeConnection(url) }
            #expect(error?.message.contains(field) == true, "\(url): \(error?.message ?? "")")
            #expect(error?.message.contains("secret") == false)
        }
    }
}
