import Testing
import FristConfig
import FristCore

/// A valid config loads into the values the admin meant.
@Suite struct LoadingTests {
    @Test func policyResolvesKeyByKeyAndNullTurnsOff() throws {
        let main = baseMain + """
            defaults:
              before: [14d, 3d]
              on_due: true
              overdue: {every: 7d, times: 4}
              escalate: {after: 14d, to: [chef]}

            """
        let project = "  id: taskforce\n  name: Task Force\n  owner: anne\n  before: [5bd]\n  overdue: null\n"
        let milestones = """
              - id: a
                title: A
                due: 2021-09-30
              - id: b
                title: B
                due: 2021-09-30
                before: []
                escalate: ~
                on_due: off

            """
        let fixture = try ConfigFixture(main: main, schedules: ["p.yaml": scheduleFile(milestones, project: project)])
        let plan = Plan(try fixture.config().schedule)
        let a = plan.milestones[0].policy, b = plan.milestones[1].policy
        #expect(a.before == [.workingDays(5)])  // project's list replaces the defaults'
        #expect(a.onDue)
        #expect(a.overdue == nil)  // project turned it off
        #expect(a.escalate == EscalationPolicy(afterDays: 14, to: ["chef"]))
        #expect(b.before.isEmpty && !b.onDue && b.overdue == nil && b.escalate == nil)
    }

    @Test func contactAndChatHandlesLoadAsWritten() throws {
        let main = """
            contact: {name: Mette Kjærgaard, email: mette.kjaergaard@example.dk}
            people:
              anne:
                name: Anne Jensen
                slack: U024BE7LH
                teams: anne@kommune.dk
                mattermost: "@anne.jensen"
                discord: 80351110224678912
              chef: {name: Chef, teams: 87d349ed-44d7-43e1-9a83-5f2406dee5bd, slack: W01ABCDEFGH}
              lars: {name: Lars}

            """
        let config = try ConfigFixture(main: main).config()
        #expect(config.contact == Contact(name: "Mette Kjærgaard", email: "mette.kjaergaard@example.dk"))
        // Unquoted digits stay text: a snowflake is no number to round.
        #expect(config.people["anne"]?.handles == ChatHandles(slack: "U024BE7LH", teams: "anne@kommune.dk",
                                                              mattermost: "anne.jensen", discord: "80351110224678912"))
        #expect(config.people["chef"]?.handles == ChatHandles(slack: "W01ABCDEFGH", teams: "87d349ed-44d7-43e1-9a83-5f2406dee5bd"))
        #expect(config.people["lars"]?.handles == ChatHandles())
        #expect(try ConfigFixture(main: "contact: {name: IT-servicedesk}\n").config().contact == Contact(name: "IT-servicedesk", email: nil))
        #expect(try ConfigFixture(main: "language: da\n").config().contact == nil)
    }

    @Test func yamlBooleanWordsAreReadAsWritten() throws {
        let main = "channels:\n  mail: {type: email, url: \"smtp://127.0.0.1:2525\", from: f@example.dk, starttls: off}\n"
        let fixture = try ConfigFixture(main: main)
        #expect(try fixture.config().channels["mail"]?.settings
            == .email(EmailSettings(server: "smtp://127.0.0.1:2525", from: Mailbox("f@example.dk")!, startTLS: .off)))
    }

    @Test func unquotedTimesAndDatesKeepTheirText() throws {
        // YAML 1.1 would read 09:30 as the number 570 and dates as timestamps.
        let main = baseMain + "send_time: 09:30\n"
        let fixture = try ConfigFixture(main: main, schedules: [
            "p.yaml": scheduleFile("  - id: a\n    title: A\n    due: 2021-09-30T14:15\n"),
        ])
        let config = try fixture.config()
        #expect(config.schedule.sendTime == LocalTime(hour: 9, minute: 30))
        #expect(config.schedule.projects[0].milestones[0].timeOfDay == LocalTime(hour: 14, minute: 15))
    }

    @Test func anEmptyMainFileMeansAllDefaults() throws {
        let config = try ConfigFixture(main: "").config()
        #expect(config.timezone == "Europe/Copenhagen" && config.language == .da)
        #expect(config.schedule.sendTime == LocalTime(hour: 9, minute: 0))
        #expect(config.catchUpSeconds == 3 * 86_400 && config.maxAgeSeconds == 86_400)
    }

    @Test func anchorsAndAliasesShareAPolicy() throws {
        let milestones = """
              - id: a
                title: A
                due: 2021-09-30
                before: &leads [10d, 2bd]
              - id: b
                title: B
                due: 2021-10-30
                before: *leads

            """
        let fixture = try ConfigFixture(main: baseMain, schedules: ["p.yaml": scheduleFile(milestones)])
        let plan = Plan(try fixture.config().schedule)
        #expect(plan.milestones.map(\.policy.before) == [[.calendarDays(10), .workingDays(2)], [.calendarDays(10), .workingDays(2)]])
    }

    @Test func includesLoadInSortedOrderAndTheConsoleIsBuiltIn() throws {
        let file = { (id: String) in
            scheduleFile("  - id: a\n    title: A\n    due: 2021-09-30\n", project: "  id: \(id)\n  name: \(id)\n")
        }
        let fixture = try ConfigFixture(main: "include: [schedules/*.yaml]\n",
                                        schedules: ["b.yaml": file("beta"), "a.yaml": file("alpha")])
        let config = try fixture.config()
        #expect(config.schedule.projects.map(\.id) == ["alpha", "beta"])
        #expect(config.channels["console"]?.kind == .console)
        #expect(Plan(config.schedule).milestones[0].channels == ["console"])
    }

    @Test func secretsFromFilesResolveAgainstTheConfigFolder() throws {
        let fixture = try ConfigFixture(main: "channels:\n  teams: {type: teams, url_file: secrets/teams-url}\n  gotify: {type: gotify, url: \"https://push.example.dk\", token_env: GOTIFY_TOKEN}\n")
        let config = try fixture.config()
        #expect(config.channels["teams"]?.settings == .teams(url: .file(fixture.directory + "/secrets/teams-url")))
        #expect(config.channels["gotify"]?.settings
            == .gotify(GotifySettings(server: "https://push.example.dk", token: .environment("GOTIFY_TOKEN"))))
        let inline = Secret.inline("hunter2")
        #expect(!"\(inline)".contains("hunter2"))
    }

    @Test func microsoft365ChannelsGetEntraTokenURLsAndTheirScopes() throws {
        let fixture = try ConfigFixture(main: """
            channels:
              exo:
                type: email
                url: smtp://smtp.office365.com:587
                from: Frist <frist@kommune.dk>
                username: frist@kommune.dk
                oauth2: {tenant: 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b, client_id: app-1, client_secret_file: secrets/m365}
              graph:
                type: graph
                from: frist@kommune.dk
                save_to_sent: true
                oauth2: {token_url: "https://login.example.dk/t", client_id: app-2, client_secret_env: M365, scope: "api://frist/.default"}
              signed:
                type: graph
                from: frist@kommune.dk
                oauth2: {tenant: kommune.onmicrosoft.com, client_id: app-3, client_certificate_file: frist.crt, client_key_file: frist.key}

            """)
        let config = try fixture.config()
        guard case .email(let exo)? = config.channels["exo"]?.settings,
              case .oauth2(let username, let oauth2) = exo.authentication else {
            Issue.record("exo is not an e-mail channel with oauth2: \(String(describing: config.channels["exo"]))")
            return
        }
        #expect(username == "frist@kommune.dk")
        #expect(oauth2.tokenURL == "https://login.microsoftonline.com/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/oauth2/v2.0/token")
        #expect(oauth2.scope == "https://outlook.office365.com/.default")
        #expect(oauth2.credential == .secret(.file(fixture.directory + "/secrets/m365")))
        #expect(exo.startTLS == .required)
        #expect(config.channels["graph"]?.settings == .graph(GraphSettings(
            url: "https://graph.microsoft.com", from: Mailbox("frist@kommune.dk")!,
            oauth2: OAuth2Settings(tokenURL: "https://login.example.dk/t", clientID: "app-2",
                                   credential: .secret(.environment("M365")), scope: "api://frist/.default"),
            saveToSent: true)))
        guard case .graph(let signed)? = config.channels["signed"]?.settings else {
            Issue.record("signed is not a graph channel")
            return
        }
        #expect(signed.oauth2.credential
            == .certificate(file: fixture.directory + "/frist.crt", key: .file(fixture.directory + "/frist.key")))
        #expect(signed.oauth2.tokenURL == "https://login.microsoftonline.com/kommune.onmicrosoft.com/oauth2/v2.0/token")
        #expect(!signed.saveToSent)
    }

    @Test func calendarClosedRangesAndWeekend() throws {
        let fixture = try ConfigFixture(main: """
            calendar:
              holidays: none
              weekend: [friday, lørdag]
              closed: [2021-07-05..2021-07-09, 2021-12-24]

            """)
        let cal = try fixture.config().schedule.calendar
        let closed = { (s: String) in cal.isClosed(LocalDate(iso: s)!.dayNumber) }
        let rangeAndDate = closed("2021-07-05") && closed("2021-07-09") && closed("2021-12-24")
        let friday = closed("2021-07-02")
        let sunday = closed("2021-07-04")
        let holiday = closed("2021-12-26")  // 2. juledag, a Sunday
        #expect(rangeAndDate)
        #expect(friday)
        #expect(!sunday)  // a working day with this weekend
        #expect(!holiday)  // holidays: none
    }

    @Test func closedDaysEveryYearAndYearlyRangesAcrossTheNewYear() throws {
        let fixture = try ConfigFixture(main: """
            calendar:
              holidays: none
              weekend: []
              closed: [12-24, 07-13..07-17, 12-30..01-02, 02-29]

            """)
        let cal = try fixture.config().schedule.calendar
        let closed = { (s: String) in cal.isClosed(LocalDate(iso: s)!.dayNumber) }
        for day in ["2021-12-24", "2025-12-24", "2150-12-24", "2026-07-13", "2026-07-17", "2026-12-30",
                    "2026-12-31", "2027-01-01", "2027-01-02", "2024-02-29"] {
            #expect(closed(day), "\(day)")
        }
        for day in ["2025-12-23", "2026-07-12", "2026-07-18", "2027-01-03", "2026-12-29", "2023-03-01", "2023-02-28"] {
            #expect(!closed(day), "\(day)")
        }
    }

    @Test(arguments: [
        (nil, nil, true, "/etc/frist/frist.yaml"),
        (nil, nil, false, "config/frist.yaml"),
        (nil, "/srv/frist.yaml", true, "/srv/frist.yaml"),
        ("/opt/x.yaml", "/srv/frist.yaml", true, "/opt/x.yaml"),
    ] as [(String?, String?, Bool, String)])
    func configLookupOrder(explicit: String?, env: String?, systemExists: Bool, expected: String) {
        let location = ConfigLocation.resolve(explicit: explicit, environment: env.map { ["FRIST_CONFIG": $0] } ?? [:]) {
            $0 == ConfigLocation.system && systemExists
        }
        #expect(location.path == expected)
    }
}
