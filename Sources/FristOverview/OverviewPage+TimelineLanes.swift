/// Rows for markers that would overlap: each marker goes in the lowest row where it clears
/// the previous one; past ``maxLanes`` the row that frees up first takes it (overlap, rarely).
struct TimelineLanes {
    static let maxLanes = 8
    /// Marker width plus a little air, in drawing units.
    static let gap = 17

    /// The row of each day, in the order given (ascending days).
    let assigned: [Int]
    let count: Int

    init(days: [Int], axis: TimelineAxis) {
        var ends: [Int] = []
        var assigned: [Int] = []
        for day in days {
            let x = axis.x(day)
            let lane = ends.firstIndex { $0 + Self.gap <= x }
                ?? (ends.count < Self.maxLanes ? ends.count : ends.indices.min { ends[$0] < ends[$1] } ?? 0)
            if lane == ends.count { ends.append(x) } else { ends[lane] = x }
            assigned.append(lane)
        }
        self.assigned = assigned
        count = max(1, ends.count)
    }
}
