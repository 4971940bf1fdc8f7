import Foundation
import Testing
import FristTestSupport

/// What a project manager receives from the real daemon: every reminder ends with what to do —
/// the "Meld færdig" link as each channel shows links, else whom to tell — and mentions its
/// recipients in shared channels. A real SMTP server and a real HTTP sink stand in for the
/// mail server and the chat gateways.
@Suite(.serialized) struct MessageDeliveryTests {
    /// Anne owns one deadline, 30 September 2021, reminded 14 days ahead at 09:00 on every
    /// channel in `channels`; she has a handle in each chat system.
    static func config(in folder: TemporaryFolder, channels: String, notify: String, extra: String) throws -> String {
        try folder.write("frist.yaml", """
            timezone: Europe/Copenhagen
            state_dir: state
            \(extra)
            people:
              anne:
                name: Anne Jensen
                email: anne@example.dk
                slack: U024BE7LH
                teams: anne@kommune.dk
                mattermost: anne.jensen
                discord: "80351110224678912"
            channels:
            \(channels)
            include: [schedules/*.yaml]

            """)
        try folder.write("schedules/tf.yaml", """
            project: {id: taskforce, name: Task Force, owner: anne, notify: [\(notify)]}
            milestones:
              - {id: apv-handleplan, title: Handleplan for psykisk APV, due: 2021-09-30, before: [14d], on_due: false, overdue: null}

            """)
        return folder.path + "/frist.yaml"
    }

    /// The record the sink got on `path`, its body parsed.
    static func json(_ records: [[String: Any]], path: String) throws -> [String: Any] {
        let record = try #require(records.first { $0["path"] as? String == path }, "nothing arrived on \(path)")
        let body = try #require(record["body"] as? String)
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test func withLinksTheMailHasAMeldFaerdigButtonAndTheChatsMentionAndLink() async throws {
        let smtp = try await TestPeer.smtp()
        defer { smtp.stop() }
        let sink = try await TestPeer.http()
        defer { sink.stop() }
        let folder = try TemporaryFolder()
        try folder.write("link-key", "a-long-random-key-for-signing\n")
        let path = try Self.config(in: folder, channels: """
              mail: {type: email, url: "\(smtp.smtpURL)", from: "Frist <frist@example.dk>", starttls: off}
              slack: {type: slack, url: "\(sink.url)/slack"}
              teams: {type: teams, url: "\(sink.url)/teams"}
              discord: {type: discord, url: "\(sink.url)/discord"}
              mattermost: {type: mattermost, url: "\(sink.url)/mattermost"}
            """, notify: "mail, slack, teams, discord, mattermost", extra: """
            http: {listen: "127.0.0.1:\(try freeLoopbackPort())", public_url: "https://frist.kommune.dk", link_key_file: link-key}
            """)
        // Two simulated seconds before the reminder's 09:00.
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-16T08:59:58+02:00"], directory: folder.path)
        defer { daemon.terminate() }
        let mails = try await smtp.records(atLeast: 1)
        let posts = try await sink.records(atLeast: 4)
        #expect(await daemon.exitStatus(within: 0) == nil, "\(daemon.stderr)")

        // The text part ends with the plain link; the HTML part has it as a button.
        let mail = try MailText(mails[0]["data"] as? String ?? "")
        let text = mail.parts[0].body
        let marker = "\n\nMeld færdig: "
        let start = try #require(text.range(of: marker), "\(text)")
        let link = String(text[start.upperBound...])
        #expect(link.hasPrefix("https://frist.kommune.dk/ack/link?t=taskforce%2Fapv-handleplan%402021-09-30&e="))
        let html = mail.parts[1].body
        #expect(html.contains("<html lang=\"da\">") && html.contains("charset=utf-8"))
        let escaped = link.replacingOccurrences(of: "&", with: "&amp;")
        #expect(html.contains("<a href=\"\(escaped)\" style="), "\(html)")
        #expect(html.contains(">Meld færdig</a>") && html.contains(">Se oversigt</a>"))
        #expect(html.contains("<a href=\"https://frist.kommune.dk/\""))
        #expect(!html.contains("Nøgle"))
        #expect(mail.header("X-Frist-Key") == "taskforce/apv-handleplan@2021-09-30#before-14d")

        // Slack: the title once (the header), Anne mentioned, deadline and owner in the context, a button.
        let slack = try Self.json(posts, path: "/slack")
        let blocks = try #require(slack["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "context", "actions"])
        let section = try #require((blocks[1]["text"] as? [String: Any])?["text"] as? String)
        #expect(section.hasPrefix("<@U024BE7LH>\nPåmindelse: »Handleplan for psykisk APV«"))
        #expect(!section.contains("Frist om 14 dage"))
        let context = (blocks[2]["elements"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(context == ["*Frist:* torsdag 30. september 2021 (uge 39)", "*Ansvarlig:* Anne Jensen"])
        let buttons = blocks[3]["elements"] as? [[String: Any]] ?? []
        #expect(buttons.first?["url"] as? String == link)
        #expect((buttons.first?["text"] as? [String: Any])?["text"] as? String == "Meld færdig")

        // Teams: Action.OpenUrl buttons, and a mention entity for <at>Anne Jensen</at>.
        let teams = try Self.json(posts, path: "/teams")
        let card = try #require(((teams["attachments"] as? [[String: Any]])?.first?["content"]) as? [String: Any])
        let actions = card["actions"] as? [[String: Any]] ?? []
        #expect(actions.map { $0["title"] as? String } == ["Meld færdig", "Se oversigt"])
        #expect(actions.first?["type"] as? String == "Action.OpenUrl" && actions.first?["url"] as? String == link)
        let entities = (card["msteams"] as? [String: Any])?["entities"] as? [[String: Any]] ?? []
        #expect(entities.first?["text"] as? String == "<at>Anne Jensen</at>")
        #expect((entities.first?["mentioned"] as? [String: Any])?["id"] as? String == "anne@kommune.dk")

        // Discord: Anne pinged, nobody else can be; the link as Markdown.
        let discord = try Self.json(posts, path: "/discord")
        #expect((discord["content"] as? String)?.hasPrefix("<@80351110224678912>\n**Frist om 14 dage") == true)
        #expect((discord["content"] as? String)?.hasSuffix("[Meld færdig](\(link)) · [Se oversigt](https://frist.kommune.dk/)") == true)
        let allowed = discord["allowed_mentions"] as? [String: Any]
        #expect(allowed?["parse"] as? [String] == [] && allowed?["users"] as? [String] == ["80351110224678912"])

        // Mattermost: @anne.jensen, and the link as Markdown.
        let mattermost = try #require(try Self.json(posts, path: "/mattermost")["text"] as? String)
        #expect(mattermost.hasPrefix("@anne.jensen\n") && mattermost.contains("[Meld færdig](\(link))"))
        #expect(!daemon.stderr.contains("a-long-random-key"))
    }

    @Test func withoutLinksEveryReminderNamesTheContactToTell() async throws {
        let sink = try await TestPeer.http()
        defer { sink.stop() }
        let folder = try TemporaryFolder()
        let path = try Self.config(in: folder, channels: """
              hook: {type: webhook, url: "\(sink.url)/hook"}
              slack: {type: slack, url: "\(sink.url)/slack"}
            """, notify: "hook, slack", extra: "contact: {name: Mette Kjærgaard, email: mette.kjaergaard@example.dk}")
        let daemon = try DaemonProcess(["--config", path, "--start-at", "2021-09-16T08:59:58+02:00"], directory: folder.path)
        defer { daemon.terminate() }
        let posts = try await sink.records(atLeast: 2)
        let tell = "Når den er nået, så giv Mette Kjærgaard (mette.kjaergaard@example.dk) besked, så stopper påmindelserne."
        #expect((try Self.json(posts, path: "/hook")["text"] as? String)?.hasSuffix("om 14 dage.\n\n" + tell) == true)
        let blocks = try #require(try Self.json(posts, path: "/slack")["blocks"] as? [[String: Any]])
        // No links: no buttons, and the line says whom to tell.
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "context"])
        #expect(((blocks[1]["text"] as? [String: Any])?["text"] as? String)?.hasSuffix("\n\n" + tell) == true)
        #expect(await daemon.stop() == 0)
    }

    @Test func aMistakeInContactOrAHandleIsExit78AtItsPlace() async throws {
        let folder = try TemporaryFolder(["frist.yaml": """
            contact: {name: Mette, email: mette.example.dk}
            people:
              anne: {name: Anne Jensen, slack: anne, discord: "123"}

            """])
        let r = try await FristBinary.result(of: ["check", "--config", folder.path + "/frist.yaml"])
        #expect(r.status == 78)
        #expect(r.stderrLines == [
            folder.path + "/frist.yaml:1:31: contact.email 'mette.example.dk' is not an e-mail address",
            folder.path + "/frist.yaml:3:36: slack 'anne' is not a Slack member ID (U… or W…, e.g. U024BE7LH: in Slack, the person's profile → ⋮ → Copy member ID)",
            folder.path + "/frist.yaml:3:51: discord '123' is not a Discord user ID (17–20 digits, e.g. \"80351110224678912\": Developer Mode on, then the user → Copy User ID)",
        ])
    }
}
