/// The languages Frist speaks (`language:` in the config; default `da`). The one type every
/// renderer takes: each area keeps its words in one table per language (``CalendarWords``
/// here, the message texts, the page's, the feed's, the command line's), found by a switch over
/// this enum, so a third language is one new case and one new table per area, and the compiler
/// names every table still missing.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case da, en
}
