/// Vertical layout of a timeline drawing: today's label on top, marker rows, the axis, labels.
struct TimelineGeometry {
    static let width = 960
    static let left = 16
    static let right = 944
    static let laneHeight = 20

    /// Top of the marker area; today's label sits above it.
    let top = 24
    let axisY: Int
    let height: Int

    init(lanes: Int) {
        axisY = top + lanes * Self.laneHeight + 4
        height = axisY + 48
    }

    /// The centre line of a marker row (row 0 just above the axis).
    func laneY(_ lane: Int) -> Int { axisY - 4 - Self.laneHeight / 2 - lane * Self.laneHeight }
}
