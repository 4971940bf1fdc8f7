import Testing
@testable import FristCore

private let summerClosing = Set(days("2024-07-08", through: "2024-07-26"))

@Suite("Planner")
struct PlannerTests {
    let k = "taskforce/apv-handleplan"

    // MARK: The design's example

    @Test("the design's example: built-in policy, keys, dates and instants")
    func designExample() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30")))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-09-30#before-14d 2021-09-16 2021-09-16T07:00:00Z",
            "\(k)@2021-09-30#before-3d 2021-09-27 2021-09-27T07:00:00Z",
            "\(k)@2021-09-30#due 2021-09-30 2021-09-30T07:00:00Z",
            "\(k)@2021-09-30#overdue-1 2021-10-07 2021-10-07T07:00:00Z",
            "\(k)@2021-09-30#overdue-2 2021-10-14 2021-10-14T07:00:00Z",
            "\(k)@2021-09-30#overdue-3 2021-10-21 2021-10-21T07:00:00Z",
            "\(k)@2021-09-30#overdue-4 2021-10-28 2021-10-28T07:00:00Z",
        ])
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2022-01-01"))
        for r in rs {
            #expect(plan.recipients(of: r) == ["anne"])
            #expect(plan.channels(of: r) == ["mail", "teams"])
            #expect(r.utcOffset == 7200)
            #expect(Int(r.occurrence) == day("2021-09-30") && Int(r.due) == day("2021-09-30"))
            #expect(plan.project(of: r).id == "taskforce")
            #expect(plan.milestone(of: r).milestone.id == "apv-handleplan")
        }
        #expect(rs.map(\.kind.name) == ["before", "before", "due", "overdue", "overdue", "overdue", "overdue"])
    }

    @Test("windows are local dates, from inclusive, to exclusive")
    func windows() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30")))
        #expect(keys(plan, from: "2021-09-16", to: "2021-09-27") == ["\(k)@2021-09-30#before-14d"])
        #expect(keys(plan, from: "2021-09-17", to: "2021-09-28") == ["\(k)@2021-09-30#before-3d"])
        #expect(keys(plan, from: "2021-09-30", to: "2021-09-30") == [])
        #expect(keys(plan, from: "2021-10-01", to: "2021-09-01") == [])
        #expect(keys(plan, from: "2021-10-29", to: "2030-01-01") == [])
    }

    // MARK: Reminder dates

    @Test("Nd ahead moves back to the previous working day; Nbd counts working days")
    func beforeAroundEaster() {
        let plan = Plan(oneMilestoneSchedule(
            once("2022-04-19"),
            policy: only(before: [lead("5d"), lead("1d"), lead("14d"), lead("1bd"), lead("3bd")], onDue: true)))
        #expect(lines(plan, from: "2022-01-01", to: "2023-01-01") == [
            "\(k)@2022-04-19#before-14d 2022-04-05 2022-04-05T07:00:00Z",
            "\(k)@2022-04-19#before-3bd 2022-04-11 2022-04-11T07:00:00Z",
            "\(k)@2022-04-19#before-1bd 2022-04-13 2022-04-13T07:00:00Z",
            "\(k)@2022-04-19#before-1d 2022-04-13 2022-04-13T07:00:00Z",   // 2022-04-18 is 2. påskedag
            "\(k)@2022-04-19#before-5d 2022-04-13 2022-04-13T07:00:00Z",   // 2022-04-14 is Skærtorsdag
            "\(k)@2022-04-19#due 2022-04-19 2022-04-19T07:00:00Z",
        ])
    }

    @Test("a due date on a closed day with shift none stays on that day")
    func shiftNone() {
        let plan = Plan(oneMilestoneSchedule(
            once("2021-10-31"), policy: only(before: [lead("3d")], onDue: true, overdue: .init(everyDays: 7, times: 1)),
            shift: Shift.none))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-10-31#before-3d 2021-10-28 2021-10-28T07:00:00Z",
            "\(k)@2021-10-31#due 2021-10-31 2021-10-31T08:00:00Z",
            "\(k)@2021-10-31#overdue-1 2021-11-08 2021-11-08T08:00:00Z",  // 11-07 is a Sunday
        ])
        #expect(plan.reminders(from: day("2021-01-01"), to: day("2022-01-01")).allSatisfy { Int($0.due) == day("2021-10-31") })
    }

    @Test("shift after moves the due date to the next working day; the key keeps the original date")
    func shiftAfter() {
        let plan = Plan(oneMilestoneSchedule(
            once("2021-10-31"), policy: only(before: [lead("3d")], onDue: true, overdue: .init(everyDays: 7, times: 1)),
            shift: .after))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-10-31#before-3d 2021-10-29 2021-10-29T07:00:00Z",
            "\(k)@2021-10-31#due 2021-11-01 2021-11-01T08:00:00Z",
            "\(k)@2021-10-31#overdue-1 2021-11-08 2021-11-08T08:00:00Z",
        ])
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2022-01-01"))
        #expect(rs.allSatisfy { Int($0.due) == day("2021-11-01") && Int($0.occurrence) == day("2021-10-31") })
    }

    @Test("shift before (the default) moves the due date to the previous working day")
    func shiftBefore() {
        let plan = Plan(oneMilestoneSchedule(
            once("2021-10-31"), policy: only(before: [lead("3d")], onDue: true, overdue: .init(everyDays: 7, times: 1))))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-10-31#before-3d 2021-10-26 2021-10-26T07:00:00Z",
            "\(k)@2021-10-31#due 2021-10-29 2021-10-29T07:00:00Z",
            "\(k)@2021-10-31#overdue-1 2021-11-05 2021-11-05T08:00:00Z",
        ])
    }

    @Test("shift resolves milestone, else project, else the schedule default", arguments: [
        (nil as Shift?, nil as Shift?, Shift.before, "2021-10-29"),
        (nil, .after, .before, "2021-11-01"),
        (nil, nil, .after, "2021-11-01"),
        (.some(.none), .after, .after, "2021-10-31"),
        (.before, .after, .after, "2021-10-29"),
        (nil, .some(.none), .before, "2021-10-31"),
    ])
    func shiftPrecedence(milestone: Shift?, project: Shift?, fallback: Shift, dueDate: String) {
        let plan = Plan(oneMilestoneSchedule(once("2021-10-31"), policy: only(onDue: true), shift: milestone,
                                             projectShift: project, defaultShift: fallback))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01").map { $0.split(separator: " ")[1] } == [Substring(dueDate)])
    }

    @Test("overdue dates on closed days move to the next working day")
    func overdueMovesForward() {
        let plan = Plan(oneMilestoneSchedule(once("2022-04-08"), policy: only(overdue: .init(everyDays: 7, times: 2))))
        #expect(lines(plan, from: "2022-01-01", to: "2023-01-01") == [
            "\(k)@2022-04-08#overdue-1 2022-04-19 2022-04-19T07:00:00Z",  // 04-15 is Langfredag
            "\(k)@2022-04-08#overdue-2 2022-04-22 2022-04-22T07:00:00Z",
        ])
    }

    @Test("daily nags over a weekend land on Monday together, in key order")
    func overdueCollapse() {
        let plan = Plan(oneMilestoneSchedule(once("2021-10-29"), policy: only(overdue: .init(everyDays: 1, times: 4))))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-10-29#overdue-1 2021-11-01 2021-11-01T08:00:00Z",
            "\(k)@2021-10-29#overdue-2 2021-11-01 2021-11-01T08:00:00Z",
            "\(k)@2021-10-29#overdue-3 2021-11-01 2021-11-01T08:00:00Z",
            "\(k)@2021-10-29#overdue-4 2021-11-02 2021-11-02T08:00:00Z",
        ])
    }

    @Test("escalation: due + after, moved to the next working day, sent to its `to` list")
    func escalation() {
        let plan = Plan(oneMilestoneSchedule(
            once("2021-09-30"),
            policy: only(onDue: true, escalate: .init(afterDays: 10, to: ["chef", "direktør"])),
            owner: ["bo"]))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-09-30#due 2021-09-30 2021-09-30T07:00:00Z",
            "\(k)@2021-09-30#escalation 2021-10-11 2021-10-11T07:00:00Z",  // 10-10 is a Sunday
        ])
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2022-01-01"))
        #expect(plan.recipients(of: rs[0]) == ["bo"])  // milestone owner beats the project's
        #expect(plan.recipients(of: rs[1]) == ["chef", "direktør"])
        #expect(plan.channels(of: rs[1]) == ["mail", "teams"])
        #expect(rs[1].kind == .escalation && rs[1].kind.name == "escalation")
    }

    @Test("channels: the milestone's notify, else the project's, else the schedule default")
    func channels() {
        let m = Plan(oneMilestoneSchedule(once("2021-09-30"), policy: only(onDue: true), notify: ["slack"]))
        let p = Plan(oneMilestoneSchedule(once("2021-09-30"), policy: only(onDue: true)))
        let d = Plan(oneMilestoneSchedule(once("2021-09-30"), policy: only(onDue: true), projectNotify: nil))
        for (plan, expected) in [(m, ["slack"]), (p, ["mail", "teams"]), (d, ["console"])] {
            let rs = plan.reminders(from: day("2021-09-01"), to: day("2021-10-01"))
            #expect(rs.count == 1)
            #expect(rs.first.map { plan.channels(of: $0) } == expected)
        }
    }

    @Test("on_due false: no reminder on the day")
    func onDueFalse() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30"), policy: PolicyOverrides(onDue: false)))
        let ks = keys(plan, from: "2021-01-01", to: "2022-01-01")
        #expect(!ks.contains("\(k)@2021-09-30#due"))
        #expect(ks.count == 6)
    }

    @Test("before: [] turns reminders ahead off")
    func beforeOff() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30"), projectPolicy: PolicyOverrides(before: []),
                                             defaults: PolicyOverrides(before: [lead("14d")])))
        #expect(keys(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-09-30#due",
            "\(k)@2021-09-30#overdue-1", "\(k)@2021-09-30#overdue-2",
            "\(k)@2021-09-30#overdue-3", "\(k)@2021-09-30#overdue-4",
        ])
    }

    @Test("overdue and escalate off: nothing after the day")
    func afterOff() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30"), policy: PolicyOverrides(overdue: .off, escalate: .off),
                                             defaults: PolicyOverrides(escalate: .value(.init(afterDays: 5, to: ["chef"])))))
        #expect(keys(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-09-30#before-14d", "\(k)@2021-09-30#before-3d", "\(k)@2021-09-30#due",
        ])
    }

    // MARK: Done

    @Test("done drops reminders dated on or after the done date", arguments: [
        ("2021-09-16", [String]()),
        ("2021-09-17", ["before-14d"]),
        ("2021-09-20", ["before-14d"]),
        ("2021-09-27", ["before-14d"]),
        ("2021-09-28", ["before-14d", "before-3d"]),
        ("2021-10-08", ["before-14d", "before-3d", "due", "overdue-1"]),
        ("2022-01-01", ["before-14d", "before-3d", "due", "overdue-1", "overdue-2", "overdue-3", "overdue-4"]),
    ])
    func done(doneDate: String, remaining: [String]) {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30"), done: doneDate))
        #expect(keys(plan, from: "2021-01-01", to: "2023-01-01") == remaining.map { "\(k)@2021-09-30#\($0)" })
    }

    @Test("done on a repeating milestone also drops every later occurrence")
    func doneRepeating() {
        let plan = Plan(oneMilestoneSchedule(
            repeating("FREQ=MONTHLY;BYMONTHDAY=-1", start: "2021-01-31"),
            policy: only(before: [lead("14d")], onDue: true), done: "2021-09-20"))
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2024-01-01"))
        let ks = rs.map { plan.key(of: $0) }
        #expect(rs.allSatisfy { Int($0.date) < day("2021-09-20") })
        #expect(ks.contains("\(k)@2021-08-31#due"))
        #expect(ks.contains("\(k)@2021-09-30#before-14d"))
        #expect(!ks.contains("\(k)@2021-09-30#due"))
        #expect(!rs.contains { Int($0.occurrence) > day("2021-09-30") })
        #expect(rs.count == 17)  // January–August: ahead and due; September: ahead only
        #expect(plan.reminders(from: day("2021-09-20"), to: day("2040-01-01")).isEmpty)
    }

    // MARK: Repeating milestones

    @Test("quarter ends shifted before: due dates move off weekends, keys keep the original date")
    func quarterEnds() {
        let plan = Plan(oneMilestoneSchedule(
            repeating("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", start: "2021-03-31", until: "2023-12-31"),
            milestone: "kvartalsstatus", policy: only(onDue: true), shift: .before))
        let q = "taskforce/kvartalsstatus"
        #expect(lines(plan, from: "2021-01-01", to: "2025-01-01") == [
            "\(q)@2021-03-31#due 2021-03-31 2021-03-31T07:00:00Z",
            "\(q)@2021-06-30#due 2021-06-30 2021-06-30T07:00:00Z",
            "\(q)@2021-09-30#due 2021-09-30 2021-09-30T07:00:00Z",
            "\(q)@2021-12-31#due 2021-12-31 2021-12-31T08:00:00Z",
            "\(q)@2022-03-31#due 2022-03-31 2022-03-31T07:00:00Z",
            "\(q)@2022-06-30#due 2022-06-30 2022-06-30T07:00:00Z",
            "\(q)@2022-09-30#due 2022-09-30 2022-09-30T07:00:00Z",
            "\(q)@2022-12-31#due 2022-12-30 2022-12-30T08:00:00Z",  // Saturday → Friday
            "\(q)@2023-03-31#due 2023-03-31 2023-03-31T07:00:00Z",
            "\(q)@2023-06-30#due 2023-06-30 2023-06-30T07:00:00Z",
            "\(q)@2023-09-30#due 2023-09-29 2023-09-29T07:00:00Z",  // Saturday → Friday
            "\(q)@2023-12-31#due 2023-12-29 2023-12-29T08:00:00Z",  // Sunday → Friday
        ])
    }

    @Test("quarter ends with 1bd ahead (the design's kvartalsstatus)")
    func quarterEndsOneWorkingDayAhead() {
        let plan = Plan(oneMilestoneSchedule(
            repeating("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", start: "2021-03-31", until: "2023-12-31"),
            milestone: "kvartalsstatus", policy: only(before: [lead("1bd")]), shift: .before))
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2025-01-01"))
        #expect(isos(rs.map { Int($0.date) }) == [
            "2021-03-30", "2021-06-29", "2021-09-29", "2021-12-30", "2022-03-30", "2022-06-29",
            "2022-09-29", "2022-12-29", "2023-03-30", "2023-06-29", "2023-09-28", "2023-12-28",
        ])
        #expect(plan.key(of: rs[7]) == "taskforce/kvartalsstatus@2022-12-31#before-1bd")
    }

    @Test("month ends: 2021-10-31 is a Sunday, so it is due Friday 2021-10-29 under key @2021-10-31")
    func monthEndOnSunday() {
        let plan = Plan(oneMilestoneSchedule(repeating("FREQ=MONTHLY;BYMONTHDAY=-1", start: "2021-09-30"),
                                             policy: only(onDue: true)))
        #expect(lines(plan, from: "2021-10-01", to: "2021-11-01") == [
            "\(k)@2021-10-31#due 2021-10-29 2021-10-29T07:00:00Z",
        ])
    }

    @Test("occurrences that shift onto the same day sort by their original date")
    func occurrenceTies() {
        let plan = Plan(oneMilestoneSchedule(repeating("FREQ=DAILY", start: "2021-10-25", until: "2021-10-31"),
                                             policy: only(onDue: true)))
        #expect(lines(plan, from: "2021-10-01", to: "2021-11-30") == [
            "\(k)@2021-10-25#due 2021-10-25 2021-10-25T07:00:00Z",
            "\(k)@2021-10-26#due 2021-10-26 2021-10-26T07:00:00Z",
            "\(k)@2021-10-27#due 2021-10-27 2021-10-27T07:00:00Z",
            "\(k)@2021-10-28#due 2021-10-28 2021-10-28T07:00:00Z",
            "\(k)@2021-10-29#due 2021-10-29 2021-10-29T07:00:00Z",
            "\(k)@2021-10-30#due 2021-10-29 2021-10-29T07:00:00Z",
            "\(k)@2021-10-31#due 2021-10-29 2021-10-29T07:00:00Z",
        ])
    }

    @Test("a year's window in 2040 equals the same dates cut from a longer window")
    func farWindow() {
        let plan = Plan(oneMilestoneSchedule(repeating("FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29")))
        let year = plan.reminders(from: day("2040-01-01"), to: day("2041-01-01"))
        let wide = plan.reminders(from: day("2039-06-01"), to: day("2041-06-01"))
            .filter { Int($0.date) >= day("2040-01-01") && Int($0.date) < day("2041-01-01") }
        #expect(year == wide)
        #expect(year.map { plan.key(of: $0) }.contains("\(k)@2040-12-28#due"))
        // Easter 2040 is 1 April: the last Friday of March is Langfredag (30 March) and the day before
        // Skærtorsdag, so the due date moves back to Wednesday 28 March.
        #expect(year.first { plan.key(of: $0) == "\(k)@2040-03-30#due" }.map { iso(Int($0.date)) } == "2040-03-28")
    }

    // MARK: Leap days

    @Test("a due date on 2024-02-29 with 14d ahead reminds on 2024-02-15")
    func leapDayDue() {
        let plan = Plan(oneMilestoneSchedule(once("2024-02-29"), policy: only(before: [lead("14d")], onDue: true)))
        #expect(lines(plan, from: "2024-01-01", to: "2025-01-01") == [
            "\(k)@2024-02-29#before-14d 2024-02-15 2024-02-15T08:00:00Z",
            "\(k)@2024-02-29#due 2024-02-29 2024-02-29T08:00:00Z",
        ])
    }

    @Test("a yearly milestone on 29 February is due in leap years only")
    func leapDayYearly() {
        let plan = Plan(oneMilestoneSchedule(repeating("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start: "2024-02-29"),
                                             policy: only(before: [lead("14d")], onDue: true)))
        #expect(lines(plan, from: "2024-03-01", to: "2033-01-01") == [
            "\(k)@2028-02-29#before-14d 2028-02-15 2028-02-15T08:00:00Z",
            "\(k)@2028-02-29#due 2028-02-29 2028-02-29T08:00:00Z",
            "\(k)@2032-02-29#before-14d 2032-02-13 2032-02-13T08:00:00Z",  // from Friday 27th
            "\(k)@2032-02-29#due 2032-02-27 2032-02-27T08:00:00Z",         // 29th is a Sunday
        ])
    }

    @Test("an overdue nag on Skærtorsdag waits for the Tuesday after Easter (and summer time)")
    func leapYearOverdueOverEaster() {
        let plan = Plan(oneMilestoneSchedule(once("2024-02-29"), policy: only(overdue: .init(everyDays: 7, times: 4))))
        #expect(lines(plan, from: "2024-01-01", to: "2025-01-01") == [
            "\(k)@2024-02-29#overdue-1 2024-03-07 2024-03-07T08:00:00Z",
            "\(k)@2024-02-29#overdue-2 2024-03-14 2024-03-14T08:00:00Z",
            "\(k)@2024-02-29#overdue-3 2024-03-21 2024-03-21T08:00:00Z",
            "\(k)@2024-02-29#overdue-4 2024-04-02 2024-04-02T07:00:00Z",
        ])
    }

    // MARK: Time of day

    @Test("a date-time due keeps its time of day for all its reminders, across the DST change")
    func dateTimeDue() {
        let plan = Plan(oneMilestoneSchedule(once("2021-10-28"), timeOfDay: time("14:00")))
        #expect(lines(plan, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-10-28#before-14d 2021-10-14 2021-10-14T12:00:00Z",
            "\(k)@2021-10-28#before-3d 2021-10-25 2021-10-25T12:00:00Z",
            "\(k)@2021-10-28#due 2021-10-28 2021-10-28T12:00:00Z",
            "\(k)@2021-10-28#overdue-1 2021-11-04 2021-11-04T13:00:00Z",
            "\(k)@2021-10-28#overdue-2 2021-11-11 2021-11-11T13:00:00Z",
            "\(k)@2021-10-28#overdue-3 2021-11-18 2021-11-18T13:00:00Z",
            "\(k)@2021-10-28#overdue-4 2021-11-25 2021-11-25T13:00:00Z",
        ])
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2022-01-01"))
        #expect(rs.map(\.utcOffset) == [7200, 7200, 7200, 3600, 3600, 3600, 3600])
    }

    @Test("send_time in the spring gap moves forward an hour; in the autumn fold it takes the first")
    func sendTimeInDSTNight() {
        let spring = Plan(oneMilestoneSchedule(once("2021-03-28"), policy: only(onDue: true), shift: Shift.none,
                                               sendTime: time("02:30")))
        let rs = spring.reminders(from: day("2021-03-01"), to: day("2021-04-01"))
        #expect(rs.map { line(spring, $0) } == ["\(k)@2021-03-28#due 2021-03-28 2021-03-28T01:30:00Z"])
        #expect(rs.map(\.utcOffset) == [7200])
        let fall = Plan(oneMilestoneSchedule(once("2021-10-31"), policy: only(onDue: true), shift: Shift.none,
                                             sendTime: time("02:30")))
        let fs = fall.reminders(from: day("2021-10-01"), to: day("2021-11-01"))
        #expect(fs.map { line(fall, $0) } == ["\(k)@2021-10-31#due 2021-10-31 2021-10-31T00:30:00Z"])
        #expect(fs.map(\.utcOffset) == [7200])
    }

    @Test("instants in other zones: New York and Kolkata")
    func otherZones() {
        let ny = Plan(oneMilestoneSchedule(once("2021-11-08"), policy: only(before: [lead("3d")], onDue: true),
                                           zone: Zones.newYork))
        #expect(lines(ny, from: "2021-01-01", to: "2022-01-01") == [
            "\(k)@2021-11-08#before-3d 2021-11-05 2021-11-05T13:00:00Z",  // EDT
            "\(k)@2021-11-08#due 2021-11-08 2021-11-08T14:00:00Z",        // EST
        ])
        let kol = Plan(oneMilestoneSchedule(once("2021-11-08"), policy: only(onDue: true), zone: Zones.kolkata))
        #expect(lines(kol, from: "2021-01-01", to: "2022-01-01") == ["\(k)@2021-11-08#due 2021-11-08 2021-11-08T03:30:00Z"])
    }

    // MARK: Order

    @Test("ties on the same instant sort by key bytewise: before-14d before before-3d")
    func bytewiseTies() {
        // Three weeks of summer closing pull both 14d and 3d back to Friday 5 July.
        let plan = Plan(oneMilestoneSchedule(once("2024-07-29"), policy: only(before: [lead("3d"), lead("14d")], onDue: true),
                                             calendar: WorkingCalendar(closed: summerClosing)))
        #expect(lines(plan, from: "2024-01-01", to: "2025-01-01") == [
            "\(k)@2024-07-29#before-14d 2024-07-05 2024-07-05T07:00:00Z",
            "\(k)@2024-07-29#before-3d 2024-07-05 2024-07-05T07:00:00Z",
            "\(k)@2024-07-29#due 2024-07-29 2024-07-29T07:00:00Z",
        ])
    }

    @Test("milestones at the same instant sort by their full key, bytewise ('-' and '.' before '@')")
    func keyOrderAcrossMilestones() {
        func m(_ id: String, _ time: LocalTime? = nil) -> Milestone {
            Milestone(id: id, title: id, schedule: once("2021-09-30"), timeOfDay: time, policy: only(onDue: true))
        }
        let schedule = Schedule(
            zone: Zones.copenhagen, sendTime: time("09:00"), calendar: Calendars.denmark,
            projects: [
                Project(id: "p", name: "P", owner: ["anne"], milestones: [m("m"), m("m-2"), m("m.x"), m("M"), m("late", time("10:00"))]),
                Project(id: "o", name: "O", owner: ["bo"], milestones: [m("z"), m("early", time("08:00"))]),
            ])
        let plan = Plan(schedule)
        #expect(keys(plan, from: "2021-09-01", to: "2021-10-01") == [
            "o/early@2021-09-30#due",  // 08:00: the earlier instant wins over key order
            "o/z@2021-09-30#due",
            "p/M@2021-09-30#due",
            "p/m-2@2021-09-30#due",
            "p/m.x@2021-09-30#due",
            "p/m@2021-09-30#due",
            "p/late@2021-09-30#due",   // 10:00
        ])
    }

    @Test("reminders(from:to:) is sorted by instant, then key bytewise, over a busy schedule")
    func sortedOverBusySchedule() {
        let plan = Plan(busySchedule(zone: Zones.copenhagen, sendTime: time("09:00")))
        let rs = plan.reminders(from: day("2021-01-01"), to: day("2024-01-01"))
        #expect(rs.count > 500)
        let pairs = rs.map { ($0.instant, plan.key(of: $0)) }
        let sorted = pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : bytewiseLess($0.1, $1.1) }
        #expect(pairs.map(\.1) == sorted.map(\.1))
        #expect(Set(pairs.map(\.1)).count == pairs.count, "keys are unique")
    }

    @Test("every reminder of a window is in the window, and windows tile",
          arguments: [(1, false), (7, false), (31, false), (366, false), (1, true), (9, true)])
    func windowsTile(width: Int, summerClosed: Bool) {
        let calendar = summerClosed ? WorkingCalendar(closed: summerClosing) : Calendars.denmark
        let plan = Plan(busySchedule(zone: Zones.copenhagen, sendTime: time("09:00"), calendar: calendar))
        let lo = day(width < 7 ? "2024-01-01" : "2023-01-01"), hi = day("2025-01-01")
        let whole = Set(plan.reminders(from: lo, to: hi).map { plan.key(of: $0) })
        var pieces: [String] = []
        var a = lo
        while a < hi {
            let b = min(a + width, hi)
            let rs = plan.reminders(from: a, to: b)
            #expect(rs.allSatisfy { Int($0.date) >= a && Int($0.date) < b })
            pieces += rs.map { plan.key(of: $0) }
            a = b
        }
        #expect(pieces.count == whole.count)
        #expect(Set(pieces) == whole)
    }

    // MARK: Keys

    @Test("keys look like project/milestone@YYYY-MM-DD#kind[-offset]")
    func keyShapes() {
        let plan = Plan(oneMilestoneSchedule(
            once("2021-09-30"),
            policy: PolicyOverrides(before: [lead("14d"), lead("1bd")],
                                    escalate: .value(.init(afterDays: 21, to: ["chef"])))))
        let ks = keys(plan, from: "2021-01-01", to: "2022-01-01")
        for expected in ["taskforce/apv-handleplan@2021-09-30#before-14d", "taskforce/apv-handleplan@2021-09-30#before-1bd",
                         "taskforce/apv-handleplan@2021-09-30#due", "taskforce/apv-handleplan@2021-09-30#overdue-2",
                         "taskforce/apv-handleplan@2021-09-30#escalation"] {
            #expect(ks.contains(expected), "\(expected)")
        }
        #expect(ReminderKind.before(.workingDays(3)).keySuffix == "before-3bd")
        #expect(ReminderKind.overdue(2).keySuffix == "overdue-2")
        #expect(ReminderKind.due.keySuffix == "due")
    }

    // MARK: Timeline

    @Test("timeline(startingAt:) yields exactly reminders(from:to:) from that instant on",
          arguments: [
            ("Europe/Copenhagen", "02:30", false), ("Europe/Copenhagen", "09:00", false),
            ("Europe/Copenhagen", "00:00", true), ("America/New_York", "02:30", false),
            ("America/New_York", "01:30", true), ("Australia/Sydney", "02:30", false),
            ("Asia/Kolkata", "23:59", false), ("Pacific/Kiritimati", "00:00", false),
            ("Pacific/Pago_Pago", "23:59", true),
          ])
    func timelineMatchesWindows(zoneID: String, send: String, oddCalendar: Bool) {
        // The odd calendar: a Friday–Saturday weekend, Danish holidays and three weeks closed each summer.
        let calendar = oddCalendar
            ? WorkingCalendar(weekend: [.friday, .saturday],
                              closed: Set(["2021", "2022", "2023", "2024"].flatMap { days("\($0)-07-05", through: "\($0)-07-25") }))
            : Calendars.denmark
        let plan = Plan(busySchedule(zone: Zones.named(zoneID), sendTime: time(send), calendar: calendar))
        let all = plan.reminders(from: day("2020-11-01"), to: day("2025-02-01"))
        let cutoff = utc("2025-01-15T00:00:00Z")
        let starts = [utc("2021-01-01T00:00:00Z"), utc("2022-10-30T00:45:00Z"), utc("2023-03-12T07:30:00Z"),
                      all[all.count / 3].instant, all[all.count / 2].instant + 1]
        for start in starts {
            let expected = all.filter { $0.instant >= start && $0.instant < cutoff }
            var got: [Reminder] = []
            for r in plan.timeline(startingAt: start) {
                if r.instant >= cutoff { break }
                got.append(r)
            }
            #expect(got.count == expected.count, "from \(utcText(start))")
            #expect(got.map { line(plan, $0) } == expected.map { line(plan, $0) }, "from \(utcText(start))")
        }
    }

    @Test("a timeline of finitely many reminders ends, and yields them all")
    func timelineEnds() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30")))
        let all = Array(plan.timeline(startingAt: utc("2021-01-01T00:00:00Z")))
        #expect(all.map { line(plan, $0) } == lines(plan, from: "2021-01-01", to: "2022-01-01"))
        #expect(Array(plan.timeline(startingAt: utc("2021-10-28T07:00:01Z"))).isEmpty)
        let quarters = Plan(oneMilestoneSchedule(
            repeating("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", start: "2021-03-31", until: "2023-12-31")))
        #expect(Array(quarters.timeline(startingAt: utc("2000-01-01T00:00:00Z"))).map { quarters.key(of: $0) }
                == keys(quarters, from: "2021-01-01", to: "2025-01-01"))
    }

    @Test("a timeline with nothing to send ends at once")
    func timelineEmpty() {
        let empty = Plan(Schedule(zone: Zones.copenhagen, sendTime: time("09:00"), calendar: Calendars.denmark, projects: []))
        var t = empty.timeline(startingAt: 0)
        #expect(t.next() == nil)
        let done = Plan(oneMilestoneSchedule(repeating("FREQ=WEEKLY", start: "2021-01-04"), done: "2020-12-01"))
        var u = done.timeline(startingAt: utc("2020-01-01T00:00:00Z"))
        #expect(u.next() == nil)
        let silent = Plan(oneMilestoneSchedule(repeating("FREQ=DAILY", start: "2021-01-01"), policy: only()))
        var v = silent.timeline(startingAt: utc("2020-01-01T00:00:00Z"))
        #expect(v.next() == nil)
    }

    @Test("a timeline starting in 2040 gives the same reminders as the 2040 window")
    func timelineFarFuture() {
        let plan = Plan(busySchedule(zone: Zones.copenhagen, sendTime: time("09:00")))
        let start = utc("2040-01-01T00:00:00Z")
        let expected = plan.reminders(from: day("2039-12-30"), to: day("2041-01-01"))
            .filter { $0.instant >= start && $0.instant < utc("2040-12-31T00:00:00Z") }
        var got: [String] = []
        for r in plan.timeline(startingAt: start) {
            if r.instant >= utc("2040-12-31T00:00:00Z") { break }
            got.append(line(plan, r))
        }
        #expect(!expected.isEmpty)
        #expect(got == expected.map { line(plan, $0) })
    }

    @Test("a timeline starting exactly at a reminder's instant includes it")
    func timelineInclusiveStart() {
        let plan = Plan(oneMilestoneSchedule(once("2021-09-30")))
        var t = plan.timeline(startingAt: utc("2021-09-27T07:00:00Z"))
        #expect(t.next().map { plan.key(of: $0) } == "\(k)@2021-09-30#before-3d")
        #expect(t.next().map { plan.key(of: $0) } == "\(k)@2021-09-30#due")
        var u = plan.timeline(startingAt: utc("2021-09-27T07:00:01Z"))
        #expect(u.next().map { plan.key(of: $0) } == "\(k)@2021-09-30#due")
    }
}

/// Several projects and milestones exercising every rule type, shift, date-time dues and
/// reminders on DST Sundays.
func busySchedule(zone: ZoneRules, sendTime: LocalTime, calendar: WorkingCalendar = Calendars.denmark) -> Schedule {
    let chef = EscalationPolicy(afterDays: 10, to: ["chef"])
    return Schedule(
        zone: zone, sendTime: sendTime, calendar: calendar,
        defaults: PolicyOverrides(escalate: .value(chef)),
        projects: [
            Project(id: "taskforce", name: "Taskforce", owner: ["anne"], notify: ["mail"], milestones: [
                Milestone(id: "apv-handleplan", title: "APV", schedule: once("2021-09-30")),
                Milestone(id: "kvartalsstatus", title: "Status",
                          schedule: repeating("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", start: "2021-03-31", until: "2023-12-31"),
                          shift: .before, policy: PolicyOverrides(before: [.workingDays(1)])),
                Milestone(id: "moede", title: "Sunday",
                          schedule: repeating("FREQ=WEEKLY;BYDAY=SU", start: "2021-01-03"), shift: Shift.none,
                          policy: only(before: [.calendarDays(1), .workingDays(1)], onDue: true,
                                       overdue: .init(everyDays: 1, times: 2))),
                Milestone(id: "frist-kl", title: "At half past two", schedule: once("2022-03-27"),
                          timeOfDay: time("02:30"), shift: Shift.none),
                Milestone(id: "frist-fold", title: "In the fold", schedule: once("2022-10-30"),
                          timeOfDay: time("02:30"), shift: Shift.none),
            ]),
            Project(id: "drift", name: "Drift", owner: ["bo"], shift: .after, milestones: [
                Milestone(id: "backup", title: "Backup", schedule: repeating("FREQ=MONTHLY;BYDAY=-1FR", start: "2021-01-29")),
                Milestone(id: "licens", title: "Licens",
                          schedule: repeating("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start: "2024-02-29")),
                Milestone(id: "dagligt", title: "Every tenth day",
                          schedule: repeating("FREQ=DAILY;INTERVAL=10", start: "2021-01-01", until: "2024-06-30"),
                          policy: only(onDue: true)),
                Milestone(id: "afsluttet", title: "Done", schedule: repeating("FREQ=MONTHLY;BYMONTHDAY=15", start: "2021-01-15"),
                          done: day("2022-06-01")),
                Milestone(id: "tælling", title: "Counted", schedule: repeating("FREQ=WEEKLY;COUNT=30;BYDAY=TU,TH", start: "2022-01-04"),
                          policy: only(before: [.workingDays(2)], onDue: true)),
                Milestone(id: "lang", title: "Long reach", schedule: repeating("FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1TU", start: "2021-03-30"),
                          policy: PolicyOverrides(before: [.calendarDays(60), .workingDays(20)],
                                                  escalate: .value(.init(afterDays: 90, to: ["direktør"])))),
            ]),
            Project(id: "tidligt", name: "Done early", owner: ["cy"], milestones: [
                Milestone(id: "gammel", title: "Long done", schedule: once("2020-06-01"), done: day("2020-06-01")),
                Milestone(id: "tavs", title: "All off", schedule: repeating("FREQ=DAILY", start: "2021-01-01"),
                          policy: only()),
            ]),
        ])
}
