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
