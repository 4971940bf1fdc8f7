import ArgumentParser
import FristConfig
import FristCore
import FristStore

/// `frist retry`: dead letters back to the queue, under the same keys, once the cause is fixed.
struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send dead letters again (after fixing what refused them).",
        discussion: "Give reminder keys as frist status lists them, or --all. The daemon picks them up within seconds."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Reminder keys of dead letters (every channel of each).")
    var keys: [String] = []

    @Flag(help: "Every dead letter.")
    var all = false

    func validate() throws {
        if all == !keys.isEmpty { throw ValidationError("give the keys of the dead letters to retry, or --all") }
    }

    func run() async throws {
        let config = try options.load()
        let keys = all ? nil : self.keys
        let (requeued, missing, path) = try await StateAccess.with(config, creating: true) { store in
            let (requeued, missing) = try await store.retryDead(keys: keys)
            return (requeued, missing, store.path)
        }
        guard missing.isEmpty else {
            throw FristFailure("not a dead letter in \(path): \(missing.joined(separator: ", ")) (frist status lists them); nothing queued")
        }
        Output.write(requeued.isEmpty ? "no dead letters\n"
            : "queued again: \(requeued.map { "\($0.key) via \($0.channel)" }.joined(separator: ", "))\n")
    }
}
