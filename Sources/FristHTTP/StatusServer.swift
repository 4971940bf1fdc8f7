public import FristDaemon
import FristConfig
import FristCore
import FristDelivery
import FristOverview
import FristStore
import Foundation
import Hummingbird
import NIOCore
public import Logging
public import Prometheus
public import ServiceLifecycle

/// The daemon's HTTP listener (`http:` in the config): the overview page for project managers,
/// `/calendar.ics`, `/status.json`, `/metrics`, `/healthz`, and `POST /ack/{project}/{occurrence}`.
///
/// Off unless configured. Reading is open to whoever can reach the address (loopback unless
/// the admin says otherwise, and then a token is required by the config); acknowledging always
/// needs the bearer token.
///
/// A service of the daemon's group, beside the scheduler; Hummingbird's `Application` inside it
/// closes its connections on the group's graceful shutdown.
public struct StatusServer: Service {
    let daemon: DaemonHandle
    let settings: HTTPSettings
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    /// The listener for the daemon's `http:` settings; nil when the config has none.
    public init?(daemon: DaemonHandle, registry: PrometheusCollectorRegistry, logger: Logger) {
        guard let settings = daemon.initial.config.http else { return nil }
        self.daemon = daemon
        self.settings = settings
        self.registry = registry
        self.logger = logger
    }

    /// The listener's routes on this daemon, without a socket: `run()` serves them, and tests
    /// drive them in process (`app.test(.router)`).
    func router() -> Router<BasicRequestContext> {
        let pages = Pages(daemon: daemon, registry: registry, token: settings.token,
                          secrets: SecretResolver(redactor: Redactor()))
        let router = Router()
        router.get("/") { _, _ in try await pages.overview() }
        router.get("/calendar.ics") { request, _ in try await pages.calendar(request) }
        router.get("/status.json") { _, _ in try await pages.status() }
        router.get("/metrics") { _, _ in try await pages.metrics() }
        router.get("/healthz") { _, _ in await pages.health() }
        router.get("/ack/link") { request, _ in try await pages.ackLink(request, record: false) }
        router.post("/ack/link") { request, _ in try await pages.ackLink(request, record: true) }
        router.post("/ack/:project/:occurrence") { request, context in
            try await pages.acknowledge(request, project: context.parameters.get("project") ?? "",
                                        occurrence: context.parameters.get("occurrence") ?? "")
        }
        return router
    }

    public func run() async throws {
        let settings = self.settings, logger = self.logger
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Frist"),
            onServerRunning: { _ in
                logger.notice("HTTP listener on \(settings.host):\(settings.port): /, /calendar.ics, /status.json, /metrics")
            },
            logger: logger)
        do {
            try await app.run()
        } catch {
            // NIO says "bind(descriptor:ptr:bytes:): Address already in use (errno: 98)".
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() } ?? "\(error)"
            throw ListenFailure(description: "cannot listen on \(settings.host):\(settings.port) (http.listen): \(reason)")
        }
    }

    struct ListenFailure: Error, CustomStringConvertible {
        let description: String
    }
}
