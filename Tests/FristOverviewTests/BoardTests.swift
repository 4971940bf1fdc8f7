import FristConfig
import FristCore
import FristOverview
import FristTestSupport
import Testing

/// A config in a temporary folder, loaded; the board for it at an instant.
func board(_ milestones: String, at iso: String, acks: [Acknowledgements.Entry] = [],
           extra: String = "") throws -> Board {
    let folder = try TemporaryFolder([
        "frist.yaml": """
            timezone: Europe/Copenhagen
            people:
              anne: {name: Anne Jensen}
            include: [schedules/*.yaml]
            \(extra)
            """,
        "schedules/taskforce.yaml": """
            project: {id: taskforce, name: Task Force, owner: anne}
            milestones:
            \(milestones)
            """,
    ])
    let config = try ConfigLoader.load(path: folder.path + "/frist.yaml").get()
    let now = try #require(Instant.parse(iso))
    return Board(config: config, plan: Plan(config.schedule), acknowledgements: Acknowledgements(acks), now: now)
}

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
        #expect(b.projects[0].span == LocalDate(year: 2021, month: 3, day: 31)!.dayNumber
            ... LocalDate(year: 2021, month: 12, day: 31)!.dayNumber)
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
