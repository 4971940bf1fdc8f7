import ArgumentParser
import FristConfig
import FristCore
import FristDelivery
import Foundation

/// `frist send-test CHANNEL [--to PERSON]`: one real message through one channel.
struct SendTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send one test message through a channel and print the gateway's answer.",
        discussion: "Exit 0 when the gateway accepted it; 1 with the reason (secrets masked) when not."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The channel's name in the config.")
    var channel: String

    @Option(help: "The person the message is addressed to; required for an e-mail channel (who receives it).")
    var to: String?

    func run() async throws {
        let config = try options.load()
        guard let channelConfig = config.channels[channel] else {
            let known = config.channels.keys.sorted().joined(separator: ", ")
            throw FristFailure("no channel '\(channel)' in \(config.path) (channels: \(known))")
        }
        // A test mail to every person in the config is a mail to the whole organisation.
        if channelConfig.kind.isMail && to == nil {
            let examples = config.people.values.filter { $0.email != nil }.map(\.id).sorted().prefix(1)
            throw FristFailure("\(channel) is an e-mail channel: say who gets the test with --to PERSON"
                + (examples.first.map { " (e.g. frist send-test \(channel) --to \($0))" } ?? "") + "; nothing was sent")
        }
        var recipients = config.people.values.filter { $0.email != nil }.map(\.id).sorted()
        if let to {
            guard config.people[to] != nil else { throw FristFailure("no person '\(to)' in \(config.path)") }
            recipients = [to]
        }
        let redactor = Redactor()
        let transport = CurlTransport()
        defer { transport.shutdown() }
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: redactor)) { line in
            Output.write(line + "\n")
        }
        let message = MessageBuilder(config: config, plan: Plan(config.schedule))
            .testMessage(channel: channelConfig, recipients: recipients, now: SystemClock().now())
        let attempt = await Notifiers.make(channelConfig).send(message, via: context)
        let status = attempt.status > 0 ? "\(attempt.status)" : "no answer"
        let reply = attempt.reply.isEmpty ? "" : " — " + attempt.reply.replacingOccurrences(of: "\n", with: " ")
        switch attempt.outcome {
        case .delivered where channelConfig.kind == .console:
            Output.write("\(channel): written to standard output\n")
        case .delivered:
            Output.write("\(channel): delivered (\(status), \(String(format: "%.0f", attempt.seconds * 1000)) ms)\(reply)\n")
        case .retryable(let reason, _), .permanent(let reason), .withheld(let reason):
            throw FristFailure("\(channel): not delivered: \(redactor.redact(reason)) (\(status))\(redactor.redact(reply))")
        }
    }
}
