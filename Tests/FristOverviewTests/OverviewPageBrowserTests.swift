import FristBoard
import FristConfig
import FristCore
import FristOverview
import FristTestSupport
import Foundation
import Testing

/// The shipped example as a project manager's browser shows it: headless Chromium loads the
/// page, the tests read the DOM it built, and screenshots are kept for people to look at.
@Suite("The overview page in a browser", .serialized)
struct OverviewPageBrowserTests {
    static let artifacts = FristBinary.packageRoot + "/.build/artifacts"

    static let note = "Godkendt i ledergruppen <28/9> & sendt til MED"

    let config: FristConfig
    let page: String

    init() throws {
        config = try ConfigLoader.load(path: FristBinary.packageRoot + "/config/frist.yaml").get()
        // Tuesday 20 September 2022, 10:00 in Copenhagen: inside the Task Force project
        // (2021–2023) and the 2022 study; before the 2023 reorganisation.
        let now = try #require(Instant.parse("2022-09-20T08:00:00Z"))
        // The APV action plan was approved two days early (`frist ack --note`).
        let ack = Acknowledgements.Entry(target: "taskforce/apv-handleplan@2021-09-30",
                                         doneOn: LocalDate(year: 2021, month: 9, day: 28)!.dayNumber,
                                         note: Self.note)
        let board = Board(config: config, plan: Plan(config.schedule), acknowledgements: Acknowledgements([ack]),
                          now: now)
        page = OverviewPage.render(board)
    }

    @Test("Every project is a heading; the overdue, the acknowledged and today are marked")
    func dom() async throws {
        let folder = try TemporaryFolder(["overview.html": page])
        let dom = try await Chromium().dumpDOM(of: "file://" + folder.path + "/overview.html")

        // Most urgent first: Task Force is overdue since June 2021, the study since June 2022;
        // the reorganisation's nearest deadline is in November 2022, the leaders' one in 2025.
        let headings = dom.matches(of: /<h2[^>]*>([^<]*)<\/h2>/).map { String($0.output.1) }
        let byID = Dictionary(uniqueKeysWithValues: config.schedule.projects.map { ($0.id, textEscaped($0.name)) })
        #expect(headings == ["taskforce", "socialomraadet-undersoegelse", "socialomraadet-organisering", "ledelsesudvikling"]
            .compactMap { byID[$0] })
        // The acknowledgement's note, next to its done date, as text.
        #expect(dom.contains("Bemærkning: " + textEscaped(Self.note)))
        // The leaders' series (2025–2028) lies wholly after the horizon and is listed whole.
        #expect(dom.contains(#"<tr data-state="open" data-target="ledelsesudvikling/arbejdsmiljoedag@2028-11-02">"#))
        #expect(dom.contains("Periode: 9. sep. 2025 – 2. nov. 2028"))
        #expect(!dom.contains("Ingen frister at vise"))
        // "Ca. 25 sager pr. socialrådgiver" was due 1 September 2021 and is not done.
        #expect(dom.contains(#"<tr data-state="overdue" data-target="taskforce/sagstal-25@2021-09-01">"#))
        #expect(dom.contains(#"<g class="marker" data-state="overdue" data-target="taskforce/sagstal-25@2021-09-01">"#))
        #expect(dom.contains(#"<tr data-state="done" data-target="taskforce/apv-handleplan@2021-09-30">"#))
        #expect(dom.contains(#"<g class="today" data-today="inside"><line"#))
        // The 2023 reorganisation lies ahead: today is a dated label at its timeline's start.
        #expect(dom.contains(#"<g class="today" data-today="before"><text"#))
        #expect(dom.contains("Status tirsdag 20. september 2022"))
    }

    @Test("The page never scrolls sideways, on a phone or a desktop", arguments: [390, 1280])
    func noSidewaysScroll(width: Int) async throws {
        // Headless Chromium lays out --dump-dom at least 500 px wide, so the page goes into a
        // frame of exactly the width, and the frame records how wide the page laid out.
        let probe = """
            <!DOCTYPE html><html><body style="margin:0"><iframe style="border:0;width:\(width)px;height:844px" \
            onload="document.body.dataset.scrollWidth = this.contentDocument.documentElement.scrollWidth" \
            srcdoc="\(attributeEscaped(page))"></iframe></body></html>
            """
        let folder = try TemporaryFolder(["probe.html": probe])
        let dom = try await Chromium().dumpDOM(of: "file://" + folder.path + "/probe.html", width: max(width, 800))
        let measured = try #require(dom.firstMatch(of: /data-scroll-width="(\d+)"/).flatMap { Int($0.output.1) })
        #expect(measured <= width)
    }

    @Test("Screenshots for people: desktop and phone", arguments: [
        ("overview-da-desktop.png", 1280, 900), ("overview-da-phone.png", 390, 844),
    ])
    func screenshot(name: String, width: Int, height: Int) async throws {
        // The page goes next to its screenshots, to open in a browser.
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let html = Self.artifacts + "/overview-da.html"
        try page.write(toFile: html, atomically: true, encoding: .utf8)
        let path = Self.artifacts + "/" + name
        try await Chromium().screenshot(of: "file://" + html, to: path, width: width, height: height)

        let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // The IHDR chunk's width and height (big-endian) are the window's: nothing cropped or scaled.
        try #require(png.count > 24)
        func word(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(word(16) == width)
        #expect(word(20) == height)
        // A blank page compresses to a few kilobytes; this one has text and drawings.
        #expect(png.count > 20_000)
    }

    @Test("Screenshot for people: a done deadline's note, and what lies after the horizon")
    func noteScreenshot() async throws {
        let ack = Acknowledgements.Entry(target: "taskforce/handleplan@2021-09-30",
                                         doneOn: LocalDate(year: 2021, month: 9, day: 29)!.dayNumber,
                                         note: "Godkendt i ledergruppen 29/9; referatet er sendt til MED-udvalget")
        let b = try board(OverviewPageTests.threeStates + """

              - id: kvartal
                title: Kvartalsstatus
                repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                start: 2023-03-31
                until: 2024-12-31
            """, at: OverviewPageTests.october5, acks: [ack], listLimit: 3)
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let html = Self.artifacts + "/overview-note-da.html"
        try OverviewPage.render(b).write(toFile: html, atomically: true, encoding: .utf8)
        let dom = try await Chromium().dumpDOM(of: "file://" + html)
        #expect(dom.contains("Bemærkning: Godkendt i ledergruppen 29/9; referatet er sendt til MED-udvalget"))
        #expect(dom.contains("8 frister efter 9. november 2022 vises ikke."))
        #expect(dom.contains("Periode: 7. jun. 2021 – 31. dec. 2024"))
        try await Chromium().screenshot(of: "file://" + html, to: Self.artifacts + "/overview-note-da.png", width: 1280, height: 1100)
        let png = try Data(contentsOf: URL(fileURLWithPath: Self.artifacts + "/overview-note-da.png"))
        #expect(png.count > 20_000)
    }

    /// A text node as Chromium serialises it.
    func textEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Text inside a double-quoted attribute.
    func attributeEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
