import CCurl
import Foundation
import Synchronization

/// Runs transfers through one libcurl multi handle on a dedicated thread: many requests in
/// flight at once, connections kept alive and reused per host, each with its own timeout.
///
/// TLS verification stays on unless a request says `insecure`; proxies come from the
/// environment as curl reads them (`https_proxy`, `no_proxy`, …).
public final class CurlTransport: Transport {
    private let engine: Engine

    /// Process-wide libcurl setup, once: global init, and SIGPIPE ignored (a peer closing a
    /// socket mid-write must not kill the daemon).
    private static let global: Void = {
        signal(SIGPIPE, SIG_IGN)
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    /// - Parameter maxConnectionsPerHost: caps parallel connections to one gateway.
    public init(maxConnectionsPerHost: Int = 16) {
        _ = Self.global
        engine = Engine(maxConnectionsPerHost: maxConnectionsPerHost)
        let engine = self.engine
        let thread = Thread { engine.run() }
        thread.name = "frist-curl"
        thread.start()
    }

    deinit { engine.stop() }

    /// Sends `request` and waits for the gateway's answer (or the failure).
    public func perform(_ request: TransportRequest) async -> TransportResponse {
        await perform([request])[0]
    }

    /// Sends all of `requests` at once (each on its own, under the same per-host connection
    /// cap) and waits until every one has its answer; the responses come back in the order of
    /// the requests. A burst hands its sends over in one step and is woken once for the lot,
    /// instead of once per request. Cancelling the waiting task aborts the transfers still
    /// running: they end at once as `cancelled` failures.
    public func perform(_ requests: [TransportRequest]) async -> [TransportResponse] {
        guard !requests.isEmpty else { return [] }
        let batch = Batch(count: requests.count)
        let transfers = requests.enumerated().map { i, request in Transfer(request) { batch.set(i, $0) } }
        let engine = self.engine
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                batch.waiting(continuation)
                engine.submit(transfers)
            }
        } onCancel: {
            engine.cancel(transfers)
        }
    }

    /// Collects a batch's responses; the last one resumes the waiting send.
    private final class Batch: Sendable {
        private let state: Mutex<(responses: [TransportResponse?], left: Int,
                                  continuation: CheckedContinuation<[TransportResponse], Never>?)>

        init(count: Int) {
            state = Mutex((Array(repeating: nil, count: count), count, nil))
        }

        /// Set before any transfer is submitted, so the last response always finds it.
        func waiting(_ continuation: CheckedContinuation<[TransportResponse], Never>) {
            state.withLock { $0.continuation = continuation }
        }

        func set(_ index: Int, _ response: TransportResponse) {
            let done: (CheckedContinuation<[TransportResponse], Never>, [TransportResponse])? = state.withLock { s in
                s.responses[index] = response
                s.left -= 1
                guard s.left == 0, let c = s.continuation else { return nil }
                s.continuation = nil
                return (c, s.responses.map { $0! })
            }
            if let (continuation, all) = done { continuation.resume(returning: all) }
        }
    }

    /// Stops accepting transfers; those in flight end as failures.
    public func shutdown() { engine.stop() }

    /// The multi handle and the loop that drives it. Only the loop thread touches libcurl;
    /// other threads only queue transfers under the lock and wake the loop.
    private final class Engine: @unchecked Sendable {
        private let multi: UnsafeMutableRawPointer
        private let lock = NSLock()
        private var incoming: [Transfer] = []
        private var cancelling: [Transfer] = []
        private var stopping = false

        init(maxConnectionsPerHost: Int) {
            multi = curl_multi_init()
            frist_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
            frist_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 64)
        }

        func submit(_ transfers: [Transfer]) {
            lock.lock()
            let accepted = !stopping
            // Only the first transfer queued since the loop last took the queue wakes it: the
            // loop takes the whole queue when it wakes.
            let wake = accepted && incoming.isEmpty
            if accepted { incoming.append(contentsOf: transfers) }
            lock.unlock()
            if wake { curl_multi_wakeup(multi) }
            if !accepted {
                for t in transfers { t.fail(.init(kind: .permanent, code: -1, message: "delivery is shutting down")) }
            }
        }

        /// Aborts `transfers` if they are still running (from any thread).
        func cancel(_ transfers: [Transfer]) {
            for t in transfers { t.markCancelled() }
            lock.lock()
            cancelling.append(contentsOf: transfers)
            lock.unlock()
            curl_multi_wakeup(multi)
        }

        func stop() {
            lock.lock()
            stopping = true
            lock.unlock()
            curl_multi_wakeup(multi)
        }

        func run() {
            var active: [UnsafeMutableRawPointer: Transfer] = [:]
            // Easy handles are reused: making and freeing one per request is a good part of
            // libcurl's cost in a burst. curl_easy_reset clears every option a transfer set.
            var idle: [UnsafeMutableRawPointer] = []
            func release(_ easy: UnsafeMutableRawPointer) {
                if idle.count < Self.idleHandles {
                    curl_easy_reset(easy)
                    idle.append(easy)
                } else {
                    curl_easy_cleanup(easy)
                }
            }
            while true {
                lock.lock()
                let batch = incoming
                incoming.removeAll()
                let cancelled = cancelling
                cancelling.removeAll()
                let stop = stopping
                lock.unlock()
                for t in cancelled {
                    guard let easy = active.first(where: { $0.value === t })?.key else { continue }
                    active[easy] = nil
                    curl_multi_remove_handle(multi, easy)
                    release(easy)
                    t.fail(Transfer.cancelledFailure)
                }
                if stop {
                    let gone = TransportFailure(kind: .connection, code: -1, message: "delivery is shutting down")
                    for t in batch { t.fail(gone) }
                    for (easy, t) in active {
                        curl_multi_remove_handle(multi, easy)
                        curl_easy_cleanup(easy)
                        t.fail(gone)
                    }
                    for easy in idle { curl_easy_cleanup(easy) }
                    curl_multi_cleanup(multi)
                    return
                }
                for t in batch {
                    if t.isCancelled {
                        t.fail(Transfer.cancelledFailure)
                        continue
                    }
                    guard let easy = idle.popLast() ?? curl_easy_init() else {
                        t.fail(.init(kind: .permanent, code: -1, message: "libcurl could not create a transfer"))
                        continue
                    }
                    if t.start(on: easy) {
                        curl_multi_add_handle(multi, easy)
                        active[easy] = t
                    } else {
                        release(easy)
                    }
                }
                var running: Int32 = 0
                curl_multi_perform(multi, &running)
                var left: Int32 = 0
                while let msg = curl_multi_info_read(multi, &left) {
                    guard msg.pointee.msg == CURLMSG_DONE, let easy = msg.pointee.easy_handle,
                          let t = active.removeValue(forKey: easy) else { continue }
                    let result = msg.pointee.data.result
                    curl_multi_remove_handle(multi, easy)
                    t.complete(result, on: easy)
                    release(easy)
                }
                // Idle, it sleeps until a transfer is submitted (curl_multi_wakeup); busy, libcurl
                // shortens the wait to its own next timeout.
                var ready: Int32 = 0
                curl_multi_poll(multi, nil, 0, active.isEmpty ? 3_600_000 : 1000, &ready)
            }
        }

        /// Handles kept for reuse: what a burst has in flight at once, about.
        private static let idleHandles = 128
    }
}
