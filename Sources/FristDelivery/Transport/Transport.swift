/// What notifiers send through: one request, or a batch whose responses come back in the
/// order of the requests. ``CurlTransport`` is the real one; tests where no network is the
/// point may give the pipeline one of their own.
public protocol Transport: Sendable {
    func perform(_ request: TransportRequest) async -> TransportResponse
    func perform(_ requests: [TransportRequest]) async -> [TransportResponse]
}
