import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// E-mail through libcurl's SMTP to a real SMTP server on 127.0.0.1 (aiosmtpd).
@Suite struct EmailTests {
    let transport = CurlTransport()

    func send(_ fixture: DeliveryFixture, _ suffix: String = "before-14d") async -> DeliveryAttempt {
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor())) { _ in }
        return await Notifiers.make(fixture.config.channels["out"]!).send(fixture.message(suffix), via: context)
    }

    @Test func oneMessageToAllRecipientsWithBothPartsAndDanishIntact() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: \"Frist <frist@example.dk>\", starttls: off}")
        let attempt = await send(fixture)
        #expect(attempt.outcome == .delivered)
        let record = try await #require(peer.records(atLeast: 1).first)
        #expect(record["mail_from"] as? String == "frist@example.dk")
        #expect(record["rcpt_tos"] as? [String] == ["anne@example.dk", "soeren@example.dk"])
        let mail = try MailText(record["data"] as? String ?? "")
        #expect(mail.header("From") == "Frist <frist@example.dk>")
        #expect(mail.header("To") == "Anne Jensen <anne@example.dk>, =?UTF-8?B?U8O4cmVuIMOGcsO4LcOYc3RlcmfDpXJk?= <soeren@example.dk>")
        #expect(mail.decodedSubject == "Frist om 14 dage: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning")
        #expect(mail.header("Message-ID")?.hasPrefix("<frist.") == true && mail.header("Message-ID")?.hasSuffix("@example.dk>") == true)
        #expect(mail.header("X-Frist-Key") == "taskforce/apv-handleplan@2021-09-30#before-14d")
        #expect(mail.header("Date") != nil && mail.header("MIME-Version") == "1.0")
        #expect(mail.parts.map(\.type) == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        #expect(mail.parts[0].body == "Påmindelse: »Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning« (Task Force – Afdeling for Børn og Familie) har frist torsdag 30. september 2021 (uge 39) – om 14 dage.\n\n"
            + "Når den er nået, så giv den, der administrerer Frist hos jer, besked, så stopper påmindelserne.")
        #expect(mail.parts[1].body.contains(">Frist om 14 dage: Handleplan for psykisk APV godkendt – &quot;trin 2&quot; &amp; opfølgning</h1>"))
    }

    @Test func theHTMLPartIsAMailClientDocumentWithAMeldFaerdigButton() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: frist@example.dk, starttls: off}",
                                          linked: true)
        #expect(await send(fixture, "due").outcome == .delivered)
        let mail = try await MailText(peer.records(atLeast: 1).first?["data"] as? String ?? "")
        let link = fixture.message("due").facts.ackURL
        let html = mail.parts[1].body
        // A whole document: language and charset declared, the layout in tables, styles inline.
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"))
        #expect(html.contains("<table role=\"presentation\" width=\"600\""))
        #expect(!html.contains("<style") && !html.contains("class=") && !html.contains("<img"))
        // The button: a link whose text is "Meld færdig", in a cell Outlook paints green.
        let anchors = html.matches(of: /<a href="([^"]*)"[^>]*>([^<]*)<\/a>/).map { (String($0.output.1), String($0.output.2)) }
        let escapedLink = link.replacingOccurrences(of: "&", with: "&amp;")
        #expect(anchors.map(\.1) == ["Meld færdig", "Se oversigt"])
        #expect(anchors.map(\.0) == [escapedLink, "https://frist.kommune.dk/"])
        #expect(html.contains("<td bgcolor=\"#1d6f42\""))
        // Project, deadline, owner; the key only in the footer, never a "Nøgle" row.
        #expect(html.contains(">Ansvarlig</td><td style="))
        #expect(!html.contains("Nøgle"))
        #expect(html.contains("Sendt af Frist · reference taskforce/apv-handleplan@2021-09-30#due</td>"))
        #expect(mail.header("X-Frist-Key") == "taskforce/apv-handleplan@2021-09-30#due")
        // The text part keeps the plain link.
        #expect(mail.parts[0].body.hasSuffix("\n\nMeld færdig: " + link))
    }

    @Test func theSameReminderGetsTheSameMessageID() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: frist@example.dk, starttls: off}")
        _ = await send(fixture)
        _ = await send(fixture)
        _ = await send(fixture, "due")
        let ids = try await peer.records(atLeast: 3).map { try MailText($0["data"] as? String ?? "").header("Message-ID") }
        #expect(ids[0] == ids[1] && ids[0] != ids[2])
    }

    @Test func anEscalationGoesToItsOwnRecipients() async throws {
        let peer = try await TestPeer.smtp()
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: frist@example.dk, starttls: off}")
        #expect(await send(fixture, "escalation").outcome == .delivered)
        let record = try await #require(peer.records(atLeast: 1).first)
        #expect(record["rcpt_tos"] as? [String] == ["chef@example.dk"])
        #expect(try MailText(record["data"] as? String ?? "").decodedSubject == "Eskalering: Handleplan for psykisk APV godkendt – \"trin 2\" & opfølgning")
    }

    @Test func startTLSAndAuthWithThePasswordFromAFile() async throws {
        let dir = NSTemporaryDirectory() + "frist-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let (cert, key) = try await TestPeer.selfSignedCertificate(in: dir)
        let peer = try await TestPeer.smtp(arguments: ["--auth", "frist:hemmeligt-kodeord", "--tls-cert", cert, "--tls-key", key,
                                                 "--require-starttls"])
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: frist@example.dk, username: frist, password_file: pw, starttls: required, insecure: true}")
        _ = try fixture.write("pw", "hemmeligt-kodeord\n")
        let attempt = await send(fixture)
        #expect(attempt.outcome == .delivered)
        let record = try await #require(peer.records(atLeast: 1).first)
        #expect(record["tls"] as? Bool == true)
        #expect(record["auth_user"] as? String == "frist")
    }

    @Test func smtpsFromTheFirstByte() async throws {
        let dir = NSTemporaryDirectory() + "frist-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let (cert, key) = try await TestPeer.selfSignedCertificate(in: dir)
        let peer = try await TestPeer.smtp(arguments: ["--tls-cert", cert, "--tls-key", key, "--implicit-tls"])
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"smtps://127.0.0.1:\(peer.port)\", from: frist@example.dk, insecure: true}")
        #expect(await send(fixture).outcome == .delivered)
        #expect(try await peer.records(atLeast: 1).first?["tls"] as? Bool == true)
    }

    @Test func aSelfSignedServerIsRefusedUnlessTheChannelSaysInsecure() async throws {
        let dir = NSTemporaryDirectory() + "frist-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let (cert, key) = try await TestPeer.selfSignedCertificate(in: dir)
        let peer = try await TestPeer.smtp(arguments: ["--tls-cert", cert, "--tls-key", key, "--require-starttls"])
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: frist@example.dk, starttls: required}")
        let attempt = await send(fixture)
        guard case .permanent = attempt.outcome else {
            Issue.record("TLS verification must fail against a self-signed certificate, got \(attempt.outcome)")
            return
        }
        #expect(try peer.records().isEmpty)
    }

    @Test func aWrongPasswordIsReportedWithoutThePassword() async throws {
        let peer = try await TestPeer.smtp(arguments: ["--auth", "frist:rigtigt"])
        defer { peer.stop() }
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"\(peer.smtpURL)\", from: frist@example.dk, username: frist, password: forkert-kodeord-123, starttls: off}")
        let attempt = await send(fixture)
        #expect(attempt.outcome != .delivered)
        #expect(!"\(attempt.outcome) \(attempt.reply)".contains("forkert-kodeord-123"))
    }

    @Test func recipientsWithoutAnAddressAreAPermanentFailureSaidPlainly() async throws {
        let fixture = try DeliveryFixture(channel: "{type: email, url: \"smtp://127.0.0.1:9\", from: frist@example.dk}")
        let context = DeliveryContext(transport: transport, secrets: SecretResolver(redactor: Redactor())) { _ in }
        var message = fixture.message("due")
        message = Message(key: message.key, kind: message.kind, facts: MessageFacts(
            key: message.key, kind: "due", projectId: "p", projectName: "P", milestoneId: "m", title: "T", due: "", dueText: "",
            week: "", occurrence: "", at: "", local: "", days: 0, when: "", overdueCount: 0,
            recipients: [.init(id: "nomail", name: "Uden Post", email: nil)], owners: [], language: .da),
            subject: "s", body: "t", markdownBody: "m", htmlBody: "h")
        let attempt = await Notifiers.make(fixture.config.channels["out"]!).send(message, via: context)
        #expect(attempt.outcome == .permanent("channel 'out': none of nomail has an e-mail address"))
    }
}
