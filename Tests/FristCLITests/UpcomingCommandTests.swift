import Foundation
import FristTestSupport
import Testing

/// `frist upcoming`: the table people read and the `--json` lines scripts rely on.
@Suite struct UpcomingCommandTests {
    /// The DESIGN.md example, reproduced so its `--json` line can be checked to the byte.
    static let designExample: [String: String] = [
        "frist.yaml": """
            timezone: Europe/Copenhagen
            send_time: "09:00"
            defaults:
              before: [14d, 3d]
              on_due: true
              overdue: {every: 7d, times: 4}
              escalate: {after: 14d, to: [chef]}
            people:
              anne: {name: Anne Jensen, email: anne@example.dk}
              chef: {name: Social- og Projektchef, email: chef@example.dk}
            channels:
              console: {type: console}
              mail:  {type: email, url: "smtp://127.0.0.1:2525", from: "Frist <frist@example.dk>"}
              teams: {type: teams, url_file: /run/credentials/frist.service/teams-url}
            include: [schedules/*.yaml]

            """,
        "schedules/taskforce.yaml": """
            project:
              id: taskforce
              name: Task Force – Afdeling for Børn og Familie
              owner: anne
              notify: [mail, teams]
            milestones:
              - id: apv-handleplan
                title: Handleplan for psykisk APV godkendt
                due: 2021-09-30
              - id: kvartalsstatus
                title: Kvartalsvis status til Børne- og Ungeudvalget
                repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                start: 2021-03-31
                until: 2023-12-31
                shift: before
                before: [1bd]

            """,
    ]

    @Test func jsonLinesFollowTheContract() async throws {
        let folder = try TemporaryFolder(Self.designExample)
        let r = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml",
                                     "--from", "2021-09-01", "--to", "2021-11-01", "--json"])
        #expect(r.status == 0)
        let lines = r.stdoutLines
        #expect(lines.first == #"{"key":"taskforce/apv-handleplan@2021-09-30#before-14d","at":"2021-09-16T07:00:00Z","local":"2021-09-16T09:00:00+02:00","kind":"before","project":"taskforce","milestone":"apv-handleplan","occurrence":"2021-09-30","due":"2021-09-30","recipients":["anne"],"channels":["mail","teams"]}"#)
        let keys = lines.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["key"] as? String
        }
        #expect(keys == [
            "taskforce/apv-handleplan@2021-09-30#before-14d",
            "taskforce/apv-handleplan@2021-09-30#before-3d",
            "taskforce/kvartalsstatus@2021-09-30#before-1bd",
            "taskforce/apv-handleplan@2021-09-30#due",
            "taskforce/kvartalsstatus@2021-09-30#due",
            "taskforce/apv-handleplan@2021-09-30#overdue-1",
            "taskforce/kvartalsstatus@2021-09-30#overdue-1",
            "taskforce/apv-handleplan@2021-09-30#escalation",
            "taskforce/apv-handleplan@2021-09-30#overdue-2",
            "taskforce/kvartalsstatus@2021-09-30#escalation",
            "taskforce/kvartalsstatus@2021-09-30#overdue-2",
            "taskforce/apv-handleplan@2021-09-30#overdue-3",
            "taskforce/kvartalsstatus@2021-09-30#overdue-3",
            "taskforce/apv-handleplan@2021-09-30#overdue-4",
            "taskforce/kvartalsstatus@2021-09-30#overdue-4",
        ])
        // An escalation goes to its own recipients, not to the owner.
        let escalation = lines.first { $0.contains("apv-handleplan@2021-09-30#escalation") } ?? ""
        #expect(escalation.contains(#""at":"2021-10-14T07:00:00Z","local":"2021-10-14T09:00:00+02:00","kind":"escalation""#))
        #expect(escalation.contains(#""recipients":["chef"]"#))
    }

    @Test func quarterEndOnAWeekendIsDueTheFridayBeforeButKeyedByItsOwnDate() async throws {
        let folder = try TemporaryFolder(Self.designExample)
        let r = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml",
                                     "--from", "2022-12-30", "--days", "1", "--json"])
        let due = r.stdoutLines.first { $0.contains("kvartalsstatus@2022-12-31#due") }
        // 2022-12-31 is a Saturday: due moves to Friday 30 December, the key keeps the 31st.
        #expect(due?.contains(#""occurrence":"2022-12-31","due":"2022-12-30""#) == true)
        #expect(due?.contains(#""local":"2022-12-30T09:00:00+01:00""#) == true)
    }

    @Test func theDanishTableShowsDatesWeekdaysAndWeeks() async throws {
        let folder = try TemporaryFolder(Self.designExample)
        let r = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml",
                                     "--from", "2021-09-16", "--days", "1"], environment: ["COLUMNS": "120"])
        #expect(r.status == 0)
        #expect(r.stdoutLines.first?.hasPrefix("Dato        Dag  Uge     Kl.    Projekt") == true)
        #expect(r.stdoutLines.first?.hasSuffix("Påmindelse   Til") == true)
        let row = r.stdoutLines.first { $0.hasPrefix("16.09.2021") } ?? ""
        // Long names are clipped so the table fits; each line names who gets the reminder.
        #expect(row == "16.09.2021  tor  uge 37  09:00  Task Force – Afdeling for Bør…  Handleplan for psykisk APV go…  14 dage før  Anne Jensen")
        #expect(r.stdoutLines.last == "1 påmindelse 16.09.2021 – 16.09.2021.")
    }

    @Test func languageEnGivesAnEnglishTable() async throws {
        var files = Self.designExample
        files["frist.yaml"] = "language: en\n" + files["frist.yaml"]!
        let folder = try TemporaryFolder(files)
        let r = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml",
                                     "--from", "2021-09-29", "--days", "1"])
        let row = r.stdoutLines.first { $0.hasPrefix("2021-09-29") } ?? ""
        #expect(r.stdoutLines.first?.hasPrefix("Date        Day  Week") == true)
        #expect(row.contains("Wed  week 39") && row.contains("1 working day before"))
        let escalation = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml",
                                              "--from", "2021-10-14", "--days", "1"], environment: ["COLUMNS": "120"])
        // An escalation names the people it goes to.
        #expect(escalation.stdoutLines.contains { $0.contains("  escalation  ") && $0.hasSuffix("  Social- og Projektchef") },
                "\(escalation.stdout)")
    }

    @Test("The table fits the terminal and names who gets each reminder", arguments: [80, 120])
    func theTableFitsTheTerminal(columns: Int) async throws {
        let r = try await FristBinary.result(of: ["upcoming", "--config", "config/frist.yaml", "--from", "2021-06-01", "--days", "400"],
                                    environment: ["COLUMNS": String(columns)])
        #expect(r.status == 0)
        #expect(r.stdoutLines.count > 100)
        for line in r.stdoutLines { #expect(line.count <= columns, "\(line)") }
        let header = r.stdoutLines.first ?? ""
        #expect(header.hasPrefix("Dato") && header.contains("Påmindelse") && header.hasSuffix("Til"), "\(header)")
        // 11 October 2021: the course reminder goes to its owner, by name.
        #expect(r.stdoutLines.contains { $0.hasPrefix("11.10.2021") && $0.contains("Sofie Dahl") }, "\(r.stdout)")
        // At 120 columns nothing needs leaving out; at 80 the weekday and week go before names are cut to nothing.
        #expect(header.contains("Uge") == (columns == 120))
    }

    @Test func anEmptyWindowSaysSo() async throws {
        let r = try await FristBinary.result(of: ["upcoming", "--config", "config/frist.yaml", "--from", "2030-01-01", "--days", "7"])
        #expect(r.status == 0)
        #expect(r.stdout == "Ingen påmindelser 01.01.2030 – 07.01.2030.\n")
    }

    @Test func theDefaultWindowIsTodayAndThe29DaysAfter() async throws {
        let folder = try TemporaryFolder(Self.designExample)
        // A daily series, never shifted off closed days, so every window has one reminder a day whatever today is.
        try folder.write("schedules/daily.yaml", """
            project: {id: daily, name: Daily}
            milestones:
              - {id: d, title: D, repeat: FREQ=DAILY, start: 2020-01-01, shift: none, before: [], overdue: null, escalate: null}

            """)
        let plain = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml", "--json"])
        // The first daily reminder is dated today; the window runs from there.
        let firstLine = plain.stdoutLines.first ?? ""
        let first = firstLine.range(of: #"daily/d@[0-9-]{10}"#, options: .regularExpression)
            .map { String(firstLine[$0].suffix(10)) } ?? ""
        let explicit = try await FristBinary.result(of: ["upcoming", "--config", folder.path + "/frist.yaml", "--json",
                                            "--from", first, "--days", "30"])
        #expect(plain.stdout == explicit.stdout)
        #expect(plain.stdoutLines.filter { $0.contains("daily/d@") }.count == 30)
    }
}
