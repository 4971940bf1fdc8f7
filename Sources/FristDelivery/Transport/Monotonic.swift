import Foundation

/// Seconds of `CLOCK_MONOTONIC`: the clock ``TransportRequest/sendBy`` is on, and the daemon's
/// lease with it, so that the two agree (it runs on while a process is stopped).
public enum Monotonic {
    public static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
