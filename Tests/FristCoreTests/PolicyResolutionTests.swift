import Testing
@testable import FristCore

@Suite("Policy resolution")
struct PolicyResolutionTests {
    let weekly4 = OverduePolicy(everyDays: 7, times: 4)
    let daily2 = OverduePolicy(everyDays: 1, times: 2)
    let toChef = EscalationPolicy(afterDays: 14, to: ["chef"])
    let toBoard = EscalationPolicy(afterDays: 30, to: ["board"])

    private func resolve(milestone: PolicyOverrides = .init(), project: PolicyOverrides = .init(),
                         defaults: PolicyOverrides = .init()) -> ReminderPolicy {
        PolicyOverrides.resolve([milestone, project, defaults])
    }

    @Test("nothing set anywhere: the built-in policy (14d and 3d ahead, on the day, weekly ×4, no escalation)")
    func builtIn() {
        let p = resolve()
        #expect(p == ReminderPolicy.builtIn)
        #expect(p.before == [.calendarDays(14), .calendarDays(3)])
        #expect(p.onDue == true)
        #expect(p.overdue == OverduePolicy(everyDays: 7, times: 4))
        #expect(p.escalate == nil)
    }

    @Test("before: milestone, else project, else defaults, else built-in")
    func beforeLevels() {
        let m = PolicyOverrides(before: [.workingDays(1)])
        let pr = PolicyOverrides(before: [.calendarDays(7)])
        let d = PolicyOverrides(before: [.calendarDays(30)])
        #expect(resolve(milestone: m, project: pr, defaults: d).before == [.workingDays(1)])
        #expect(resolve(project: pr, defaults: d).before == [.calendarDays(7)])
        #expect(resolve(defaults: d).before == [.calendarDays(30)])
        #expect(resolve().before == [.calendarDays(14), .calendarDays(3)])
    }

    @Test("a list replaces the level above's list; it never merges")
    func listReplaces() {
        let d = PolicyOverrides(before: [.calendarDays(14), .calendarDays(3), .calendarDays(1)])
        let pr = PolicyOverrides(before: [.calendarDays(7)])
        #expect(resolve(project: pr, defaults: d).before == [.calendarDays(7)])
        let m = PolicyOverrides(before: [.workingDays(2), .calendarDays(30)])
        #expect(resolve(milestone: m, project: pr, defaults: d).before == [.workingDays(2), .calendarDays(30)])
    }

    @Test("before: [] turns reminders ahead off, even when defaults and project set some")
    func emptyBeforeTurnsOff() {
        let d = PolicyOverrides(before: [.calendarDays(14)])
        #expect(resolve(project: PolicyOverrides(before: []), defaults: d).before == [])
        #expect(resolve(milestone: PolicyOverrides(before: []), project: PolicyOverrides(before: [.calendarDays(7)]),
                        defaults: d).before == [])
        #expect(resolve(defaults: PolicyOverrides(before: [])).before == [])
    }

    @Test("on_due resolves on its own; false at a level wins over true below it")
    func onDueLevels() {
        #expect(resolve(project: PolicyOverrides(onDue: false)).onDue == false)
        #expect(resolve(milestone: PolicyOverrides(onDue: true), project: PolicyOverrides(onDue: false)).onDue == true)
        #expect(resolve(defaults: PolicyOverrides(onDue: false)).onDue == false)
        #expect(resolve(project: PolicyOverrides(onDue: true), defaults: PolicyOverrides(onDue: false)).onDue == true)
    }

    @Test("overdue: off at a level turns it off even if defaults set it")
    func overdueOff() {
        let d = PolicyOverrides(overdue: .value(daily2))
        #expect(resolve(defaults: d).overdue == daily2)
        #expect(resolve(project: PolicyOverrides(overdue: .off), defaults: d).overdue == nil)
        #expect(resolve(milestone: PolicyOverrides(overdue: .off), defaults: d).overdue == nil)
        // Off in defaults also beats the built-in weekly nag.
        #expect(resolve(defaults: PolicyOverrides(overdue: .off)).overdue == nil)
        // A milestone can turn it back on under a project that turned it off.
        #expect(resolve(milestone: PolicyOverrides(overdue: .value(weekly4)), project: PolicyOverrides(overdue: .off),
                        defaults: d).overdue == weekly4)
    }

    @Test("escalate: off at a level turns it off even if defaults set it")
    func escalateOff() {
        let d = PolicyOverrides(escalate: .value(toChef))
        #expect(resolve(defaults: d).escalate == toChef)
        #expect(resolve(project: PolicyOverrides(escalate: .off), defaults: d).escalate == nil)
        #expect(resolve(milestone: PolicyOverrides(escalate: .off), project: PolicyOverrides(escalate: .value(toBoard)),
                        defaults: d).escalate == nil)
        #expect(resolve(milestone: PolicyOverrides(escalate: .value(toBoard)), project: PolicyOverrides(escalate: .off),
                        defaults: d).escalate == toBoard)
        #expect(resolve(project: PolicyOverrides(escalate: .value(toBoard)), defaults: d).escalate?.to == ["board"])
    }

    @Test("keys resolve independently: each from the most specific level that sets it")
    func keyByKey() {
        let m = PolicyOverrides(before: [.workingDays(1)])
        let pr = PolicyOverrides(onDue: false, escalate: .value(toBoard))
        let d = PolicyOverrides(before: [.calendarDays(30)], onDue: true, overdue: .value(daily2), escalate: .value(toChef))
        let p = resolve(milestone: m, project: pr, defaults: d)
        #expect(p == ReminderPolicy(before: [.workingDays(1)], onDue: false, overdue: daily2, escalate: toBoard))
    }

    @Test("the planner resolves milestone → project → defaults for each milestone")
    func plannerUsesResolution() {
        let schedule = oneMilestoneSchedule(
            once("2021-09-30"),
            policy: PolicyOverrides(before: [.workingDays(1)]),
            projectPolicy: PolicyOverrides(onDue: false, overdue: .off),
            defaults: PolicyOverrides(before: [.calendarDays(30)], onDue: true, overdue: .value(daily2),
                                      escalate: .value(toChef)))
        let plan = Plan(schedule)
        #expect(plan.milestones[0].policy
                == ReminderPolicy(before: [.workingDays(1)], onDue: false, overdue: nil, escalate: toChef))
        #expect(keys(plan, from: "2021-01-01", to: "2022-01-01") == [
            "taskforce/apv-handleplan@2021-09-30#before-1bd",
            "taskforce/apv-handleplan@2021-09-30#escalation",
        ])
    }

    // MARK: Lead times and day counts as written in the config

    @Test("lead times parse as Nd or Nbd", arguments: [
        ("14d", LeadTime.calendarDays(14)), ("3d", .calendarDays(3)), ("0d", .calendarDays(0)),
        ("1bd", .workingDays(1)), ("10bd", .workingDays(10)), ("3660d", .calendarDays(3660)), (" 3bd ", .workingDays(3)),
    ])
    func leadTimes(text: String, expected: LeadTime) {
        #expect(LeadTime(text: text) == expected)
    }

    @Test("bad lead times are rejected", arguments: ["d", "bd", "14", "-1d", "3661d", "14 d", "1.5d", "3BD", "2w", "", "1db"])
    func badLeadTimes(text: String) {
        #expect(LeadTime(text: text) == nil)
    }

    @Test("lead times print as written in keys")
    func leadTimeDescription() {
        #expect(LeadTime.calendarDays(14).description == "14d")
        #expect(LeadTime.workingDays(1).description == "1bd")
    }

    @Test("day counts (overdue.every, escalate.after) are Nd with N ≥ 1", arguments: [
        ("7d", 7 as Int?), ("1d", 1), ("0d", nil), ("3bd", nil), ("7", nil), ("3660d", 3660), ("3661d", nil),
    ])
    func dayCounts(text: String, expected: Int?) {
        #expect(DayCount.parse(text) == expected)
    }
}
