public import FristConfig

/// Kind `teams`: a Teams Workflows (Power Automate) webhook, `url` a secret. The old Office 365
/// connector cards (`MessageCard`) are retired; the "Send webhook alerts to a channel" flow
/// reads `attachments` and posts each Adaptive Card in it, so the payload is a `message` with
/// one card: the subject (bold), the recipients mentioned, the text, a fact set (project,
/// deadline, owner) in the message's language, and the links as `Action.OpenUrl` buttons
/// ("Meld færdig", "Se oversigt"). Version 1.4 is what Teams renders on desktop, web and mobile.
///
/// A mention is `<at>Name</at>` in a text block plus an entity under `msteams.entities` that
/// names the same text and the person's sign-in name (`teams:` of a person) — both, or Teams
/// shows the name as plain text and notifies nobody.
public struct TeamsNotifier: JSONWebhookNotifier {
    public let channel: ChannelConfig
    public let url: Secret

    public init(channel: ChannelConfig, url: Secret) {
        self.channel = channel
        self.url = url
    }

    static func payload(_ message: Message) -> JSONValue {
        let mentions = message.facts.mentions(\.teams)
        var body: [JSONValue] = [
            ["type": "TextBlock", "text": .string(message.subject), "weight": "Bolder", "size": "Medium", "wrap": true],
        ]
        if !mentions.isEmpty {
            body.append(["type": "TextBlock", "text": .string(mentions.map { "<at>\($0.name)</at>" }.joined(separator: ", ")),
                         "wrap": true])
        }
        body.append(["type": "TextBlock", "text": .string(message.textBesideLinks), "wrap": true])
        if let details = MessageDetails(message.facts) {
            body.append(["type": "FactSet",
                         "facts": .array(details.rows.map { ["title": .string($0.label), "value": .string($0.value)] })])
        }
        var card: [(String, JSONValue)] = [
            ("$schema", "http://adaptivecards.io/schemas/adaptive-card.json"),
            ("type", "AdaptiveCard"),
            ("version", "1.4"),
            ("body", .array(body)),
        ]
        let links = message.links
        if !links.isEmpty {
            card.append(("actions", .array(links.map {
                ["type": "Action.OpenUrl", "title": .string($0.label), "url": .string($0.url)]
            })))
        }
        if !mentions.isEmpty {
            card.append(("msteams", ["entities": .array(mentions.map { m in
                ["type": "mention", "text": .string("<at>\(m.name)</at>"),
                 "mentioned": ["id": .string(m.handle), "name": .string(m.name)]]
            })]))
        }
        return [
            "type": "message",
            "attachments": [
                ["contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": .null, "content": .object(card)],
            ],
        ]
    }
}
