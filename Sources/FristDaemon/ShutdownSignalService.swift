import ServiceLifecycle
import UnixSignals

/// SIGTERM and SIGINT end the daemon gracefully. They are trapped when the daemon starts
/// loading, not when the group runs: a SIGTERM that comes while the state opens would otherwise
/// find the default action and kill the process mid-start. The sequence keeps what came early,
/// and the service ends at the first one, which shuts the group down.
struct ShutdownSignalService: Service {
    let signals: UnixSignalsSequence

    func run() async throws {
        for await _ in signals.cancelOnGracefulShutdown() { return }
    }
}
