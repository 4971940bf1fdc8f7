import FristCore
import FristText

/// Dates and distances in words, Danish or English: "30. september 2021", "uge 39", "om 3 dage".
struct DateWords {
    let danish: Bool

    init(language: String) { danish = language != "en" }

    /// "torsdag 30. september 2021" / "Thursday 30 September 2021".
    func date(_ d: LocalDate) -> String { CalendarWords.longDate(d, danish: danish) }

    /// "uge 39" / "week 39".
    func week(_ d: LocalDate) -> String { (danish ? "uge " : "week ") + String(d.isoWeek) }

    /// The distance from the day a reminder goes out to the due date.
    func distance(days: Int) -> String {
        switch (days, danish) {
        case (0, true): return "i dag"
        case (1, true): return "i morgen"
        case (-1, true): return "i går"
        case (let n, true) where n > 1: return "om \(n) dage"
        case (let n, true): return "for \(-n) dage siden"
        case (0, false): return "today"
        case (1, false): return "tomorrow"
        case (-1, false): return "yesterday"
        case (let n, false) where n > 1: return "in \(n) days"
        case (let n, false): return "\(-n) days ago"
        }
    }
}
