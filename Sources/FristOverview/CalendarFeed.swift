public import FristBoard
public import FristCore
import FristConfig

/// The board as an iCalendar feed (RFC 5545) for calendar programs to subscribe to: every
/// deadline a to-do (or an event) due on its date after `shift`, with an alarm at each reminder
/// before and on the day; done deadlines completed and silent.
///
/// Pure: one board gives one text, so `frist ics` and the daemon's feed agree, and a deadline
/// keeps its UID (`taskforce/apv-handleplan@2021-09-30@frist`) from one refresh to the next.
public enum CalendarFeed {
    /// How deadlines appear in the feed.
    public enum Style: Sendable, Hashable, CaseIterable {
        /// To-dos (VTODO) with a due date, a status and a completion date: Thunderbird, Apple
        /// Reminders and most task lists.
        case todos
        /// All-day (or timed) events (VEVENT) shown as free time, done ones marked "✓": for
        /// Outlook, which ignores to-dos in subscribed calendars.
        case events
    }

    /// The feed of `board`: a whole VCALENDAR with CRLF line ends.
    /// - Parameters:
    ///   - board: the deadlines and their states; its zone, language and instant.
    ///   - plan: the plan `board` was built from: the alarms are its reminders' instants.
    ///   - style: to-dos (the default) or events.
    public static func render(_ board: Board, plan: Plan, style: Style = .todos) -> String {
        var feed = FeedWriter(board: board, plan: plan, style: style)
        return feed.render()
    }
}

/// One rendering of the feed.
private struct FeedWriter {
    let board: Board
    let plan: Plan
    let style: CalendarFeed.Style
    let words: any CalendarFeedWords
    var writer = ICalendarWriter()

    init(board: Board, plan: Plan, style: CalendarFeed.Style) {
        self.board = board
        self.plan = plan
        self.style = style
        words = board.language.calendarFeedWords
    }

    mutating func render() -> String {
        writer.begin("VCALENDAR")
        writer.property("VERSION", "2.0")
        writer.property("PRODID", "-//Frist//Frist//" + words.productLanguage)
        writer.property("CALSCALE", "GREGORIAN")
        writer.property("METHOD", "PUBLISH")
        writer.text("X-WR-CALNAME", words.calendarName)
        writer.text("X-WR-TIMEZONE", board.zone.identifier)
        // Subscribers look again hourly, so an acknowledgement shows within the hour.
        writer.property("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
        writer.property("X-PUBLISHED-TTL", "PT1H")
        // Local times occur in the years from the first due date (or today) to the last.
        let days = board.deadlines.map(\.due) + [board.today]
        let years = LocalDate(dayNumber: days.min() ?? board.today).year...LocalDate(dayNumber: days.max() ?? board.today).year
        CalendarTimeZone(zone: board.zone, years: years).write(into: &writer)
        for project in board.projects {
            for deadline in project.deadlines { write(deadline, of: project) }
        }
        writer.end("VCALENDAR")
        return writer.output
    }

    private mutating func write(_ d: Board.Deadline, of project: Board.ProjectStatus) {
        let component = style == .todos ? "VTODO" : "VEVENT"
        let done = d.state == .done
        writer.begin(component)
        // Project and milestone ids are [a-z0-9-]: the target is a UID as it stands.
        writer.text("UID", d.target + "@frist")
        writer.property("DTSTAMP", ICalendarWriter.utcDateTime(board.now))
        writer.text("SUMMARY", style == .events && done ? "✓ " + d.title : d.title)
        writer.text("DESCRIPTION", description(d, of: project))
        writer.text("CATEGORIES", project.name)
        let when = due(d)
        switch style {
        case .todos:
            writer.property("DUE" + when.parameters, when.value)
            if done, let doneOn = d.doneOn {
                writer.property("STATUS", "COMPLETED")
                // Only the day is known: its start, in the zone.
                writer.property("COMPLETED", ICalendarWriter.utcDateTime(board.zone.instant(day: doneOn, secondsOfDay: 0)))
                writer.property("PERCENT-COMPLETE", "100")
            } else {
                writer.property("STATUS", "NEEDS-ACTION")
            }
        case .events:
            // No STATUS: CANCELLED would hide a done deadline, and CONFIRMED says nothing.
            writer.property("DTSTART" + when.parameters, when.value)
            if d.timeOfDay == nil { writer.property("DTEND;VALUE=DATE", ICalendarWriter.date(d.due + 1)) }
            writer.property("TRANSP", "TRANSPARENT")
        }
        if !done { writeAlarms(d) }
        writer.end(component)
    }

    /// DUE or DTSTART: the date of a date-only deadline; a timed one's local time in the zone
    /// (IANA names need no quoting as a parameter value).
    private func due(_ d: Board.Deadline) -> (parameters: String, value: String) {
        guard let time = d.timeOfDay else { return (";VALUE=DATE", ICalendarWriter.date(d.due)) }
        return (";TZID=" + board.zone.identifier,
                ICalendarWriter.localDateTime(Int64(d.due) * 86_400 + Int64(time.secondsOfDay)))
    }

    /// An alarm at each reminder ahead of and on the day; nags and escalations after it stay
    /// with the channels.
    private mutating func writeAlarms(_ d: Board.Deadline) {
        let text = words.due(d) + ": " + d.title
        for reminder in plan.reminders(ofMilestone: d.milestoneIndex, occurrence: d.occurrence) {
            switch reminder.kind {
            case .before, .due: break
            default: continue
            }
            writer.begin("VALARM")
            writer.property("ACTION", "DISPLAY")
            writer.text("DESCRIPTION", text)
            // Absolute, not relative to DUE: reminders move to working days.
            writer.property("TRIGGER;VALUE=DATE-TIME", ICalendarWriter.utcDateTime(reminder.instant))
            writer.end("VALARM")
        }
    }

    private func description(_ d: Board.Deadline, of project: Board.ProjectStatus) -> String {
        var lines = [words.project + ": " + project.name]
        if !d.owners.isEmpty {
            lines.append(words.owner + ": " + d.owners.map(board.name(of:)).joined(separator: ", "))
        }
        if d.due != d.occurrence { lines.append(words.moved(from: d.occurrence)) }
        if d.state == .done, let doneOn = d.doneOn {
            lines.append(words.done(on: doneOn))
            // Line breaks in it are kept: TEXT escaping makes them `\n`.
            if let note = d.note { lines.append(words.note + ": " + note) }
        } else {
            lines.append(words.markDone + ": frist ack " + d.target)
        }
        return lines.joined(separator: "\n")
    }
}
