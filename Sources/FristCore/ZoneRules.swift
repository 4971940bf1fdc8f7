import Foundation
import Synchronization

/// A time zone's UTC offsets as a table of transitions, so that turning "2021-09-16 09:00
/// local" into an instant is a binary search instead of a Foundation calendar call.
///
/// Local times that do not exist (spring forward) move forward by the gap; ambiguous ones
/// (fall back) take the first occurrence, as the reminder contract says.
public final class ZoneRules: Sendable {
    public let identifier: String
    private let zone: TimeZone
    /// Instants (seconds since epoch) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// `offsets[i]` applies before `transitions[i]`; the last entry applies after the last one.
    private let offsets: [Int32]
    private let tableRange: Range<Int64>
    /// Per local day of the table: the UTC offset when no transition lies within a day of it
    /// (the usual case, answered without a search), else `Int32.min`.
    private let steadyOffsets: [Int32]
    private let firstDay: Int

    /// Years covered by the transition table; other years ask Foundation directly.
    public static let tableYears = 1970..<2100

    /// Tables already built in this process: building one asks Foundation thousands of times.
    private static let cache = Mutex<[String: ZoneRules]>([:])

    /// The rules of an IANA zone, built once per process, or `nil` when the zone is unknown.
    public static func named(_ identifier: String) -> ZoneRules? {
        if let cached = cache.withLock({ $0[identifier] }) { return cached }
        guard let built = ZoneRules(identifier: identifier) else { return nil }
        cache.withLock { $0[identifier] = built }
        return built
    }

    /// Builds the rules of an IANA zone (see ``named(_:)`` for the shared copy), or `nil` when
    /// the identifier is not a known zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
        let lo = Int64(LocalDate.dayNumber(year: Self.tableYears.lowerBound, month: 1, day: 1)) * 86_400
        let hi = Int64(LocalDate.dayNumber(year: Self.tableYears.upperBound, month: 1, day: 1)) * 86_400
        tableRange = lo..<hi
        // Offsets change a few times a year, but a summer time can last under a week (Asia/Gaza 2040):
        // sample daily, bisect each change to the second.
        func offset(_ t: Int64) -> Int32 {
            Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        }
        var transitions: [Int64] = []
        var offsets: [Int32] = [offset(lo)]
        var t = lo
        var current = offsets[0]
        let step: Int64 = 86_400
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
        // A day is steady when no transition falls within the span `instant(localSeconds:)` samples.
        firstDay = Int(lo / 86_400)
        let days = Int((hi - lo) / 86_400)
        var steady = [Int32](repeating: Int32.min, count: days)
        var next = 0  // first transition at or after the current span's start
        for i in 0..<days {
            let spanStart = lo + Int64(i) * 86_400 - 93_600
            let spanEnd = lo + Int64(i + 1) * 86_400 + 93_600
            while next < transitions.count && transitions[next] < spanStart { next += 1 }
            if next == transitions.count || transitions[next] > spanEnd { steady[i] = offsets[next] }
        }
        steadyOffsets = steady
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

    /// The instant of a local date at a local time of day, and the UTC offset in force then.
    public func resolve(day: Int, secondsOfDay: Int) -> (instant: Int64, offset: Int) {
        let local = Int64(day) * 86_400 + Int64(secondsOfDay)
        let i = day - firstDay
        if i >= 0 && i < steadyOffsets.count && steadyOffsets[i] != Int32.min {
            return (local - Int64(steadyOffsets[i]), Int(steadyOffsets[i]))
        }
        let instant = instant(localSeconds: local)
        return (instant, offset(at: instant))
    }

    /// The instant of a local date at a local time of day.
    public func instant(day: Int, secondsOfDay: Int) -> Int64 {
        resolve(day: day, secondsOfDay: secondsOfDay).instant
    }
}
