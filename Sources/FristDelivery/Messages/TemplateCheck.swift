public import FristConfig
public import FristCore
import Foundation

/// Renders every template a config has, with made-up values, so that `frist check` finds a
/// template that says nothing or a webhook body that is not JSON before a deadline does.
/// (Templates that do not compile are already refused when the config is loaded.)
public enum TemplateCheck {
    /// One line per problem, naming the file and position or the channel and template at fault.
    public static func problems(config: FristConfig, plan: Plan, now: Int64) -> [String] {
        let builder = MessageBuilder(config: config, plan: plan)
        let kinds: [ReminderKind] = [.before(.calendarDays(14)), .due, .overdue(1), .escalation]
        var problems: [String] = []
        let projects = [nil] + config.projectTemplates.keys.sorted().map(Optional.some)
        for name in config.channels.keys.sorted() {
            let channel = config.channels[name]!
            for project in projects {
                // A project's templates are checked once, on the console channel's wording.
                if project != nil && channel.kind != .console { continue }
                let place = project.map { "project '\($0)'" } ?? "channel '\(name)'"
                for kind in kinds {
                    let message = builder.sampleMessage(kind: kind, channel: channel, project: project, now: now)
                    if message.subject.isEmpty { problems.append("\(config.path): \(place): the subject template renders to nothing") }
                    if message.text.isEmpty { problems.append("\(config.path): \(place): the '\(kind.name)' template renders to nothing") }
                    // One body check per channel: the body is the same template for every kind.
                    guard project == nil, kind == .due, channel.kind == .webhook, channel.body != nil else { continue }
                    problems += bodyProblems(channel, message, config: config)
                }
            }
        }
        return Array(Set(problems)).sorted()
    }

    private static func bodyProblems(_ channel: ChannelConfig, _ message: Message, config: FristConfig) -> [String] {
        let notifier = WebhookNotifier(channel: channel)
        let place = channel.bodyLocation ?? config.path
        let json = notifier.headers.contains { $0.name.lowercased() == "content-type" && $0.value.lowercased().contains("json") }
        do {
            let body = try notifier.body(for: message)
            if json && (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) == nil {
                return ["\(place): channel '\(channel.name)': body is not valid JSON once rendered with sample values"]
            }
        } catch {
            return ["\(place): channel '\(channel.name)': \(error.message)"]
        }
        return []
    }
}
