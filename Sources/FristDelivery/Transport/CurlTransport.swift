import CCurl
import Foundation

/// Runs transfers through one libcurl multi handle on a dedicated thread: many requests in
/// flight at once, connections kept alive and reused per host, each with its own timeout.
///
/// TLS verification stays on unless a request says `insecure`; proxies come from the
/// environment as curl reads them (`https_proxy`, `no_proxy`, …).
public final class CurlTransport: Sendable {
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
        await withCheckedContinuation { continuation in
            engine.submit(Transfer(request, continuation))
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
        private var stopping = false

        init(maxConnectionsPerHost: Int) {
            multi = curl_multi_init()
            frist_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
            frist_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 64)
        }

        func submit(_ transfer: Transfer) {
            lock.lock()
            let accepted = !stopping
            if accepted { incoming.append(transfer) }
            lock.unlock()
            if accepted {
                curl_multi_wakeup(multi)
            } else {
                transfer.fail(.init(kind: .permanent, code: -1, message: "delivery is shutting down"))
            }
        }

        func stop() {
            lock.lock()
            stopping = true
            lock.unlock()
            curl_multi_wakeup(multi)
        }

        func run() {
            var active: [UnsafeMutableRawPointer: Transfer] = [:]
            while true {
                lock.lock()
                let batch = incoming
                incoming.removeAll()
                let stop = stopping
                lock.unlock()
                if stop {
                    let gone = TransportFailure(kind: .connection, code: -1, message: "delivery is shutting down")
                    for t in batch { t.fail(gone) }
                    for (easy, t) in active {
                        curl_multi_remove_handle(multi, easy)
                        t.fail(gone)
                    }
                    curl_multi_cleanup(multi)
                    return
                }
                for t in batch {
                    if let easy = t.start() {
                        curl_multi_add_handle(multi, easy)
                        active[easy] = t
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
                    t.complete(result)
                }
                // Idle, it sleeps until a transfer is submitted (curl_multi_wakeup); busy, libcurl
                // shortens the wait to its own next timeout.
                var ready: Int32 = 0
                curl_multi_poll(multi, nil, 0, active.isEmpty ? 3_600_000 : 1000, &ready)
            }
        }
    }
}
