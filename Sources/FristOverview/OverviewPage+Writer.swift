import FristBoard
import FristCore
import FristText

/// Writes the page into one growing string (a big config makes a long table).
struct PageWriter {
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

    /// All of `deadlines`, or the `limit` nearest today, still in date order.
    func nearest(_ deadlines: [Board.Deadline], limit: Int) -> [Board.Deadline] {
        guard deadlines.count > limit else { return deadlines }
        let nearest = deadlines.indices.sorted {
            (abs(deadlines[$0].due - board.today), $0) < (abs(deadlines[$1].due - board.today), $1)
        }
        return nearest.prefix(limit).sorted().map { deadlines[$0] }
    }

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
