import FristBoard
import FristConfig
import FristCore
import FristOverview
import Testing

/// The overview page's HTML, read as a script or a screen reader would read it.
@Suite("The overview page")
struct OverviewPageTests {
    /// One overdue, one done, one open deadline on Tuesday 5 October 2021.
    static let threeStates = """
          - {id: handleplan, title: Handleplan godkendt, due: 2021-09-30}
          - {id: lokalmed, title: APV på LokalMED, due: 2021-06-07, done: 2021-06-07}
          - {id: kursus, title: Kursus, due: 2021-11-15}
        """
    static let october5 = "2021-10-05T08:00:00Z"

    /// A deadline row or timeline marker, as scripts find it.
    struct Found: Equatable {
        let state: String
        let target: String
        /// The element's markup up to its end.
        let html: String
    }

    func rows(_ page: String) -> [Found] {
        page.matches(of: /<tr data-state="(\w+)" data-target="([^"]*)">(.*?)<\/tr>/)
            .map { Found(state: String($0.output.1), target: String($0.output.2), html: String($0.output.3)) }
    }

    func markers(_ page: String) -> [Found] {
        page.matches(of: /<g class="marker" data-state="(\w+)" data-target="([^"]*)">(.*?)<\/g>/)
            .map { Found(state: String($0.output.1), target: String($0.output.2), html: String($0.output.3)) }
    }

    @Test("A title with markup, ampersands and quotes prints as written, never as markup")
    func escaping() throws {
        let b = try board("""
              - id: hostile
                title: 'Budget <b>2022</b> & "plan" </title><script>alert(1)</script>'
                due: 2021-10-20
            """, at: Self.october5)
        let page = OverviewPage.render(b)
        #expect(!page.contains("<script>"))
        #expect(!page.contains("<b>2022"))
        let escaped = "Budget &lt;b&gt;2022&lt;/b&gt; &amp; &quot;plan&quot; &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        // In the table row, the timeline marker's tooltip, and the next reminders.
        #expect(rows(page).first?.html.contains(escaped) == true)
        #expect(markers(page).first?.html.contains(escaped) == true)
        #expect(page.components(separatedBy: escaped).count - 1 >= 3)
    }

    struct LanguageCase: Sendable, CustomTestStringConvertible {
        let extra: String
        let code: String
        let words: [String]
        let otherWords: [String]
        var testDescription: String { code }
    }

    @Test("The page speaks the config's language", arguments: [
        LanguageCase(extra: "", code: "da",
                     words: ["<title>Frister</title>", "<h1>Frister</h1>", "Status tirsdag 5. oktober 2021",
                             "Overskredet", "Åben", "Udført", "1 overskredet", ">i dag</text>", "Tidslinje", "Alle frister",
                             "Næste påmindelser", "30. sep. 2021", ">okt</text>", "Ansvarlig: <strong>Anne Jensen</strong>"],
                     otherWords: ["Overdue", "Next reminders", ">today</text>"]),
        LanguageCase(extra: "language: en", code: "en",
                     words: ["<title>Deadlines</title>", "<h1>Deadlines</h1>", "Status on Tuesday 5 October 2021",
                             "Overdue", "Open", "Done", "1 overdue", ">today</text>", "Timeline", "All deadlines",
                             "Next reminders", "30 Sep 2021", ">Oct</text>", "Owner: <strong>Anne Jensen</strong>"],
                     otherWords: ["Overskredet", "Næste påmindelser", ">i dag</text>"]),
    ])
    func language(_ c: LanguageCase) throws {
        let page = OverviewPage.render(try board(Self.threeStates, at: Self.october5, extra: c.extra))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(c.code)\">"))
        for word in c.words { #expect(page.contains(word), "\(word)") }
        for word in c.otherWords { #expect(!page.contains(word), "\(word)") }
    }

    @Test("Every deadline's state is a word and a shape, not only a colour")
    func statesAsText() throws {
        let page = OverviewPage.render(try board(Self.threeStates, at: Self.october5))
        let words = ["overdue": "Overskredet", "done": "Udført", "open": "Åben"]
        let found = rows(page) + markers(page)
        #expect(found.count == 6)
        for item in found {
            let word = try #require(words[item.state])
            #expect(item.html.contains(word), "\(item.target) does not say \(word)")
            #expect(item.html.contains("href=\"#frist-\(item.state)\""), "\(item.target) has no \(item.state) shape")
        }
        // The done one says when it was done.
        let done = try #require(rows(page).first { $0.state == "done" })
        #expect(done.html.contains(#"<time datetime="2021-06-07">7. jun. 2021</time>"#))
        // The totals name each state in words too.
        #expect(page.contains("1 overskredet") && page.contains("1 åben") && page.contains("1 udført"))
    }

    @Test("Today is a line on the timeline when inside it, else a dated label at the near edge", arguments: [
        ("2021-02-01T12:00:00Z", "before", "← i dag 1. feb. 2021"),
        ("2021-10-05T08:00:00Z", "inside", ">i dag</text>"),
        ("2022-03-01T12:00:00Z", "after", "i dag 1. mar. 2022 →"),
    ])
    func today(at instant: String, position: String, label: String) throws {
        let page = OverviewPage.render(try board(Self.threeStates, at: instant))
        #expect(page.contains("<g class=\"today\" data-today=\"\(position)\">"))
        #expect(page.contains(label))
        // Only a today inside the timeline is drawn as a line across it.
        #expect(page.contains("data-today=\"inside\"><line") == (position == "inside"))
    }

    @Test("The table lists every deadline in date order, even when the timeline shows only some")
    func tableAndMarkerLimit() throws {
        let milestones = """
              - id: kvartal
                title: Kvartalsstatus
                repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                start: 2021-03-31
                until: 2023-12-31
              - {id: handleplan, title: Handleplan, due: 2021-09-30}
            """
        // The series ends within the page's room: listed whole, past the horizon (20 July 2023) too.
        let b = try board(milestones, at: "2022-06-15T08:00:00Z")
        #expect(b.deadlines.count == 13)

        let page = OverviewPage.render(b)
        #expect(rows(page).map(\.target) == b.deadlines.map(\.target))
        #expect(markers(page).map(\.target) == b.deadlines.map(\.target))
        #expect(page.contains("<caption class=\"visually-hidden\">13 frister i Task Force, efter forfaldsdato</caption>"))
        #expect(page.contains(#"<th scope="col">Frist</th><th scope="col">Milepæl</th>"#))
        #expect(rows(page).allSatisfy { $0.html.contains("<th scope=\"row\">") })

        let capped = OverviewPage.render(b, markerLimit: 5)
        #expect(rows(capped).count == 13)
        // The five nearest 15 June 2022: the quarters ending March, June, September 2022, and
        // the two around them (December 2021, December 2022).
        #expect(markers(capped).map(\.target) == ["2021-12-31", "2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"]
            .map { "taskforce/kvartal@" + $0 })
        #expect(capped.contains("Tidslinjen viser de 5 frister nærmest i dag af i alt 13."))
        #expect(!capped.contains("Tabellen viser"))

        // A project with thousands of deadlines: the table too keeps to the nearest, and says so.
        let short = OverviewPage.render(b, markerLimit: 5, rowLimit: 3)
        #expect(rows(short).map(\.target) == ["2022-03-31", "2022-06-30", "2022-09-30"].map { "taskforce/kvartal@" + $0 })
        #expect(short.contains("Tabellen viser de 3 frister nærmest i dag af i alt 13; kalenderen (/calendar.ics) og /status.json har dem alle."))
    }

    @Test("The next reminders say when (local time), what and to whom")
    func nextReminders() throws {
        let b = try board("""
              - {id: a, title: Afrapportering, due: 2021-10-20, before: [14d, 3d]}
            """, at: "2021-10-01T00:00:00Z")
        let page = OverviewPage.render(b)
        #expect(page.contains("<li data-key=\"taskforce/a@2021-10-20#before-14d\">"
            + "<time datetime=\"2021-10-06T09:00:00+02:00\">ons. 6. okt. 2021 kl. 09:00</time>"
            + "<span class=\"what\"><strong>Afrapportering</strong>"
            + "<span class=\"sub\">14 dage før · til Anne Jensen</span></span></li>"))
        #expect(page.contains("frist i dag · til Anne Jensen"))
        #expect(page.contains("overskredet, 1. rykker · til Anne Jensen"))
    }

    @Test("A project with nothing in view says what lies after the horizon instead of drawing an empty timeline")
    func emptyProject() throws {
        let b = try board("""
              - id: later
                title: Årligt møde
                repeat: FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1
                start: 2030-09-01
            """, at: Self.october5)
        let page = OverviewPage.render(b)
        #expect(page.contains("<h2 id=\"projekt-taskforce-name\">Task Force</h2>"))
        // 400 days after 5 October 2021; a rule without end cannot be counted.
        #expect(page.contains("<p class=\"empty\">Flere frister efter 9. november 2022 vises ikke.</p>"))
        // 1 September 2030 is a Sunday: due the Friday before.
        #expect(page.contains("Periode: 30. aug. 2030 – løbende"))
        #expect(!page.contains("Ingen frister at vise."))
        #expect(page.contains("Ingen påmindelser på vej."))
        #expect(!page.contains("role=\"img\"") && !page.contains("<table>"))
    }

    @Test("Deadlines left out after the horizon are counted, singular and plural, in both languages", arguments: [
        ("", "2024-12-31", "8 frister efter 9. november 2022 vises ikke.", "30. nov. 2021 – 31. dec. 2024"),
        ("", "2023-03-31", "1 frist efter 9. november 2022 vises ikke.", "30. nov. 2021 – 31. mar. 2023"),
        ("language: en", "2024-12-31", "8 deadlines after 9 November 2022 are not shown.", "30 Nov 2021 – 31 Dec 2024"),
        ("language: en", "2023-03-31", "1 deadline after 9 November 2022 is not shown.", "30 Nov 2021 – 31 Mar 2023"),
    ])
    func notShown(extra: String, until: String, expected: String, period: String) throws {
        // Quarters after the horizon from 2023 to `until`.
        let series = """
              - {id: plan, title: Plan, due: 2021-11-30}
              - id: kvartal
                title: Kvartalsstatus
                repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                start: 2023-03-31
                until: \(until)
            """
        let page = OverviewPage.render(try board(series, at: Self.october5, extra: extra, listLimit: 1))
        #expect(page.contains("<p class=\"note\" data-not-shown>\(expected)</p>"), "\(expected)")
        // The period reaches the last quarter all the same.
        #expect(page.contains(period), "\(period)")
        // With the room (the page's), the whole series is listed and nothing is left out.
        let whole = OverviewPage.render(try board(series, at: Self.october5, extra: extra))
        #expect(rows(whole).last?.target == "taskforce/kvartal@" + until)
        #expect(!whole.contains("data-not-shown"))
    }

    @Test("Projects are listed most urgent first, in the contents and the sections")
    func urgencyOrder() throws {
        let b = try board(projects: [
            ("alfa", "Alfa", "  - {id: m, title: M, due: 2021-11-01}"),
            ("beta", "Beta", "  - {id: m, title: M, due: 2021-09-01}"),
            ("gamma", "Gamma", "  - {id: m, title: M, due: 2021-10-20}"),
        ], at: Self.october5)
        let page = OverviewPage.render(b)
        #expect(page.matches(of: /<h2 id="projekt-(\w+)-name">/).map { String($0.output.1) } == ["beta", "gamma", "alfa"])
        #expect(page.matches(of: /<li><a href="#projekt-(\w+)">/).map { String($0.output.1) } == ["beta", "gamma", "alfa"])
    }

    @Test("An acknowledgement's note stands next to its done date, escaped")
    func acknowledgementNote() throws {
        let ack = Acknowledgements.Entry(target: "taskforce/handleplan@2021-09-30", doneOn: day("2021-09-29"),
                                         note: "Godkendt <b>i</b> ledergruppen & sendt \"videre\"")
        let page = OverviewPage.render(try board(Self.threeStates, at: Self.october5, acks: [ack]))
        let row = try #require(rows(page).first { $0.target == "taskforce/handleplan@2021-09-30" })
        #expect(row.state == "done")
        let note = "<span class=\"sub ack-note\">Bemærkning: Godkendt &lt;b&gt;i&lt;/b&gt; ledergruppen &amp; sendt &quot;videre&quot;</span>"
        // Under the date on a phone, in the "done on" column on a wider screen.
        #expect(row.html.components(separatedBy: "<time datetime=\"2021-09-29\">29. sep. 2021</time>" + note).count == 3)
        #expect(!page.contains("<b>i</b>"))
        // A done deadline without a note has none.
        #expect(rows(page).first { $0.target == "taskforce/lokalmed@2021-06-07" }?.html.contains("ack-note") == false)
    }

    @Test("Headings go h1, h2, h3 without skipping a level; the graphic has a name and a description")
    func structure() throws {
        let page = OverviewPage.render(try board(Self.threeStates, at: Self.october5))
        let levels = page.matches(of: /<h([1-6])[ >]/).compactMap { Int($0.output.1) }
        #expect(levels.first == 1)
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $1 <= $0 + 1 })
        #expect(levels.filter { $0 == 1 }.count == 1)
        #expect(page.contains(#"role="img" aria-labelledby="projekt-taskforce-tl-title projekt-taskforce-tl-desc""#))
        #expect(page.contains("<title id=\"projekt-taskforce-tl-title\">Tidslinje for Task Force</title>"))
        #expect(page.contains("<desc id=\"projekt-taskforce-tl-desc\">7. jun. 2021 – 15. nov. 2021: 3 frister, "
            + "1 overskredet, 1 åben og 1 udført. I dag (5. okt. 2021) er markeret med en lodret streg.</desc>"))
        #expect(page.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        // Self-contained: nothing is fetched, nothing runs; it reloads itself to stay current on a wall screen.
        #expect(!page.contains("<script") && !page.contains("<link") && !page.contains("http:") && !page.contains("https:")
            && !page.contains("url("))
        #expect(page.contains(#"<meta http-equiv="refresh" content="300">"#))
    }
}
