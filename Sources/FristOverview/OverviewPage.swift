public import FristBoard
import FristCore
import FristText

/// The overview page for project managers: one self-contained HTML5 document (inline CSS and
/// SVG; no scripts, no web fonts, nothing fetched) that shows, per project, a timeline of its
/// deadlines, a table of every deadline with its state in words, and the reminders that come
/// next. Danish or English, as the config's `language`.
///
/// A pure function of a ``Board``, so the daemon can serve it at `/` and tests can render it
/// anywhere. Scripts find the deadlines by attribute: every table row and timeline marker
/// carries `data-state="overdue|done|open"` and `data-target="project/milestone@YYYY-MM-DD"`.
public enum OverviewPage {
    /// How many markers one project's timeline shows at most (the deadlines nearest today).
    /// Keeps the page light for a big config.
    public static let defaultMarkerLimit = 80

    /// How many rows one project's table shows at most (the deadlines nearest today): as many
    /// as the board lists (``Board/defaultListLimit``).
    public static let defaultRowLimit = Board.defaultListLimit

    /// How many markers the whole page shows at most, shared among the projects (rows: see
    /// ``Board/totalListLimit``).
    static let pageMarkers = 4_000

    /// The page for `board`, as UTF-8 HTML text.
    /// - Parameters:
    ///   - markerLimit: the most markers one project's timeline shows.
    ///   - rowLimit: the most rows one project's table shows.
    public static func render(_ board: Board, markerLimit: Int = defaultMarkerLimit,
                              rowLimit: Int = defaultRowLimit) -> String {
        let projects = max(1, board.projects.count)
        var page = PageWriter(board: board, markerLimit: max(1, min(markerLimit, pageMarkers / projects)),
                              rowLimit: Board.listLimit(projects: board.projects.count, perProject: rowLimit))
        page.document()
        return page.html
    }
}

/// Writes the page into one growing string (a big config makes a long table).
private struct PageWriter {
    let board: Board
    let text: any OverviewPageText
    let markerLimit: Int
    let rowLimit: Int
    var html = ""

    /// The order states are counted and explained in everywhere: what needs action first.
    static let states: [Board.Deadline.State] = [.overdue, .open, .done]

    init(board: Board, markerLimit: Int, rowLimit: Int) {
        self.board = board
        self.markerLimit = markerLimit
        self.rowLimit = rowLimit
        text = board.language.overviewPageText
        html.reserveCapacity(32_768 + min(board.deadlines.count, board.projects.count * rowLimit) * 600)
    }

    mutating func document() {
        let today = LocalDate(dayNumber: board.today)
        html += """
            <!DOCTYPE html>
            <html lang="\(text.languageCode)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="300">
            <title>\(escape(text.title))</title>
            <style>\(PageStyle.css)</style>
            </head>
            <body>
            \(PageStyle.symbols)
            <div class="page">
            <header>
            <h1>\(escape(text.title))</h1>
            <p class="summary">\(escape(text.status(on: today)))</p>

            """
        let projects = board.projects
        counts { state in projects.reduce(0) { $0 + $1.count(state) } }
        html += "</header>\n<main>\n"
        if board.projects.count > 1 { contents() }
        if board.projects.isEmpty { html += "<p class=\"empty\">\(escape(text.noProjects))</p>\n" }
        for project in board.projects { section(project) }
        html += "</main>\n<footer>\n"
        if let time = clock(board.now, offset: board.zone.offset(at: board.now)) {
            html += "<p>\(escape(text.generated(on: today, at: time, zone: board.zone.identifier)))</p>\n"
        }
        html += "</footer>\n</div>\n</body>\n</html>\n"
    }

    /// Overdue, open and done as labelled chips (icon, number and word; never colour alone).
    /// A zero is grey: a red "0 overskredet" would alarm for nothing.
    mutating func counts(_ count: (Board.Deadline.State) -> Int) {
        html += "<ul class=\"counts\">"
        for state in Self.states {
            let n = count(state)
            html += "<li class=\"chip \(n == 0 ? "zero" : state.rawValue)\">\(icon(state))\(escape(text.count(n, state)))</li>"
        }
        html += "</ul>\n"
    }

    /// Links to the projects, each with its counts, so a manager finds their own quickly.
    mutating func contents() {
        html += "<nav class=\"contents\" aria-label=\"\(escape(text.projects))\">\n<ul>\n"
        for project in board.projects {
            let counts = Self.states.map { state in
                let words = escape(text.count(project.count(state), state))
                return state == .overdue && project.count(state) > 0
                    ? "<strong class=\"overdue-text\">\(words)</strong>" : words
            }
            html += "<li><a href=\"#\(anchor(project))\">\(escape(project.name))</a>"
                + "<span class=\"contents-counts\">\(counts.joined(separator: " · "))</span></li>\n"
        }
        html += "</ul>\n</nav>\n"
    }

    mutating func section(_ project: Board.ProjectStatus) {
        let id = anchor(project)
        html += """
            <section class="project" id="\(id)" aria-labelledby="\(id)-name">
            <h2 id="\(id)-name">\(escape(project.name))</h2>
            <p class="meta"><span>\(escape(text.owners(project.owners.count))): \
            <strong>\(escape(text.list(project.owners.map(board.name(of:)))))</strong></span>
            """
        if let period = project.period {
            html += "<span>\(escape(text.period)): \(escape(text.period(period)))</span>"
        }
        html += "</p>\n"
        let notShown = project.notShown.isEmpty
            ? nil : text.notShown(project.notShown, after: LocalDate(dayNumber: board.horizon))
        if project.deadlines.isEmpty {
            html += "<p class=\"empty\">\(escape(notShown ?? text.noDeadlines))</p>\n"
        } else {
            counts(project.count)
            timeline(project)
            table(project)
            if let notShown { html += "<p class=\"note\" data-not-shown>\(escape(notShown))</p>\n" }
        }
        nextReminders(project)
        html += "</section>\n"
    }

    // MARK: Timeline

    /// The project's deadlines on a time axis with year, quarter and month ticks: one marker per
    /// deadline (shape and colour by state, stacked when close), and today as a line, or as a
    /// label at the edge when today lies outside. Wider than a phone: its box scrolls.
    mutating func timeline(_ project: Board.ProjectStatus) {
        let shown = nearest(project.deadlines, limit: markerLimit)
        guard let first = shown.first?.due, let last = shown.map(\.due).max() else { return }
        let axis = TimelineAxis(first: first, last: last)
        let lanes = Lanes(days: shown.map(\.due), axis: axis)
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

    /// All of `deadlines`, or the `limit` nearest today, still in date order.
    func nearest(_ deadlines: [Board.Deadline], limit: Int) -> [Board.Deadline] {
        guard deadlines.count > limit else { return deadlines }
        let nearest = deadlines.indices.sorted {
            (abs(deadlines[$0].due - board.today), $0) < (abs(deadlines[$1].due - board.today), $1)
        }
        return nearest.prefix(limit).sorted().map { deadlines[$0] }
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

    // MARK: Table and reminders

    /// Every deadline as a table row: the text alternative to the timeline.
    mutating func table(_ project: Board.ProjectStatus) {
        let columns = text.columns
        html += """
            <h3>\(escape(text.allDeadlines))</h3>
            <div class="table-wrap">
            <table>
            <caption class="visually-hidden">\(escape(text.caption(project: project.name, count: project.deadlines.count)))</caption>
            <thead><tr><th scope="col">\(escape(columns.due))</th><th scope="col">\(escape(columns.milestone))</th>\
            <th scope="col" class="wide">\(escape(columns.state))</th>\
            <th scope="col" class="wide">\(escape(columns.doneOn))</th></tr></thead>
            <tbody>

            """
        let rows = nearest(project.deadlines, limit: rowLimit)
        for d in rows {
            let due = LocalDate(dayNumber: d.due)
            let state = "<span class=\"state \(d.state.rawValue)\">\(icon(d.state))\(escape(text.state(d.state)))</span>"
            // The acknowledgement's note goes with the done date, in both places it is shown.
            let doneOn = d.doneOn.map { day in
                time(LocalDate(dayNumber: day))
                    + (d.note.map { "<span class=\"sub ack-note\">\(escape(text.note)): \(escape($0))</span>" } ?? "")
            }
            html += "<tr data-state=\"\(d.state.rawValue)\" data-target=\"\(escape(d.target))\">"
                + "<td class=\"date\">\(time(due))"
            if let timeOfDay = d.timeOfDay { html += "<span class=\"sub\">\(escape(text.clock(timeOfDay)))</span>" }
            if d.due != d.occurrence {
                html += "<span class=\"sub\">\(escape(text.moved(from: LocalDate(dayNumber: d.occurrence))))</span>"
            }
            // A phone has no room for four columns: state and done date move under the due
            // date there, and only one of the two places is ever displayed (and read out).
            html += "<span class=\"narrow\">\(state)"
            if let doneOn { html += "<span class=\"sub\">\(escape(text.columns.doneOn)) \(doneOn)</span>" }
            html += "</span></td><th scope=\"row\">\(escape(d.title))"
            if d.owners != project.owners {
                html += "<span class=\"sub\">\(escape(text.owners(d.owners.count))): "
                    + "\(escape(text.list(d.owners.map(board.name(of:)))))</span>"
            }
            html += "</th><td class=\"wide\">\(state)</td><td class=\"wide date\">"
                + "\(doneOn ?? "<span aria-hidden=\"true\">–</span>")</td></tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        if rows.count < project.deadlines.count {
            html += "<p class=\"note\">\(escape(text.tableCapped(shown: rows.count, of: project.deadlines.count)))</p>\n"
        }
    }

    /// The project's next reminders: when (local time), for which deadline, what kind, to whom.
    mutating func nextReminders(_ project: Board.ProjectStatus) {
        html += "<h3>\(escape(text.nextReminders))</h3>\n"
        guard !project.next.isEmpty else {
            html += "<p class=\"empty\">\(escape(text.noReminders))</p>\n"
            return
        }
        html += "<ol class=\"next\">\n"
        for item in project.next {
            let r = item.reminder
            let when = text.shortDate(LocalDate(dayNumber: Int(r.date)), weekday: true) + " "
                + (clock(r.instant, offset: Int(r.utcOffset)).map(text.clock) ?? "")
            html += "<li data-key=\"\(escape(item.key))\">"
                + "<time datetime=\"\(Timestamps.local(r.instant, offset: Int(r.utcOffset)))\">\(escape(when))</time>"
                + "<span class=\"what\"><strong>\(escape(item.title))</strong>"
                + "<span class=\"sub\">\(escape(text.reminder(r.kind))) · "
                + "\(escape(text.to(item.recipients.map(board.name(of:)))))</span></span></li>\n"
        }
        html += "</ol>\n"
    }

    // MARK: Pieces

    /// A state's shape, decorative next to its word.
    func icon(_ state: Board.Deadline.State) -> String {
        "<svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\"><use href=\"#frist-\(state.rawValue)\"/></svg>"
    }

    /// The local time of day at an instant.
    func clock(_ instant: Int64, offset: Int) -> LocalTime? {
        let seconds = Int(((instant + Int64(offset)) % 86_400 + 86_400) % 86_400)
        return LocalTime(hour: seconds / 3600, minute: seconds % 3600 / 60)
    }

    /// A date people read, machine-readable in `datetime`.
    func time(_ d: LocalDate) -> String {
        "<time datetime=\"\(d)\">\(escape(text.shortDate(d)))</time>"
    }

    /// The fragment id of a project's section (ids are `[a-z0-9-]+` already; escaped anyway).
    func anchor(_ project: Board.ProjectStatus) -> String { "projekt-" + escape(project.id) }

    func escape(_ s: String) -> String { HTMLEscaping.escape(s) }
}

/// Where today lies relative to a timeline.
enum TodayPosition: String {
    case before, inside, after
}

/// The timeline's time axis: whole quarters around the deadlines, mapped onto the drawing's width.
private struct TimelineAxis {
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

/// Rows for markers that would overlap: each marker goes in the lowest row where it clears
/// the previous one; past ``maxLanes`` the row that frees up first takes it (overlap, rarely).
private struct Lanes {
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

/// Vertical layout of a timeline drawing: today's label on top, marker rows, the axis, labels.
private struct TimelineGeometry {
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

/// The page's look: inline, so the page needs nothing but itself.
private enum PageStyle {
    /// System fonts only (no web fonts); contrast at least 4.5:1 for all text; the page never
    /// scrolls sideways, wide things (timeline, table) scroll in their own boxes.
    static let css = """

        :root{color-scheme:light;--ink:#101828;--muted:#475467;--line:#e4e7ec;--soft:#f2f4f7;\
        --overdue:#b42318;--overdue-bg:#fef3f2;--overdue-line:#fecdca;--done:#067647;--done-bg:#ecfdf3;\
        --done-line:#abefc6;--open:#344054;--open-bg:#f2f4f7;--open-line:#d0d5dd;--today:#1849a9}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:#f5f6f8;color:var(--ink);\
        font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif}
        .page{max-width:72rem;margin:0 auto;padding:2rem 1.5rem 3rem}
        h1{margin:0;font-size:2rem;line-height:1.2;letter-spacing:-.01em}
        h2{margin:0;font-size:1.375rem;line-height:1.3}
        h3{margin:1.75rem 0 .6rem;font-size:1rem;line-height:1.3}
        h2,h3,li,a{overflow-wrap:anywhere}
        th,td{overflow-wrap:break-word}
        a{color:var(--today)}
        a:focus-visible{outline:3px solid var(--today);outline-offset:2px}
        .summary{margin:.35rem 0 0;color:var(--muted);font-size:1.0625rem}
        .counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.85rem 0 0;padding:0;list-style:none}
        .chip,.state{display:inline-flex;align-items:center;gap:.4rem;border:1px solid;border-radius:999px;\
        font-weight:600;white-space:nowrap}
        .chip{padding:.2rem .75rem .2rem .55rem;font-size:.9375rem}
        .state{padding:.05rem .6rem .05rem .4rem;font-size:.875rem}
        .overdue{color:var(--overdue);background:var(--overdue-bg);border-color:var(--overdue-line)}
        .done{color:var(--done);background:var(--done-bg);border-color:var(--done-line)}
        .open{color:var(--open);background:var(--open-bg);border-color:var(--open-line)}
        .zero{color:var(--muted);background:#fff;border-color:var(--line);font-weight:500}
        .icon{width:1.05em;height:1.05em;flex:none}
        .contents{margin-top:1.75rem;background:#fff;border:1px solid var(--line);border-radius:12px;padding:.5rem 1.25rem}
        .contents ul{margin:0;padding:0;list-style:none}
        .contents li{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.15rem 1rem;padding:.55rem 0}
        .contents li+li{border-top:1px solid var(--line)}
        .contents a{font-weight:600;text-decoration:none}
        .contents a:hover{text-decoration:underline}
        .contents-counts{color:var(--muted);font-size:.875rem;white-space:nowrap}
        .overdue-text{color:var(--overdue)}
        .project{margin-top:1.5rem;background:#fff;border:1px solid var(--line);border-radius:12px;\
        padding:1.5rem;box-shadow:0 1px 2px rgba(16,24,40,.06)}
        .meta{display:flex;flex-wrap:wrap;gap:.1rem 1.5rem;margin:.35rem 0 0;color:var(--muted)}
        .meta strong{color:var(--ink);font-weight:600}
        .timeline{overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
        .timeline svg{display:block;width:100%;min-width:54rem;height:auto}
        .timeline text{font-size:12px;fill:var(--muted)}
        .timeline .year{font-size:14px;font-weight:700;fill:var(--ink);text-anchor:middle}
        .timeline .tick-label{font-size:12px;text-anchor:middle}
        .timeline .band{fill:#f6f7f9}
        .timeline .axis{stroke:#98a2b3;stroke-width:2}
        .timeline .tick{stroke:#98a2b3;stroke-width:1}
        .timeline .tick-year{stroke:#d0d5dd;stroke-width:1}
        .timeline .today line{stroke:var(--today);stroke-width:2;stroke-dasharray:5 3}
        .timeline .today text{fill:var(--today);font-weight:700;font-size:13px;\
        paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
        .note{margin:.5rem 0 0;color:var(--muted);font-size:.875rem}
        .empty{margin:1rem 0 0;color:var(--muted)}
        .table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
        table{width:100%;border-collapse:collapse;font-size:.9375rem}
        th,td{padding:.55rem .75rem;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
        tbody tr:last-child>*{border-bottom:0}
        thead th{background:var(--soft);color:var(--muted);font-size:.8125rem;font-weight:600;white-space:nowrap}
        tbody th{font-weight:500}
        tbody tr[data-state="overdue"]>*{background:#fffbfa}
        td.date{white-space:nowrap}
        td.date .ack-note{white-space:normal;min-width:12rem}
        .narrow{display:none}
        .sub{display:block;color:var(--muted);font-size:.8125rem;font-weight:400}
        .next{display:grid;gap:.5rem;margin:0;padding:0;list-style:none}
        .next li{display:grid;grid-template-columns:16rem 1fr;gap:.1rem 1rem;padding:.6rem .85rem;\
        border:1px solid var(--line);border-radius:8px}
        .next time{font-weight:600;font-size:.9375rem;white-space:nowrap}
        .next strong{font-weight:500}
        footer{margin-top:2rem;color:var(--muted);font-size:.875rem}
        .visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;\
        clip:rect(0 0 0 0);white-space:nowrap;border:0}
        .symbols{position:absolute;width:0;height:0;overflow:hidden}
        @media (max-width:40rem){
        .page{padding:1.25rem .75rem 2rem}
        h1{font-size:1.625rem}
        h2{font-size:1.1875rem}
        .project{padding:1rem}
        .next li{grid-template-columns:1fr}
        table{font-size:.875rem}
        th,td{padding:.5rem .55rem}
        .wide{display:none}
        .narrow{display:block;margin-top:.3rem}
        td.date .sub{white-space:normal}
        }

        """

    /// The three state shapes, drawn once and used by every marker and label: a red triangle
    /// with "!" (overdue), a green disc with a tick (done), a hollow ring (open), so the
    /// state reads without colour too.
    static let symbols = """
        <svg class="symbols" aria-hidden="true" focusable="false">\
        <symbol id="frist-overdue" viewBox="-8 -8 16 16"><path d="M0-7.2 7.6 6.2H-7.6Z" fill="#b42318" \
        stroke="#b42318" stroke-width="1.2" stroke-linejoin="round"/><path d="M0-2.6V1.4" stroke="#fff" \
        stroke-width="1.8" stroke-linecap="round"/><circle cy="3.9" r="1.05" fill="#fff"/></symbol>\
        <symbol id="frist-done" viewBox="-8 -8 16 16"><circle r="7.2" fill="#067647"/><path \
        d="M-3.4.2-1 2.6 3.6-2.2" fill="none" stroke="#fff" stroke-width="1.9" stroke-linecap="round" \
        stroke-linejoin="round"/></symbol>\
        <symbol id="frist-open" viewBox="-8 -8 16 16"><circle r="6" fill="#fff" stroke="#344054" \
        stroke-width="2.2"/></symbol></svg>
        """
}
