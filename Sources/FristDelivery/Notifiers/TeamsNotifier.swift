public import FristConfig

/// Kind `teams`: a Teams Workflows (Power Automate) webhook, `url` a secret. The old Office 365
/// connector cards (`MessageCard`) are retired; the "Send webhook alerts to a channel" flow
/// reads `attachments` and posts each Adaptive Card in it, so the payload is a `message` with
/// one card: the subject (bold), the text, and a fact set (project, deadline, owner, key) in
/// the message's language. Version 1.4 is what Teams renders on desktop, web and mobile.
public struct TeamsNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig

    public init(channel: ChannelConfig) { self.channel = channel }

    static func payload(_ message: Message) -> JSONValue {
        let card: JSONValue = [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [
                ["type": "TextBlock", "text": .string(message.subject), "weight": "Bolder", "size": "Medium",
                 "wrap": true],
                ["type": "TextBlock", "text": .string(message.text), "wrap": true],
                ["type": "FactSet", "facts": .array(facts(message).map { ["title": .string($0), "value": .string($1)] })],
            ],
        ]
        return [
            "type": "message",
            "attachments": [
                ["contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": .null, "content": card],
            ],
        ]
    }

    /// Title and value of each fact, in the message's language (Danish unless `en`).
    static func facts(_ message: Message) -> [(String, String)] {
        let f = message.facts
        let danish = f.language != "en"
        var rows = [
            (danish ? "Projekt" : "Project", f.projectName),
            (danish ? "Frist" : "Due", "\(f.dueText) (\(f.week))"),
        ]
        if !f.owners.isEmpty {
            rows.append((danish ? "Ansvarlig" : "Owner", f.owners.map(\.name).joined(separator: ", ")))
        }
        rows.append((danish ? "Nøgle" : "Key", message.key))
        return rows
    }
}
