import Foundation
import FristDelivery

/// The daemon's time: the real clock, or a simulated one that starts at a chosen instant and
/// runs N times faster (`frist run --start-at … --speed N`, for demos and end-to-end tests).
/// Both measure elapsed time on the monotonic clock, so waiting is exact.
public struct DaemonClock: Sendable {
    /// Real seconds since the epoch at this clock's origin, and how fast it runs.
    private let origin: Double
    private let monotonicOrigin: Double
    public let speed: Double
    public let isSimulated: Bool

    /// Where a simulated clock started (`--start-at`); nil for the system clock.
    public var start: Int64? { isSimulated ? Int64(origin.rounded(.down)) : nil }

    /// The system's wall clock.
    public static var system: DaemonClock { DaemonClock(origin: nil, speed: 1) }

    /// A clock reading `start` now and advancing `speed` times faster than real time.
    public static func simulated(start: Double, speed: Double) -> DaemonClock { DaemonClock(origin: start, speed: speed) }

    private init(origin: Double?, speed: Double) {
        self.origin = origin ?? 0
        self.speed = speed
        isSimulated = origin != nil
        monotonicOrigin = Self.monotonic()
    }

    /// Seconds since the epoch, with fractions.
    public func seconds() -> Double {
        isSimulated ? origin + (Self.monotonic() - monotonicOrigin) * speed : Date().timeIntervalSince1970
    }

    public func now() -> Int64 { Int64(seconds().rounded(.down)) }

    /// Real seconds until this clock reads `instant`.
    public func realDelay(until instant: Double) -> Double {
        max(0, (instant - seconds()) / speed)
    }

    static func monotonic() -> Double { Monotonic.seconds() }
}
