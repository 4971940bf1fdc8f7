import FristCore

/// The timeline's time axis: whole quarters around the deadlines, mapped onto the drawing's width.
struct TimelineAxis {
    /// First day of the quarter of the first deadline, and of the quarter after the last.
    let start: Int
    let end: Int

    init(first: Int, last: Int) {
        start = Self.quarterStart(first, offset: 0)
        end = Self.quarterStart(last, offset: 1)
    }

    /// The first day of the quarter `offset` quarters after the one holding `day`.
    static func quarterStart(_ day: Int, offset: Int) -> Int {
        let d = LocalDate(dayNumber: day)
        let index = d.year * 4 + (d.month - 1) / 3 + offset
        return LocalDate.dayNumber(year: index / 4, month: index % 4 * 3 + 1, day: 1)
    }

    /// Every month boundary from ``start`` through ``end``.
    var months: [(day: Int, month: Int)] {
        var result: [(day: Int, month: Int)] = []
        var d = LocalDate(dayNumber: start)
        while d.dayNumber <= end {
            result.append((d.dayNumber, d.month))
            d = LocalDate(year: d.year + d.month / 12, month: d.month % 12 + 1, day: 1) ?? d
        }
        return result
    }

    /// The x of a day: its middle, or its start (`edge`) for ticks between days.
    func x(_ day: Int, edge: Bool = false) -> Int {
        let width = Double(TimelineGeometry.right - TimelineGeometry.left)
        let offset = Double(day - start) + (edge ? 0 : 0.5)
        return TimelineGeometry.left + Int((offset * width / Double(end - start)).rounded())
    }
}
