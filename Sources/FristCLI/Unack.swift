import ArgumentParser
import FristConfig
import FristCore
import FristStore

/// `frist unack`: undoes `frist ack` — the reminders it stopped are due again.
struct Unack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Undo an acknowledgement: its reminders go out again.",
        discussion: "TARGET is what was given to frist ack: an occurrence, a whole milestone or a reminder key."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "project/milestone@YYYY-MM-DD, project/milestone, or a key.")
    var target: String

    func run() async throws {
        let config = try options.load()
        let occurrenceTarget: String
        do {
            occurrenceTarget = try Plan(config.schedule).acknowledgementTarget(target)
        } catch {
            throw FristFailure("\(error) in \(config.path)")
        }
        let (removed, restored, path) = try await StateAccess.with(config, creating: true) { store in
            let (removed, restored) = try await store.unacknowledge(occurrenceTarget)
            return (removed, restored, store.path)
        }
        guard removed else { throw FristFailure("\(occurrenceTarget) is not acknowledged in \(path)") }
        Output.write("no longer acknowledged: \(occurrenceTarget)"
            + (restored > 0 ? "; \(counted(restored, "queued reminder", "queued reminders")) due again" : "") + "\n")
    }
}
