#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Fits a table of text cells into a terminal width, so no line wraps: flexible columns give
/// up width down to a comfortable width (their cells end in "…"), then optional columns are
/// left out, then flexible columns narrow to their minimum.
struct TableLayout {
    struct Column {
        let header: String
        /// Narrowest it may become, first before optional columns go, then at all; nil: never narrowed.
        var narrowest: (comfortable: Int, minimum: Int)? = nil
        /// May be left out when the comfortable widths do not fit.
        var optional = false
    }

    let columns: [Column]
    static let separator = "  "

    /// `rows` (without the header) as lines no wider than `width` where that can be done,
    /// with the header and a rule under it.
    func render(_ rows: [[String]], width: Int) -> [String] {
        var shown = Array(columns.indices)
        var widths = columns.indices.map { i in rows.reduce(columns[i].header.count) { max($0, $1[i].count) } }
        func total() -> Int { shown.reduce(0) { $0 + widths[$1] } + Self.separator.count * (shown.count - 1) }
        func narrow(comfortably: Bool) {
            // One character at a time from the widest flexible column still above its floor.
            func floor(_ i: Int) -> Int? { columns[i].narrowest.map { comfortably ? $0.comfortable : $0.minimum } }
            while total() > width {
                let candidates = shown.filter { i in floor(i).map { widths[i] > $0 } ?? false }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { return }
                widths[widest] -= 1
            }
        }
        narrow(comfortably: true)
        while total() > width, let drop = shown.lastIndex(where: { columns[$0].optional }) {
            shown.remove(at: drop)
        }
        narrow(comfortably: false)
        func line(_ cells: [String]) -> String {
            shown.enumerated().map { n, i in
                let cell = Self.clip(cells[i], widths[i])
                return n == shown.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: Self.separator)
        }
        return [line(columns.map(\.header)), shown.map { String(repeating: "─", count: widths[$0]) }.joined(separator: Self.separator)]
            + rows.map(line)
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(width - 1, 0))) + "…"
    }

    /// The width to fit: `$COLUMNS`, else the terminal's, else 120 (a pipe or a file).
    static func terminalWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 120
    }
}
