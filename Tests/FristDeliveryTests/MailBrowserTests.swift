import Foundation
import FristTestSupport
import Testing
@testable import FristDelivery

/// Frist's e-mails as a mail client's HTML view shows them: headless Chromium renders the HTML
/// part of each kind, the tests read what it laid out, and the screenshots are kept under
/// `.build/artifacts/` for people to look at.
@Suite("E-mails in a browser", .serialized)
struct MailBrowserTests {
    static let artifacts = FristBinary.packageRoot + "/.build/artifacts"
    static let http = "http: {listen: \"127.0.0.1:9464\", public_url: \"https://frist.kommune.dk\", link_key_env: FRIST_TEST_LINK_KEY}"

    /// Every kind of e-mail: the reminders with their "Meld færdig" link, one without links
    /// (it names whom to tell), and Anne's weekly digest.
    static func message(_ name: String) throws -> Message {
        let mail = "{type: email, url: \"smtp://127.0.0.1:2525\", from: frist@example.dk}"
        switch name {
        case "digest":
            return try DigestMessageTests.Fixture(extra: http).message("anne")
        case "before-3d-no-links":
            return try DeliveryFixture(channel: mail, extra: "contact: {name: Mette Kjærgaard, email: mette.kjaergaard@example.dk}")
                .message("before-3d")
        default:
            return try DeliveryFixture(channel: mail, linked: true).message(name)
        }
    }

    static let kinds = ["before-14d", "due", "overdue-2", "escalation", "digest", "before-3d-no-links"]

    /// The e-mail's HTML part, written next to its screenshots.
    static func document(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let path = artifacts + "/mail-\(name).html"
        try message(name).emailHTML.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("Each kind is shot at a desktop's and a phone's width", arguments: kinds)
    func screenshot(name: String) async throws {
        let html = try Self.document(name)
        for (device, width, height) in [("desktop", 760, 1000), ("phone", 390, 844)] {
            let path = Self.artifacts + "/mail-\(name)-\(device).png"
            try await Chromium().screenshot(of: "file://" + html, to: path, width: width, height: height)
            let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            try #require(png.count > 24)
            func word(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
            #expect(word(16) == width && word(20) == height)
            // A blank page compresses to a few kilobytes; this one has a heading, text and a button.
            #expect(png.count > 15_000, "\(path) looks empty")
        }
    }

    @Test("The browser finds the button and the overview link, and nothing wider than a phone", arguments: kinds)
    func layout(name: String) async throws {
        let message = try Self.message(name)
        // At a phone's width, inside a frame of that width (headless Chromium lays out pages
        // at least 500 px wide), the frame records how wide the mail laid out.
        let escaped = message.emailHTML.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        let probe = """
            <!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;width:390px;height:844px" \
            onload="var d = this.contentDocument; document.body.dataset.scrollWidth = d.documentElement.scrollWidth; \
            document.body.dataset.links = Array.from(d.querySelectorAll('a')).map(function (a) { return a.textContent; }).join('|'); \
            document.body.dataset.lang = d.documentElement.lang" \
            srcdoc="\(escaped)"></iframe></body></html>
            """
        let folder = try TemporaryFolder(["probe.html": probe])
        let dom = try await Chromium().dumpDOM(of: "file://" + folder.path + "/probe.html", width: 800)
        let width = try #require(dom.firstMatch(of: /data-scroll-width="(\d+)"/).flatMap { Int($0.output.1) })
        #expect(width <= 390, "the mail is \(width) px wide on a 390 px phone")
        let links = try #require(dom.firstMatch(of: /data-links="([^"]*)"/)).output.1
        switch name {
        case "digest": #expect(links == "Se oversigt")
        case "before-3d-no-links": #expect(links == "")
        default: #expect(links == "Meld færdig|Se oversigt")
        }
        #expect(dom.contains(#"data-lang="da""#))
    }
}
