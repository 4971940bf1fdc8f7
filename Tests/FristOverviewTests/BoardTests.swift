import FristBoard
import FristConfig
import FristCore
import FristOverview
import FristTestSupport
import Testing

/// A config in a temporary folder, loaded; the board for it at an instant.
func board(_ milestones: String, at iso: String, acks: [Acknowledgements.Entry] = [],
           extra: String = "", listLimit: Int? = nil) throws -> Board {
    try board(projects: [("taskforce", "Task Force", milestones)], at: iso, acks: acks, extra: extra,
              listLimit: listLimit)
}

/// The board of a config with several projects (id, name, milestones), each in its own file.
func board(projects: [(id: String, name: String, milestones: String)], at iso: String,
           acks: [Acknowledgements.Entry] = [], extra: String = "", listLimit: Int? = nil) throws -> Board {
    var files = ["frist.yaml": """
        timezone: Europe/Copenhagen
        people:
          anne: {name: Anne Jensen}
        include: [schedules/*.yaml]
        \(extra)
        """]
    for project in projects {
        files["schedules/\(project.id).yaml"] = """
            project: {id: \(project.id), name: \(project.name), owner: anne}
            milestones:
            \(project.milestones)
            """
    }
    let folder = try TemporaryFolder(files)
    let config = try ConfigLoader.load(path: folder.path + "/frist.yaml").get()
    let now = try #require(Instant.parse(iso))
    return Board(config: config, plan: Plan(config.schedule), acknowledgements: Acknowledgements(acks), now: now,
                 listLimit: listLimit)
}

/// Day number of an ISO date.
func day(_ iso: String) -> Int { LocalDate(iso: iso)!.dayNumber }

/// `2021-09-30T12:00:00Z` to seconds since the epoch.
enum Instant {
    static func parse(_ iso: String) -> Int64? {
        guard iso.count == 20, let day = LocalDate(iso: String(iso.prefix(10)))?.dayNumber,
              let h = Int(iso.dropFirst(11).prefix(2)), let m = Int(iso.dropFirst(14).prefix(2)),
              let s = Int(iso.dropFirst(17).prefix(2)) else { return nil }
        return Int64(day) * 86_400 + Int64(h * 3600 + m * 60 + s)
    }
}

@Suite("Where the deadlines stand")
struct BoardTests {
    @Test("A deadline is open until the end of its day, then overdue; done ones are done")
    func states() throws {
        let milestones = """
              - {id: handleplan, title: Handleplan godkendt, due: 2021-09-30}
              - {id: lokalmed, title: APV på LokalMED, due: 2021-06-07, done: 2021-06-07}
              - {id: kursus, title: Kursus, due: 2021-11-15}
            """
        // 23:30 Copenhagen time on the due date: still open.
        let evening = try board(milestones, at: "2021-09-30T21:30:00Z")
        let states = Dictionary(uniqueKeysWithValues: evening.deadlines.map { ($0.milestoneID, $0.state) })
        #expect(states == ["handleplan": .open, "lokalmed": .done, "kursus": .open])
        // Local midnight (22:00Z in summer time) makes it overdue.
        let next = try board(milestones, at: "2021-09-30T22:00:00Z")
        #expect(next.deadlines.first { $0.milestoneID == "handleplan" }?.state == .overdue)
        #expect(next.today == LocalDate(year: 2021, month: 10, day: 1)!.dayNumber)
    }

    @Test("An acknowledged occurrence is done; its series goes on")
    func acknowledgedOccurrence() throws {
        let milestones = """
              - id: kvartal
                title: Kvartalsstatus
                repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                start: 2021-03-31
                until: 2021-12-31
            """
        let ack = Acknowledgements.Entry(target: "taskforce/kvartal@2021-06-30",
                                         doneOn: LocalDate(year: 2021, month: 6, day: 29)!.dayNumber)
        let b = try board(milestones, at: "2021-10-05T08:00:00Z", acks: [ack])
        let byTarget = Dictionary(uniqueKeysWithValues: b.deadlines.map { ($0.target, $0.state) })
        #expect(byTarget == [
            "taskforce/kvartal@2021-03-31": .overdue,
            "taskforce/kvartal@2021-06-30": .done,
            "taskforce/kvartal@2021-09-30": .overdue,
            "taskforce/kvartal@2021-12-31": .open,
        ])
        // 31 December 2021 is a Friday and not closed here: no shift.
        #expect(b.projects[0].period.map { [$0.first, $0.last] } == [day("2021-03-31"), day("2021-12-31")])
    }

    @Test("Projects come most urgent first: earliest overdue, then nearest open, then by name")
    func urgencyOrder() throws {
        let b = try board(projects: [
            // Nothing overdue; open from 1 November.
            ("alfa", "Alfa", "  - {id: m, title: M, due: 2021-11-01}"),
            // Overdue since 1 September; open next on 1 December.
            ("beta", "Beta", "  - {id: m, title: M, due: 2021-09-01}\n  - {id: n, title: N, due: 2021-12-01}"),
            // Overdue since 1 September as well, but open sooner (15 October): before beta.
            ("gamma", "Gamma", "  - {id: m, title: M, due: 2021-09-01}\n  - {id: n, title: N, due: 2021-10-15}"),
            // The most overdue (1 June); an older deadline that is done does not count.
            ("delta", "Delta", "  - {id: m, title: M, due: 2021-06-01}\n  - {id: d, title: D, due: 2021-01-04, done: 2021-01-04}"),
            // Everything done: last.
            ("epsilon", "Epsilon", "  - {id: d, title: D, due: 2021-09-01, done: 2021-08-30}"),
            // Only a yearly series that starts after the horizon: its first deadline is its nearest.
            ("zeta", "Zeta", "  - {id: y, title: Y, repeat: FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2, start: 2030-09-02}"),
            // Exactly as urgent as alfa: the name decides ("Aarhus" before "Alfa").
            ("omega", "Aarhus", "  - {id: m, title: M, due: 2021-11-01}"),
        ], at: "2021-10-05T08:00:00Z")
        #expect(b.projects.map(\.id) == ["delta", "gamma", "beta", "omega", "alfa", "zeta", "epsilon"])
        let delta = try #require(b.projects.first)
        // Overdue from the start of the day after its due date (local midnight, summer time).
        #expect(delta.urgency.firstOverdue == Instant.parse("2021-06-01T22:00:00Z"))
        #expect(delta.urgency.nextOpen == nil)
        #expect(b.projects.last.map { [$0.urgency.firstOverdue, $0.urgency.nextOpen] } == [nil, nil])
    }

    /// A quarterly report 2021–2025: on 5 October 2021 (horizon 9 November 2022) seven
    /// quarters lie up to the horizon, thirteen after it.
    static let quarterly = """
          - id: kvartal
            title: Kvartalsstatus
            repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
            start: 2021-03-31
            until: 2025-12-31
        """

    @Test("A bounded series is listed whole when it fits; the period covers every occurrence")
    func wholeSeries() throws {
        let b = try board(Self.quarterly, at: "2021-10-05T08:00:00Z")
        #expect(b.horizon == day("2022-11-09"))
        let project = try #require(b.projects.first)
        #expect(project.deadlines.count == 20)
        #expect(project.deadlines.last?.target == "taskforce/kvartal@2025-12-31")
        #expect(project.notShown.isEmpty)
        #expect(project.period.map { [$0.first, $0.last] } == [day("2021-03-31"), day("2025-12-31")])
    }

    @Test("What does not fit after the horizon is counted, series by series; the period still covers it")
    func notShownCounts() throws {
        // The quarterly tail (13) does not fit in 10 rows; the 2023–2024 meetings (2) do.
        let b = try board(Self.quarterly + """

              - id: moede
                title: Møde
                repeat: FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15
                start: 2023-03-15
                until: 2024-12-31
            """, at: "2021-10-05T08:00:00Z", listLimit: 10)
        let project = try #require(b.projects.first)
        #expect(project.deadlines.filter { $0.milestoneID == "kvartal" }.last?.target == "taskforce/kvartal@2022-09-30")
        #expect(project.deadlines.filter { $0.milestoneID == "moede" }.map(\.occurrence) == [day("2023-03-15"), day("2024-03-15")])
        #expect(project.notShown.count == 13 && !project.notShown.uncounted)
        #expect(project.period.map { [$0.first, $0.last] } == [day("2021-03-31"), day("2025-12-31")])
        // The earliest left out: 31 December 2022, a Saturday, so due Friday 30 December.
        #expect(project.notShown.firstDeadline == Instant.parse("2022-12-30T23:00:00Z"))
    }

    @Test("A series without end is 'more', and its period has no end; done: ends a series")
    func endlessSeries() throws {
        let b = try board("""
              - {id: aarlig, title: Årlig, repeat: FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1, start: 2021-09-01}
              - {id: slut, title: Slut, repeat: FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1, start: 2021-06-01, done: 2024-01-01}
            """, at: "2021-10-05T08:00:00Z", listLimit: 5)
        let project = try #require(b.projects.first)
        #expect(project.notShown.count == 0 && project.notShown.uncounted)
        // 1 September 2022 is listed; the first after the horizon is 1 September 2023.
        #expect(project.notShown.firstDeadline == Instant.parse("2023-09-01T22:00:00Z"))
        #expect(project.period.map { [$0.first, $0.last] } == [day("2021-06-01"), nil])
        // `slut` ends at its done date: June 2023 lies after the horizon and fits (4 + 1 rows).
        #expect(project.deadlines.filter { $0.milestoneID == "slut" }.map(\.due)
            == [day("2021-06-01"), day("2022-06-01"), day("2023-06-01")])
    }

    @Test("A series with more occurrences after the horizon than are counted is 'more'; its end still bounds the period")
    func pastTheCount() throws {
        let b = try board("  - {id: daglig, title: Daglig, repeat: FREQ=DAILY, start: 2021-10-01, until: 2030-06-28}",
                          at: "2021-10-05T08:00:00Z")
        let project = try #require(b.projects.first)
        #expect(project.notShown.uncounted)
        #expect(project.deadlines.count == 405)  // 1 October 2021 to the horizon, 9 November 2022
        #expect(project.period.map { [$0.first, $0.last] } == [day("2021-10-01"), day("2030-06-28")])
    }

    @Test("A done deadline carries its acknowledgement's note; the earlier acknowledgement's note wins")
    func notes() throws {
        let acks = [
            Acknowledgements.Entry(target: "taskforce/kvartal@2021-06-30", doneOn: day("2021-06-28"), note: "sendt til udvalget"),
            Acknowledgements.Entry(target: "taskforce/kvartal", doneOn: day("2021-09-29"), note: "hele rækken overtaget"),
            Acknowledgements.Entry(target: "taskforce/kvartal@2021-12-31", doneOn: day("2021-10-01")),
        ]
        let b = try board(Self.quarterly, at: "2021-10-05T08:00:00Z", acks: acks)
        let notes = Dictionary(uniqueKeysWithValues: b.deadlines.prefix(4).map { ($0.target, $0.note) })
        #expect(notes == [
            "taskforce/kvartal@2021-03-31": "hele rækken overtaget",
            // Its own acknowledgement (28 June) is earlier than the milestone's: its note.
            "taskforce/kvartal@2021-06-30": "sendt til udvalget",
            "taskforce/kvartal@2021-09-30": "hele rækken overtaget",
            // Its own (1 October, no note) is later than the milestone's (29 September).
            "taskforce/kvartal@2021-12-31": "hele rækken overtaget",
        ])
        #expect(try board(Self.quarterly, at: "2021-10-05T08:00:00Z").deadlines.allSatisfy { $0.note == nil })
    }

    @Test("The next reminders skip acknowledged ones and come in time order")
    func nextReminders() throws {
        let milestones = """
              - {id: a, title: A, due: 2021-10-20, before: [14d, 3d], on_due: true}
              - {id: b, title: B, due: 2021-10-11, before: [3d], on_due: false}
            """
        let ack = Acknowledgements.Entry(target: "taskforce/b", doneOn: LocalDate(year: 2021, month: 10, day: 1)!.dayNumber)
        let b = try board(milestones, at: "2021-10-01T00:00:00Z", acks: [ack])
        // B is acknowledged: only A's reminders (the built-in policy adds four weekly nags).
        #expect(b.next.map(\.key) == [
            "taskforce/a@2021-10-20#before-14d", "taskforce/a@2021-10-20#before-3d", "taskforce/a@2021-10-20#due",
        ] + (1...4).map { "taskforce/a@2021-10-20#overdue-\($0)" })
        #expect(b.projects[0].next.map(\.key) == b.next.map(\.key))
        #expect(b.name(of: "anne") == "Anne Jensen")
    }
}
