import Foundation
import Synchronization

/// A time zone's UTC offsets as a table of transitions, so that turning "2021-09-16 09:00
/// local" into an instant is a binary search instead of a Foundation calendar call.
///
/// Local times that do not exist (spring forward) move forward by the gap; ambiguous ones
/// (fall back) take the first occurrence, as the reminder contract says.
public struct ZoneRules: Sendable {
    public let identifier: String
    private let zone: TimeZone
    /// Instants (seconds since epoch) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// `offsets[i]` applies before `transitions[i]`; the last entry applies after the last one.
    private let offsets: [Int32]
    private let tableRange: Range<Int64>

    /// Years covered by the transition table; other years ask Foundation directly.
    public static let tableYears = 1970..<2100

    /// Tables already built in this process: building one asks Foundation thousands of times.
    private static let cache = Mutex<[String: ZoneRules]>([:])

    /// - Returns: `nil` when the identifier is not a known IANA zone.
    public init?(identifier: String) {
        if let cached = Self.cache.withLock({ $0[identifier] }) {
            self = cached
            return
        }
        guard let built = ZoneRules(building: identifier) else { return nil }
        Self.cache.withLock { $0[identifier] = built }
        self = built
    }

    private init?(building identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
        let lo = Int64(LocalDate.dayNumber(year: Self.tableYears.lowerBound, month: 1, day: 1)) * 86_400
        let hi = Int64(LocalDate.dayNumber(year: Self.tableYears.upperBound, month: 1, day: 1)) * 86_400
        tableRange = lo..<hi
        // Offsets change at most a few times a year: sample weekly, bisect each change to the second.
        func offset(_ t: Int64) -> Int32 {
            Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        }
        var transitions: [Int64] = []
        var offsets: [Int32] = [offset(lo)]
        var t = lo
        var current = offsets[0]
        let step: Int64 = 7 * 86_400
        while t < hi {
            let next = min(t + step, hi)
            let o = offset(next)
            if o != current {
                var a = t, b = next  // offset(a) == current, offset(b) != current
                while b - a > 1 {
                    let m = a + (b - a) / 2
                    if offset(m) == current { a = m } else { b = m }
                }
                transitions.append(b)
                current = offset(b)
                offsets.append(current)
                t = b
            } else {
                t = next
            }
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// The UTC offset in seconds at an instant.
    public func offset(at instant: Int64) -> Int {
        guard tableRange.contains(instant) else {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        }
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid] <= instant { lo = mid + 1 } else { hi = mid }
        }
        return Int(offsets[lo])
    }

    /// The instant of a local wall time, given as seconds since 1970-01-01T00:00 local.
    public func instant(localSeconds local: Int64) -> Int64 {
        // Offsets around the wall time, sampled well clear of any single transition.
        let early = Int64(offset(at: local - 93_600))
        let late = Int64(offset(at: local + 93_600))
        if early == late { return local - early }
        let earlyValid = Int64(offset(at: local - early)) == early
        let lateValid = Int64(offset(at: local - late)) == late
        switch (earlyValid, lateValid) {
        case (true, true): return local - max(early, late)  // fold: the first of the two
        case (true, false): return local - early
        case (false, true): return local - late
        case (false, false): return local - early  // gap: forward by its length
        }
    }

    /// The instant of a local date at a local time of day.
    public func instant(day: Int, secondsOfDay: Int) -> Int64 {
        instant(localSeconds: Int64(day) * 86_400 + Int64(secondsOfDay))
    }
}
