import CClockJump
import Foundation

/// Tells when the wall clock is set (NTP step, an admin, a VM resumed): a `timerfd` on
/// CLOCK_REALTIME armed with TFD_TIMER_CANCEL_ON_SET reports exactly then, so the daemon plans
/// again at once instead of sleeping past or through due reminders.
final class ClockJumpWatcher: @unchecked Sendable {
    private let source: any DispatchSourceRead

    /// `onJump` runs on `queue` each time the clock is set; nil where timerfd is unavailable.
    init?(queue: DispatchQueue, onJump: @escaping @Sendable () -> Void) {
        let fd = frist_clock_jump_open()
        guard fd >= 0 else { return nil }
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler {
            if frist_clock_jump_consume(fd) == 1 {
                _ = frist_clock_jump_rearm(fd)
                onJump()
            }
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    deinit { source.cancel() }
}
