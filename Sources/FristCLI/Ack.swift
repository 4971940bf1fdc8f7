import ArgumentParser
import FristConfig
import FristCore
import FristStore

/// `frist ack`: marks an occurrence (or a whole milestone) done, so no more reminders go out.
/// Safe while the daemon runs: it picks the acknowledgement up before its next send.
struct Ack: AsyncParsableCommand {
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

    func run() async throws {
        let config = try options.load()
        let plan = Plan(config.schedule)
        let occurrenceTarget: String
        do {
            occurrenceTarget = try plan.acknowledgementTarget(target)
        } catch {
            throw FristFailure("\(error) in \(config.path)")
        }
        let now = SystemClock().now()
        let today = LocalDate(dayNumber: Timestamps.localDay(now, zone: config.schedule.zone))
        let note = self.note
        let dropped = try await StateAccess.with(config, creating: true) { store in
            try await store.acknowledge(occurrenceTarget, doneOn: today.description, note: note, at: Double(now))
        }
        Output.write("acknowledged \(occurrenceTarget) (done \(today)): no further reminders\(dropped > 0 ? "; \(dropped) queued ones dropped" : "")\n")
    }
}
