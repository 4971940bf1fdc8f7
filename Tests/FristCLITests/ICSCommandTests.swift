import FristConfig
import FristCore
import FristTestSupport
import Foundation
import Testing

/// What `Tests/Peers/ics_check.py` (Python's `icalendar`) read from a feed.
struct ICSSummary: Decodable {
    struct Item: Decodable {
        let component: String
        let uid: String
        let summary: String
        let description: String
        let categories: [String]
        let status: String?
        let completed: String?
        /// DUE of a to-do, DTSTART of an event.
        let due: When?
        let end: When?
        let transp: String?
        let alarms: [Alarm]
    }

    /// A DATE, or a DATE-TIME with its UTC instant resolved through the feed's own VTIMEZONE
    /// and, independently, through the system's zone database.
    struct When: Decodable, Equatable {
        let date: String?
        let local: String?
        let utc: String?
        let utcByZoneDatabase: String?
    }

    struct Alarm: Decodable {
        let action: String
        let trigger: String
    }

    struct Observance: Decodable {
        let kind: String
        let from: String
        let to: String
        let rrule: String?
    }

    let calendar: [String: String]
    let counts: [String: Int]
    let longestLine: Int
    let timezones: [String: [Observance]]
    let items: [Item]

    func item(_ target: String) -> Item? { items.first { $0.uid == target + "@frist" } }

    /// Parses `feed` with the peer script; a feed it finds broken fails the test.
    static func read(_ feed: String, in folder: TemporaryFolder) async throws -> ICSSummary {
        try decode(await FristBinary.result(executable: "/usr/bin/env", try checker(feed, in: folder), timeout: 60))
    }

    /// `read`, awaited without holding a thread of Swift's cooperative pool.
    static func summary(of feed: String, in folder: TemporaryFolder) async throws -> ICSSummary {
        try decode(await FristBinary.result(executable: "/usr/bin/env", try checker(feed, in: folder), timeout: 60))
    }

    /// The peer script's command line for `feed`, written into `folder`.
    private static func checker(_ feed: String, in folder: TemporaryFolder) throws -> [String] {
        try folder.write("check.ics", feed)
        let python = ProcessInfo.processInfo.environment["FRIST_TEST_PYTHON"] ?? "python3"
        return [python, TestPeer.peersDirectory + "/ics_check.py", folder.path + "/check.ics"]
    }

    private static func decode(_ result: FristBinary.Result) throws -> ICSSummary {
        guard result.status == 0 else { throw TestPeer.Failure(description: "ics_check.py: \(result.stderr)") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ICSSummary.self, from: Data(result.stdout.utf8))
    }
}

@Suite("frist ics")
struct ICSCommandTests {
    /// The shipped example in a temporary folder, its state in `state/` there.
    static func example() throws -> TemporaryFolder {
        let source = FristBinary.packageRoot + "/config"
        let folder = try TemporaryFolder()
        try folder.write("frist.yaml", String(contentsOfFile: source + "/frist.yaml", encoding: .utf8) + "\nstate_dir: state\n")
        for name in try FileManager.default.contentsOfDirectory(atPath: source + "/schedules") where name.hasSuffix(".yaml") {
            try folder.write("schedules/" + name, String(contentsOfFile: source + "/schedules/" + name, encoding: .utf8))
        }
        return folder
    }

    /// `frist ics` on the folder's config; the feed reads the state, so a first run makes an
    /// empty one, as the daemon's first start would (`retry --all` on nothing writes nothing else).
    static func ics(_ folder: TemporaryFolder, _ arguments: [String] = []) async throws -> FristBinary.Result {
        let config = ["--config", folder.path + "/frist.yaml"]
        if !FileManager.default.fileExists(atPath: folder.path + "/state/frist.sqlite") {
            let made = try await FristBinary.result(of: ["retry", "--all"] + config)
            guard made.status == 0 else { throw TestPeer.Failure(description: "retry --all: \(made.stderr)") }
        }
        return try await FristBinary.result(of: ["ics"] + config + arguments)
    }

    /// The targets of every deadline the feed should list today: every one-off deadline, each
    /// bounded series whole (the example's are short enough), and each series without end 400
    /// days ahead.
    static func expectedTargets(_ folder: TemporaryFolder) throws -> Set<String> {
        let config = try ConfigLoader.load(path: folder.path + "/frist.yaml").get()
        let plan = Plan(config.schedule)
        let today = Timestamps.localDay(Int64(Date().timeIntervalSince1970), zone: config.schedule.zone)
        var targets: Set<String> = []
        for (index, milestone) in plan.milestones.enumerated() {
            let through = switch milestone.milestone.schedule {
            case .once(let day): day
            case .repeating(let recurrence): recurrence.until ?? (recurrence.rule.count != nil ? Recurrence.horizon : today + 400)
            }
            for day in plan.occurrences(ofMilestone: index, from: LocalDate(year: 2000, month: 1, day: 1)!.dayNumber,
                                        through: through) {
                targets.insert(milestone.keyPrefix + "@" + LocalDate(dayNumber: day).description)
            }
        }
        return targets
    }

    @Test("One to-do per deadline of the example, with stable, unique UIDs")
    func everyDeadline() async throws {
        let folder = try Self.example()
        let before = try Self.expectedTargets(folder)
        let first = try await Self.ics(folder)
        let second = try await Self.ics(folder)
        let after = try Self.expectedTargets(folder)
        #expect(first.status == 0 && first.stderr.isEmpty)
        let feed = try await ICSSummary.read(first.stdout, in: folder)
        let uids = feed.items.map(\.uid)
        // Today's deadlines (before and after, should the runs straddle midnight).
        let targets = Set(uids.map { String($0.dropLast("@frist".count)) })
        #expect(targets == before || targets == after)
        #expect(feed.counts["VTODO"] == uids.count && feed.counts["VEVENT"] == nil)
        #expect(Set(uids).count == uids.count)
        await #expect(try ICSSummary.read(second.stdout, in: folder).items.map(\.uid) == uids)
        #expect(feed.longestLine <= 75)
        #expect(feed.calendar["X-WR-CALNAME"] == "Frister")
        #expect(feed.calendar["X-WR-TIMEZONE"] == "Europe/Copenhagen")
    }

    @Test("A deadline is due on its day with alarms at 09:00 Copenhagen; frist ack completes it")
    func acknowledging() async throws {
        let folder = try Self.example()
        let target = "taskforce/apv-handleplan@2021-09-30"
        let open = try await #require(try ICSSummary.read(try Self.ics(folder).stdout, in: folder).item(target))
        #expect(open.due == ICSSummary.When(date: "2021-09-30", local: nil, utc: nil, utcByZoneDatabase: nil))
        #expect(open.status == "NEEDS-ACTION")
        #expect(open.summary == "Handleplan for psykisk APV godkendt i ledergruppen")
        #expect(open.categories == ["Task Force – Afdeling for Børn og Familie"])
        #expect(open.description.contains("Ansvarlig: Anne Jensen"))
        #expect(open.description.contains("frist ack " + target))
        // before: [30d, 14d, 3d] and on the day, at 09:00 summer time.
        #expect(open.alarms.map(\.trigger) == ["2021-08-31T07:00:00Z", "2021-09-16T07:00:00Z",
                                               "2021-09-27T07:00:00Z", "2021-09-30T07:00:00Z"])
        #expect(open.alarms.allSatisfy { $0.action == "DISPLAY" })

        let ack = try await FristBinary.result(of: ["ack", target, "--config", folder.path + "/frist.yaml"])
        #expect(ack.status == 0, "\(ack.stderr)")
        let done = try await #require(try ICSSummary.read(try Self.ics(folder).stdout, in: folder).item(target))
        #expect(done.status == "COMPLETED")
        #expect(done.alarms.isEmpty)
        // Completed at the start of today, Copenhagen time.
        let config = try ConfigLoader.load(path: folder.path + "/frist.yaml").get()
        let zone = config.schedule.zone
        let today = Timestamps.localDay(Int64(Date().timeIntervalSince1970), zone: zone)
        let startOfDay = [today, today - 1].map { Timestamps.utc(zone.instant(day: $0, secondsOfDay: 0)) }
        #expect(done.completed.map(startOfDay.contains) == true)
    }

    @Test("--events writes events that parse too, done ones ticked")
    func events() async throws {
        let folder = try Self.example()
        let todos = try await ICSSummary.read(try Self.ics(folder).stdout, in: folder)
        let events = try await ICSSummary.read(try Self.ics(folder, ["--events"]).stdout, in: folder)
        #expect(events.counts["VEVENT"] == todos.items.count && events.counts["VTODO"] == nil)
        #expect(events.items.map(\.uid) == todos.items.map(\.uid))
        let handleplan = try #require(events.item("taskforce/apv-handleplan@2021-09-30"))
        #expect(handleplan.due?.date == "2021-09-30" && handleplan.end?.date == "2021-10-01")
        #expect(handleplan.transp == "TRANSPARENT" && handleplan.status == nil)
        #expect(handleplan.alarms.count == 4)
        // done: 2021-06-01 in the config.
        let teams = try #require(events.item("taskforce/teams-11-12@2021-06-01"))
        #expect(teams.summary == "✓ Mindre organisationsændring – teams på 11-12 medarbejdere")
        #expect(teams.alarms.isEmpty)
    }

    @Test("--output replaces the file; a folder that is not there is one clear error")
    func output() async throws {
        let folder = try Self.example()
        let written = try await Self.ics(folder, ["--output", folder.path + "/frister.ics"])
        #expect(written.status == 0 && written.stdout.isEmpty && written.stderr.isEmpty)
        let feed = try String(contentsOfFile: folder.path + "/frister.ics", encoding: .utf8)
        await #expect(try ICSSummary.read(feed, in: folder).item("taskforce/apv-handleplan@2021-09-30") != nil)
        // No temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") } == [])

        let missing = try await Self.ics(folder, ["--output", folder.path + "/no/such/folder/frister.ics"])
        #expect(missing.status == 1)
        #expect(missing.stderrLines == ["cannot write \(folder.path)/no/such/folder/frister.ics: No such file or directory"])
    }

    @Test("A timed deadline's DUE resolves to its instant on both sides of a DST change", arguments: [
        ("Europe/Copenhagen", "2021-10-29T10:00", "2021-10-29T08:00:00Z"),
        ("Europe/Copenhagen", "2021-11-01T10:00", "2021-11-01T09:00:00Z"),
        ("Europe/Copenhagen", "2022-03-25T10:00", "2022-03-25T09:00:00Z"),
        ("Europe/Copenhagen", "2022-03-28T10:00", "2022-03-28T08:00:00Z"),
        ("America/New_York", "2021-11-05T10:00", "2021-11-05T14:00:00Z"),
        ("America/New_York", "2021-11-08T10:00", "2021-11-08T15:00:00Z"),
        ("Asia/Tokyo", "2021-11-08T10:00", "2021-11-08T01:00:00Z"),
        ("UTC", "2021-11-08T10:00", "2021-11-08T10:00:00Z"),
    ])
    func daylightSaving(zone: String, due: String, instant: String) async throws {
        let folder = try TemporaryFolder([
            "frist.yaml": """
                timezone: \(zone)
                state_dir: state
                people:
                  anne: {name: Anne Jensen}
                include: [schedules/*.yaml]
                """,
            "schedules/moeder.yaml": """
                project: {id: moeder, name: Møder, owner: anne}
                milestones:
                  - {id: moede, title: Møde, due: \(due), before: [7d]}
                """,
        ])
        let result = try await Self.ics(folder)
        #expect(result.status == 0, "\(result.stderr)")
        let feed = try await ICSSummary.read(result.stdout, in: folder)
        let item = try #require(feed.items.first)
        #expect(item.due?.utc == instant)
        #expect(item.due?.utcByZoneDatabase == instant)
        #expect(item.due?.local?.hasPrefix(due) == true)
        #expect(feed.timezones.keys.sorted() == [zone])
    }
}
