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
        // One redactor of the check's own: a secret is read and registered once, not per kind.
        let secrets = SecretResolver(redactor: Redactor())
        let kinds: [ReminderKind] = [.before(.calendarDays(14)), .due, .overdue(1), .escalation]
        var problems: [String] = []
        let projects = [nil] + config.projectTemplates.keys.sorted().map(Optional.some)
        for name in config.channels.keys.sorted() {
            let channel = config.channels[name]!
            let webhook: WebhookSettings? = if case .webhook(let settings) = channel.settings { settings } else { nil }
            for project in projects {
                // A project's templates are checked once, on the console channel's wording.
                if project != nil && channel.kind != .console { continue }
                let place = project.map { "project '\($0)'" } ?? "channel '\(name)'"
                for kind in kinds {
                    let message = builder.sampleMessage(kind: kind, channel: channel, project: project, now: now)
                    if message.subject.isEmpty { problems.append("\(config.path): \(place): the subject template renders to nothing") }
                    if message.text.isEmpty { problems.append("\(config.path): \(place): the '\(kind.name)' template renders to nothing") }
                    if project == nil, let tooLarge = sizeProblem(channel, message, secrets: secrets) {
                        problems.append("\(webhook?.body?.location ?? config.path): channel '\(name)': \(tooLarge) with sample values")
                    }
                    // One body check per channel: the body is the same template for every kind.
                    guard project == nil, kind == .due, let webhook, let body = webhook.body else { continue }
                    problems += bodyProblems(channel, webhook, at: body.location, message)
                }
            }
        }
        return Array(Set(problems)).sorted()
    }

    /// Why the sample message's request is over the channel's `max_body`, if it is. Secrets
    /// are read with a redactor of their own; a secret that cannot be read here (a systemd
    /// credential) skips the check, since the body is what matters and it needs the request.
    private static func sizeProblem(_ channel: ChannelConfig, _ message: Message, secrets: SecretResolver) -> String? {
        let request: TransportRequest? = switch Notifiers.make(channel) {
        case let notifier as any RequestNotifier: try? notifier.request(for: message, secrets: secrets)
        // The size does not depend on the token: no token is fetched to check it.
        case let notifier as any TokenAuthorizedNotifier: try? notifier.request(for: message, token: "", secrets: secrets)
        default: nil
        }
        guard let request, request.body.count > channel.maxBody else { return nil }
        return BodySize.tooLarge(request.body.count, limit: channel.maxBody)
    }

    private static func bodyProblems(_ channel: ChannelConfig, _ settings: WebhookSettings, at place: String,
                                     _ message: Message) -> [String] {
        let notifier = WebhookNotifier(channel: channel, settings: settings)
        let json = notifier.contentType?.lowercased().contains("json") == true
        let body = notifier.body(for: message)
        if json && (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) == nil {
            return ["\(place): channel '\(channel.name)': body is not valid JSON once rendered with sample values"]
        }
        return []
    }
}
