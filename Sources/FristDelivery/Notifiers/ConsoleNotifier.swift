public import FristConfig
import Foundation

/// Kind `console`: one line per reminder to the context's console (stdout, or the journal
/// under systemd), so a journal stays one entry per reminder:
///
/// `[frist] 2021-09-16T09:00:00+02:00 taskforce/apv-handleplan@2021-09-30#before-14d: Frist om 14 dage: … — Påmindelse: …`
///
/// Line breaks in the text become " / ". Always delivered.
public struct ConsoleNotifier: Notifier {
    public let channel: ChannelConfig

    public init(channel: ChannelConfig) { self.channel = channel }

    public func send(_ message: Message, via context: DeliveryContext) async -> DeliveryAttempt {
        context.console(Self.line(message))
        return DeliveryAttempt(outcome: .delivered, status: 0, reply: "", seconds: 0)
    }

    static func line(_ message: Message) -> String {
        "[frist] \(message.facts.local) \(message.key): \(oneLine(message.subject)) — \(oneLine(message.text))"
    }

    /// Lines joined with " / ", blank lines and surrounding whitespace dropped.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " / ")
    }
}
