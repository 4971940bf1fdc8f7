import ArgumentParser
import FristConfig
import FristCore
import FristStore

/// `frist ack`: marks an occurrence (or a whole milestone) done, so no more reminders go out.
/// Safe while the daemon runs: it picks the acknowledgement up before its next send.
struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark an occurrence done: no more reminders for it.",
        discussion: """
            TARGET is a reminder key (taskforce/apv-handleplan@2021-09-30#overdue-1), an occurrence \
            (taskforce/kvartalsstatus@2021-09-30) or a whole milestone (taskforce/apv-handleplan).
            """
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "A key, project/milestone@YYYY-MM-DD, or project/milestone.")
    var target: String

    @Option(help: "A note kept with the acknowledgement.")
    var note: String?

    func run() throws {
        let config = try options.load()
        let plan = Plan(config.schedule)
        let occurrenceTarget = target.split(separator: "#", maxSplits: 1).first.map(String.init) ?? target
        let milestonePart = occurrenceTarget.split(separator: "@", maxSplits: 1).first.map(String.init) ?? occurrenceTarget
        guard let planned = plan.milestones.first(where: { $0.keyPrefix == milestonePart }) else {
            throw FristFailure("no milestone '\(milestonePart)' in \(config.path) (write project/milestone)")
        }
        if occurrenceTarget.contains("@") {
            let dateText = occurrenceTarget.split(separator: "@").last.map(String.init) ?? ""
            guard let date = LocalDate(iso: dateText) else {
                throw FristFailure("'\(dateText)' is not a date (YYYY-MM-DD)")
            }
            let day = date.dayNumber
            let isOccurrence: Bool = switch planned.milestone.schedule {
            case .once(let due): due == day
            case .repeating(let r): r.occurrences(from: day, through: day) == [day]
            }
            guard isOccurrence else {
                throw FristFailure("\(milestonePart) has no occurrence on \(dateText)")
            }
        }
        let now = SystemClock().now()
        let today = LocalDate(dayNumber: Timestamps.localDay(now, zone: config.schedule.zone))
        let store = try StateLocation.open(config)
        try store.acknowledge(occurrenceTarget, doneOn: today.description, note: note, at: Double(now))
        // An occurrence's keys continue with '#', a whole milestone's with '@'.
        let dropped = try store.cancelPending(occurrencePrefix: occurrenceTarget + (occurrenceTarget.contains("@") ? "#" : "@"))
        Output.write("acknowledged \(occurrenceTarget) (done \(today)): no further reminders\(dropped > 0 ? "; \(dropped) queued ones dropped" : "")\n")
    }
}
