import FristBoard
import FristCore

/// The timeline of a project's section: markers on a time axis (``TimelineAxis``), in rows
/// (``TimelineLanes``), laid out by ``TimelineGeometry``.
extension PageWriter {
    /// The project's deadlines on a time axis with year, quarter and month ticks: one marker per
    /// deadline (shape and colour by state, stacked when close), and today as a line, or as a
    /// label at the edge when today lies outside. Wider than a phone: its box scrolls.
    mutating func timeline(_ project: Board.ProjectStatus) {
        let shown = nearest(project.deadlines, limit: markerLimit)
        guard let first = shown.first?.due, let last = shown.map(\.due).max() else { return }
        let axis = TimelineAxis(first: first, last: last)
        let lanes = TimelineLanes(days: shown.map(\.due), axis: axis)
        let geometry = TimelineGeometry(lanes: lanes.count)
        let position: TodayPosition = board.today < axis.start ? .before : board.today >= axis.end ? .after : .inside
        let countText = text.deadlines(shown.count) + ", "
            + text.list(Self.states.map { state in text.count(shown.filter { $0.state == state }.count, state) })
        let description = text.timelineDescription(
            first: LocalDate(dayNumber: first), last: LocalDate(dayNumber: last), counts: countText,
            today: LocalDate(dayNumber: board.today), position: position)
        let id = anchor(project)

        html += """
            <h3>\(escape(text.timeline))</h3>
            <div class="timeline">
            <svg viewBox="0 0 \(TimelineGeometry.width) \(geometry.height)" role="img" \
            aria-labelledby="\(id)-tl-title \(id)-tl-desc" preserveAspectRatio="xMinYMin meet">
            <title id="\(id)-tl-title">\(escape(text.timelineTitle(project: project.name)))</title>
            <desc id="\(id)-tl-desc">\(escape(description))</desc>

            """
        axisMarks(axis, geometry)
        for (deadline, lane) in zip(shown, lanes.assigned) {
            let x = axis.x(deadline.due), y = geometry.laneY(lane)
            html += "<g class=\"marker\" data-state=\"\(deadline.state.rawValue)\" data-target=\"\(escape(deadline.target))\">"
                + "<title>\(escape(text.shortDate(LocalDate(dayNumber: deadline.due)))) · \(escape(deadline.title)) · "
                + "\(escape(text.state(deadline.state)))</title>"
                + "<use href=\"#frist-\(deadline.state.rawValue)\" x=\"\(x - 8)\" y=\"\(y - 8)\" width=\"16\" height=\"16\"/></g>\n"
        }
        todayMark(position, axis, geometry)
        html += "</svg>\n</div>\n"
        if shown.count < project.deadlines.count {
            html += "<p class=\"note\">\(escape(text.capped(shown: shown.count, of: project.deadlines.count)))</p>\n"
        }
    }

    /// Year bands (every other one shaded, so the eye finds the years), ticks and labels. They
    /// thin out as the span grows: months are labelled while even February has room, else
    /// quarters; month and quarter ticks are drawn while they stay apart; years are labelled
    /// every 1, 2, 5, … years.
    mutating func axisMarks(_ axis: TimelineAxis, _ g: TimelineGeometry) {
        let days = axis.end - axis.start
        let monthRoom = (TimelineGeometry.right - TimelineGeometry.left) * 28 / days
        let yearRoom = (TimelineGeometry.right - TimelineGeometry.left) * 365 / days
        let yearStep = [1, 2, 5, 10, 25, 50].first { yearRoom * $0 >= 44 } ?? 100
        let firstYear = LocalDate(dayNumber: axis.start).year, lastYear = LocalDate(dayNumber: axis.end - 1).year
        for year in firstYear...lastYear {
            let january = LocalDate.dayNumber(year: year, month: 1, day: 1)
            let x0 = axis.x(max(axis.start, january), edge: true)
            let x1 = axis.x(min(axis.end, LocalDate.dayNumber(year: year + 1, month: 1, day: 1)), edge: true)
            if year % 2 == 1 {
                html += "<rect class=\"band\" x=\"\(x0)\" y=\"\(g.top)\" width=\"\(x1 - x0)\" height=\"\(g.axisY - g.top)\"/>\n"
            }
            // Every year in the middle of its band, or every n-th at its start.
            let labelX = yearStep == 1 ? (x1 - x0 >= 40 ? (x0 + x1) / 2 : nil)
                : (year % yearStep == 0 && january >= axis.start ? x0 : nil)
            if let labelX { html += "<text class=\"year\" x=\"\(labelX)\" y=\"\(g.axisY + 38)\">\(year)</text>\n" }
        }
        html += "<line class=\"axis\" x1=\"\(TimelineGeometry.left)\" y1=\"\(g.axisY)\" "
            + "x2=\"\(TimelineGeometry.right)\" y2=\"\(g.axisY)\"/>\n"
        let months = axis.months
        for (i, m) in months.enumerated() {
            let x = axis.x(m.day, edge: true)
            let quarterStart = m.month % 3 == 1
            if m.month == 1 {
                html += "<line class=\"tick-year\" x1=\"\(x)\" y1=\"\(g.top)\" x2=\"\(x)\" y2=\"\(g.axisY + 12)\"/>\n"
            } else if quarterStart ? monthRoom * 3 >= 6 : monthRoom >= 8 {
                html += "<line class=\"tick\" x1=\"\(x)\" y1=\"\(g.axisY)\" x2=\"\(x)\" y2=\"\(g.axisY + (quarterStart ? 6 : 3))\"/>\n"
            }
            let labelMonths = monthRoom >= 30
            let span = labelMonths ? 1 : 3
            guard labelMonths || quarterStart, i + span < months.count else { continue }
            let next = axis.x(months[i + span].day, edge: true)
            if next - x >= 24 {
                let label = labelMonths ? text.monthTick(m.month) : text.quarter((m.month - 1) / 3 + 1)
                html += "<text class=\"tick-label\" x=\"\((x + next) / 2)\" y=\"\(g.axisY + 20)\">\(escape(label))</text>\n"
            }
        }
    }

    /// Today: a line through the markers when inside the axis, else a label at the near edge.
    mutating func todayMark(_ position: TodayPosition, _ axis: TimelineAxis, _ g: TimelineGeometry) {
        let day = LocalDate(dayNumber: board.today)
        html += "<g class=\"today\" data-today=\"\(position.rawValue)\">"
        switch position {
        case .inside:
            let x = axis.x(board.today)
            // Near an edge the label grows inwards instead of being cut off.
            let anchor = x < 60 ? "start" : x > TimelineGeometry.width - 60 ? "end" : "middle"
            html += "<line x1=\"\(x)\" y1=\"\(g.top - 6)\" x2=\"\(x)\" y2=\"\(g.axisY + 6)\"/>"
                + "<text x=\"\(x)\" y=\"14\" text-anchor=\"\(anchor)\">\(escape(text.today))</text>"
        case .before:
            html += "<text x=\"\(TimelineGeometry.left)\" y=\"14\" text-anchor=\"start\">"
                + "\(escape(text.todayOutside(position, day)))</text>"
        case .after:
            html += "<text x=\"\(TimelineGeometry.right)\" y=\"14\" text-anchor=\"end\">"
                + "\(escape(text.todayOutside(position, day)))</text>"
        }
        html += "</g>\n"
    }
}

/// Where today lies relative to a timeline.
enum TodayPosition: String {
    case before, inside, after
}
